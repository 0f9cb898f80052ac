import type { BankAlgorithm, BankHitEntry } from '@hub/contracts';
import { canonicaliseUrl } from '../items/url.canonical';
import {
  PDQ_MATCH_DISTANCE,
  PdqIndex,
  type PdqMatch,
  type PdqQueryThreads,
} from '../matching/pdq-index/pdq.index';
import type { VpdqFrame } from '../items/vpdq.frames';
import type { Actor } from '../core/actor';
import { dihedralVariants } from '../matching/dihedral';
import { matchableFrames } from '../matching/pdq.matcher';
import { keepNearest, type BankPdqLookup } from './bank-pdq.lookup';
import { partialBankNote } from './bank-partitions';
import type { BankRecord, BankRepository, BankSignalRecord } from './bank.model';
import type { BankVisibilityUseCase } from './banks.use-cases';

/** At most this many hits are reported for one lookup, nearest first. */
export const MAX_BANK_HITS = 50;

/**
 * The matchable PDQ signals of every bank, in memory, keyed by their `seq`. Holds hashes only: which bank a
 * signal is in, whether it was removed since, and who may see it are read from the database for the few
 * signals a query finds.
 */
export class BankPdqIndex {
  private readonly index = new PdqIndex<number>();
  private newest = 0;

  /** `threads`: where `nearMany` runs the probes of large batches (a pool); this thread otherwise. */
  constructor(private readonly threads?: PdqQueryThreads) {}

  get size(): number {
    return this.index.size;
  }

  /** The highest `seq` indexed so far. */
  get newestSeq(): number {
    return this.newest;
  }

  has(seq: number): boolean {
    return this.index.has(seq);
  }

  add(seq: number, hex: string): boolean {
    if (this.index.has(seq)) return false;
    this.index.add(seq, hex);
    if (seq > this.newest) this.newest = seq;
    return true;
  }

  /**
   * Signals near a picture's hash in any of its rotations and flips (`variants: false`: as it is only):
   * `seq` to the nearest distance, added to `into`.
   */
  near(
    hex: string,
    maxDistance: number,
    into = new Map<number, number>(),
    variants = true,
  ): Map<number, number> {
    for (const hash of turnsOf(hex, variants)) {
      for (const { id, distance } of this.index.query(hash, maxDistance)) keepNearest(into, id, distance);
    }
    return into;
  }

  /** `near` for each hash, in one batch query of the index for all of them and their turns (on the threads). */
  async nearMany(hexes: readonly string[], maxDistance: number): Promise<Map<number, number>[]> {
    const hashes = hexes.flatMap((hex) => turnsOf(hex, true));
    return nearestPerHash(await this.index.queryManyAsync(hashes, maxDistance, this.threads), hexes.length);
  }

  /** `nearMany` on this thread: a partition worker's job, where this thread has nothing else to do. */
  nearEach(hexes: readonly string[], maxDistance: number, variants = true): Map<number, number>[] {
    const hashes = hexes.flatMap((hex) => turnsOf(hex, variants));
    return nearestPerHash(this.index.queryMany(hashes, maxDistance), hexes.length);
  }

  compact(): void {
    this.index.compact();
  }
}

const turnsOf = (hex: string, variants: boolean): string[] =>
  variants ? dihedralVariants(hex).map((v) => v.hash) : [hex];

/** The answers of `hashes` consecutive queries per hash, as `seq` to the nearest distance of each hash. */
function nearestPerHash(found: readonly PdqMatch<number>[][], hashes: number): Map<number, number>[] {
  const turns = found.length / Math.max(1, hashes);
  return Array.from({ length: hashes }, (_, h) => {
    const near = new Map<number, number>();
    for (const matches of found.slice(h * turns, (h + 1) * turns)) {
      for (const { id, distance } of matches) keepNearest(near, id, distance);
    }
    return near;
  });
}

/** What is looked up in the banks: a picture's PDQ hash, a video's frames, or an exact hash or URL. */
export type BankQuery =
  | { algorithm: 'pdq'; hex: string }
  | { algorithm: 'vpdq'; frames: VpdqFrame[] }
  | { algorithm: Exclude<BankAlgorithm, 'pdq'>; value: string };

export interface BankHit {
  bank: BankRecord;
  signal: BankSignalRecord;
  distance: number;
}

/** Hits per query, and the partitions of the bank PDQ index that did not answer in time (if any). */
export interface BankFinding {
  hits: BankHit[][];
  missing: number[];
  partitions: number;
}

/** Finds the signals of some banks that equal or are near a query. */
export class BankHitFinder {
  constructor(
    private readonly banks: BankRepository,
    private readonly pdq: BankPdqLookup,
  ) {}

  async hits(
    query: BankQuery,
    banks: readonly BankRecord[],
    maxDistance = PDQ_MATCH_DISTANCE,
  ): Promise<BankHit[]> {
    return (await this.find([query], banks, maxDistance)).hits[0];
  }

  /**
   * Several queries at once: the PDQ ones in one lookup (one job per partition for up to 1,000 hashes
   * when the index is partitioned), their signals read in one statement.
   */
  async find(
    queries: readonly BankQuery[],
    banks: readonly BankRecord[],
    maxDistance = PDQ_MATCH_DISTANCE,
  ): Promise<BankFinding> {
    if (banks.length === 0) return { hits: queries.map(() => []), missing: [], partitions: 1 };
    const byId = new Map(banks.map((b) => [b.id, b]));
    const hashes = queries.map((query) =>
      query.algorithm === 'pdq'
        ? [query.hex]
        : query.algorithm === 'vpdq'
          ? matchableFrames(query.frames).map((frame) => frame.hash)
          : [],
    );
    const pdq = hashes.some((h) => h.length > 0)
      ? await this.pdq.near(hashes, maxDistance)
      : { near: [], missing: [], partitions: 1 };
    const seqs = new Set<number>();
    for (const near of pdq.near) for (const seq of near.keys()) seqs.add(seq);
    const bySeq = new Map(
      (seqs.size ? await this.banks.signalsBySeq([...seqs]) : []).map((s) => [s.seq, s] as const),
    );
    const hits: BankHit[][] = [];
    for (const [q, query] of queries.entries()) {
      let found: { signal: BankSignalRecord; distance: number }[];
      if (query.algorithm === 'pdq' || query.algorithm === 'vpdq') {
        found = [...(pdq.near[q] ?? [])].flatMap(([seq, distance]) => {
          const signal = bySeq.get(seq);
          return signal ? [{ signal, distance }] : [];
        });
      } else {
        const value = query.algorithm === 'url' ? canonicalOrSelf(query.value) : query.value.toLowerCase();
        const signals = await this.banks.exactSignals(query.algorithm, value, [...byId.keys()]);
        found = signals.map((signal) => ({ signal, distance: 0 }));
      }
      hits.push(nearestInBanks(found, byId));
    }
    return { hits, missing: pdq.missing, partitions: pdq.partitions };
  }
}

/** The matchable signals found in the given banks, nearest first, at most `MAX_BANK_HITS`. */
function nearestInBanks(
  found: { signal: BankSignalRecord; distance: number }[],
  byId: Map<string, BankRecord>,
): BankHit[] {
  return found
    .filter((f) => byId.has(f.signal.bankId) && f.signal.matchable)
    .sort((a, b) => a.distance - b.distance || a.signal.seq - b.signal.seq)
    .slice(0, MAX_BANK_HITS)
    .map((f) => ({ ...f, bank: byId.get(f.signal.bankId)! }));
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
