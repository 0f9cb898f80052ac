import type { BankAlgorithm, BankHitEntry } from '@hub/contracts';
import { canonicaliseUrl } from '../items/url.canonical';
import type { VpdqFrame } from '../items/vpdq.frames';
import type { Actor } from '../core/actor';
import { matchableFrames } from '../matching/pdq.matcher';
import type { BankPdqLookup } from './bank-pdq.near';
import { partialBankNote } from './bank-partitions';
import type { BankRecord, BankRepository, BankSignalRecord } from './bank.model';
import type { BankVisibilityUseCase } from './bank-visibility.use-case';

/** At most this many hits are reported for one lookup, nearest first. */
export const MAX_BANK_HITS = 50;

/** What is looked up in the banks: a picture's PDQ hash, a video's frames, or an exact hash or URL. */
export type BankQuery =
  | { algorithm: 'pdq'; hex: string }
  | { algorithm: 'vpdq'; frames: VpdqFrame[] }
  | {
      algorithm: 'url';
      value: string;
      /** The URL's identity (as items are deduplicated by). */ key?: string;
    }
  | { algorithm: Exclude<BankAlgorithm, 'pdq' | 'url'>; value: string };

export interface BankHit {
  bank: BankRecord;
  signal: BankSignalRecord;
  distance: number;
}

/**
 * Hits per query, and the partitions of the bank PDQ index that did not answer in time (if any). `heldBack`:
 * per query, the hits of other banks left out because a negative bank's hit was as near or nearer.
 */
export interface BankFinding {
  hits: BankHit[][];
  heldBack: number[];
  missing: number[];
  partitions: number;
}

/** Finds the signals of some banks that equal or are near a query. */
export class BankHitFinder {
  constructor(
    private readonly banks: BankRepository,
    private readonly pdq: BankPdqLookup,
  ) {}

  async hits(query: BankQuery, banks: readonly BankRecord[], maxDistance?: number): Promise<BankHit[]> {
    return (await this.find([query], banks, maxDistance)).hits[0];
  }

  /**
   * Several queries at once: the PDQ ones in one lookup (one job per partition for up to 1,000 hashes
   * when the index is partitioned), their signals read in one statement. Each bank matches within its own
   * distance (and `maxDistance`, when the caller asks for less).
   */
  async find(
    queries: readonly BankQuery[],
    banks: readonly BankRecord[],
    maxDistance?: number,
  ): Promise<BankFinding> {
    const none = queries.map(() => 0);
    if (banks.length === 0)
      return { hits: queries.map(() => []), heldBack: none, missing: [], partitions: 1 };
    const reachOf = (bank: BankRecord) => Math.min(bank.maxDistance, maxDistance ?? bank.maxDistance);
    const reach = Math.max(...banks.map(reachOf), 0);
    const byId = new Map(banks.map((b) => [b.id, b]));
    const hashes = queries.map((query) =>
      query.algorithm === 'pdq'
        ? [query.hex]
        : query.algorithm === 'vpdq'
          ? matchableFrames(query.frames).map((frame) => frame.hash)
          : [],
    );
    const pdq = hashes.some((h) => h.length > 0)
      ? await this.pdq.near(hashes, reach)
      : { near: [], missing: [], partitions: 1 };
    const seqs = new Set<number>();
    for (const near of pdq.near) for (const seq of near.keys()) seqs.add(seq);
    const bySeq = new Map(
      (seqs.size ? await this.banks.signalsBySeq([...seqs]) : []).map((s) => [s.seq, s] as const),
    );
    const hits: BankHit[][] = [];
    const heldBack: number[] = [];
    for (const [q, query] of queries.entries()) {
      let found: { signal: BankSignalRecord; distance: number }[];
      if (query.algorithm === 'pdq' || query.algorithm === 'vpdq') {
        found = [...(pdq.near[q] ?? [])].flatMap(([seq, distance]) => {
          const signal = bySeq.get(seq);
          return signal ? [{ signal, distance }] : [];
        });
      } else {
        const value = query.algorithm === 'url' ? canonicalOrSelf(query.value) : query.value.toLowerCase();
        const key = query.algorithm === 'url' ? query.key : undefined;
        const signals = await this.banks.exactSignals(query.algorithm, value, [...byId.keys()], key);
        found = signals.map((signal) => ({ signal, distance: 0 }));
      }
      const kept = nearestInBanks(found, byId, reachOf);
      hits.push(kept.hits);
      heldBack.push(kept.heldBack);
    }
    return { hits, heldBack, missing: pdq.missing, partitions: pdq.partitions };
  }
}

/**
 * The matchable signals found in the given banks within each bank's distance, nearest first, at most
 * `MAX_BANK_HITS`. A negative bank's hit (known-benign content) holds back the other banks' hits as near or
 * farther: the picture is the benign one, not a near copy of the banked content.
 */
function nearestInBanks(
  found: { signal: BankSignalRecord; distance: number }[],
  byId: Map<string, BankRecord>,
  reachOf: (bank: BankRecord) => number,
): { hits: BankHit[]; heldBack: number } {
  const within = found
    .flatMap((f) => {
      const bank = byId.get(f.signal.bankId);
      return bank && f.signal.matchable && f.distance <= reachOf(bank) ? [{ ...f, bank }] : [];
    })
    .sort((a, b) => a.distance - b.distance || a.signal.seq - b.signal.seq);
  const benign = within.find((h) => h.bank.negative);
  const kept = benign ? within.filter((h) => h.bank.negative || h.distance < benign.distance) : within;
  return { hits: kept.slice(0, MAX_BANK_HITS), heldBack: within.length - kept.length };
}

function canonicalOrSelf(url: string): string {
  try {
    return canonicaliseUrl(url).canonical;
  } catch {
    return url;
  }
}

export const bankHitEntry = ({ bank, signal, distance }: BankHit): BankHitEntry => ({
  bankId: bank.id,
  bankName: bank.name,
  signalId: signal.id,
  ...(signal.label && { label: signal.label }),
  ...(signal.sourceRef && { sourceRef: signal.sourceRef }),
  distance,
  ...(bank.negative && { negative: true as const }),
});

/** `/hashes/match`'s bank half: hits only in the banks the caller may see. */
export class BankHitsForCaller {
  constructor(
    private readonly finder: BankHitFinder,
    private readonly visibility: BankVisibilityUseCase,
  ) {}

  /** Hits per query; `note` when partitions of the bank index did not answer in time. */
  async lookup(
    actor: Actor,
    queries: readonly BankQuery[],
    maxDistance: number,
  ): Promise<{ hits: BankHitEntry[][]; note?: string }> {
    const banks = await this.visibility.visibleBanks(actor);
    const finding = await this.finder.find(queries, banks, maxDistance);
    return {
      hits: finding.hits.map((hits) => hits.map(bankHitEntry)),
      ...(finding.missing.length > 0 && { note: partialBankNote(finding) }),
    };
  }
}
