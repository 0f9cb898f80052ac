import type { BankAlgorithm, BankHitEntry } from '@hub/contracts';
import { canonicaliseUrl } from '../items/url.canonical';
import { PDQ_MATCH_DISTANCE, PdqIndex, type PdqQueryThreads } from '../items/pdq.index';
import type { VpdqFrame } from '../items/vpdq.frames';
import type { Actor } from '../model';
import { dihedralVariants } from '../matching/dihedral';
import { matchableFrames } from '../matching/pdq.matcher';
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

  add(seq: number, hex: string): boolean {
    if (this.index.has(seq)) return false;
    this.index.add(seq, hex);
    if (seq > this.newest) this.newest = seq;
    return true;
  }

  /** Signals near a picture's hash in any of its rotations and flips: `seq` to the nearest distance. */
  near(hex: string, maxDistance: number, into = new Map<number, number>()): Map<number, number> {
    for (const { hash } of dihedralVariants(hex)) {
      for (const { id, distance } of this.index.query(hash, maxDistance)) {
        const known = into.get(id);
        if (known === undefined || distance < known) into.set(id, distance);
      }
    }
    return into;
  }

  /** `near` for each hash, with one batch query of the index for all of them and their turns. */
  async nearMany(hexes: readonly string[], maxDistance: number): Promise<Map<number, number>[]> {
    const hashes = hexes.flatMap((hex) => dihedralVariants(hex).map(({ hash }) => hash));
    const found = await this.index.queryManyAsync(hashes, maxDistance, this.threads);
    const turns = hashes.length / Math.max(1, hexes.length);
    return hexes.map((_, h) => {
      const near = new Map<number, number>();
      for (const matches of found.slice(h * turns, (h + 1) * turns)) {
        for (const { id, distance } of matches) {
          const known = near.get(id);
          if (known === undefined || distance < known) near.set(id, distance);
        }
      }
      return near;
    });
  }

  compact(): void {
    this.index.compact();
  }
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

/** Finds the signals of some banks that equal or are near a query. */
export class BankHitFinder {
  constructor(
    private readonly banks: BankRepository,
    private readonly index: BankPdqIndex,
  ) {}

  async hits(
    query: BankQuery,
    banks: readonly BankRecord[],
    maxDistance = PDQ_MATCH_DISTANCE,
  ): Promise<BankHit[]> {
    if (banks.length === 0) return [];
    const byId = new Map(banks.map((b) => [b.id, b]));
    let found: { signal: BankSignalRecord; distance: number }[];
    if (query.algorithm === 'pdq' || query.algorithm === 'vpdq') {
      const near = new Map<number, number>();
      if (query.algorithm === 'pdq') this.index.near(query.hex, maxDistance, near);
      else for (const frame of matchableFrames(query.frames)) this.index.near(frame.hash, maxDistance, near);
      const signals = near.size ? await this.banks.signalsBySeq([...near.keys()]) : [];
      found = signals.map((signal) => ({ signal, distance: near.get(signal.seq)! }));
    } else {
      const value = query.algorithm === 'url' ? canonicalOrSelf(query.value) : query.value.toLowerCase();
      const signals = await this.banks.exactSignals(query.algorithm, value, [...byId.keys()]);
      found = signals.map((signal) => ({ signal, distance: 0 }));
    }
    return nearestInBanks(found, byId);
  }

  /** `hits` of each picture hash, in order: one batch query of the index, one read of the signals found. */
  async hitsMany(
    hexes: readonly string[],
    banks: readonly BankRecord[],
    maxDistance = PDQ_MATCH_DISTANCE,
  ): Promise<BankHit[][]> {
    if (banks.length === 0) return hexes.map(() => []);
    const byId = new Map(banks.map((b) => [b.id, b]));
    const near = await this.index.nearMany(hexes, maxDistance);
    const seqs = new Set(near.flatMap((n) => [...n.keys()]));
    const signals = new Map(
      (seqs.size ? await this.banks.signalsBySeq([...seqs]) : []).map((signal) => [signal.seq, signal]),
    );
    return near.map((n) => {
      const found: { signal: BankSignalRecord; distance: number }[] = [];
      for (const [seq, distance] of n) {
        const signal = signals.get(seq);
        if (signal) found.push({ signal, distance });
      }
      return nearestInBanks(found, byId);
    });
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

  async lookup(actor: Actor, query: BankQuery, maxDistance: number): Promise<BankHitEntry[]> {
    const banks = await this.visibility.visibleBanks(actor);
    return (await this.finder.hits(query, banks, maxDistance)).map(bankHitEntry);
  }

  /** `lookup` of each picture hash, in order, in one batch. */
  async lookupMany(actor: Actor, hexes: readonly string[], maxDistance: number): Promise<BankHitEntry[][]> {
    const banks = await this.visibility.visibleBanks(actor);
    return (await this.finder.hitsMany(hexes, banks, maxDistance)).map((hits) => hits.map(bankHitEntry));
  }
}
