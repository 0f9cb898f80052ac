import { PdqIndex, type PdqMatch, type PdqQueryThreads } from '../matching/pdq-index/pdq.index';
import { dihedralVariants } from '../matching/dihedral';
import { keepNearest } from './bank-pdq.near';

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
