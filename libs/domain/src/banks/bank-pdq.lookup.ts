import type { BankPdqIndex } from './bank.matcher';

/**
 * What a bank PDQ lookup found: per query, each signal near it (`seq` to its nearest distance). `missing`
 * lists the partitions that did not answer in time (none for an index in this process): then signals may
 * be missing from `near`, and the answer says so.
 */
export interface BankPdqNear {
  near: Map<number, number>[];
  missing: number[];
  partitions: number;
}

/**
 * Where the bank PDQ signals are looked up: this process's own index (one partition, the default), or the
 * partitions held by worker processes, asked through their queues. Each query is a list of hashes whose
 * nearest counts (a picture's hash, or a video's matchable frames), each looked up in its 8 rotations and
 * flips.
 */
export interface BankPdqLookup {
  near(queries: readonly (readonly string[])[], maxDistance: number): Promise<BankPdqNear>;
}

/** Records `seq` at `distance` unless it is already known nearer. */
export function keepNearest(into: Map<number, number>, seq: number, distance: number): void {
  const known = into.get(seq);
  if (known === undefined || distance < known) into.set(seq, distance);
}

/** Adds each of `rows` (`seq` to distance) to `into`, keeping the nearest. */
export function mergeNear(into: Map<number, number>, rows: Map<number, number> | undefined): void {
  if (rows) for (const [seq, distance] of rows) keepNearest(into, seq, distance);
}

/**
 * Hashes looked up in one batch query (each is queried in its 8 rotations and flips, so 1,024 index queries:
 * the size the batch probe is made for); between two batches the rest of the process gets its turn.
 */
const HASHES_PER_BATCH = 128;
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The lookup in this process's own `BankPdqIndex`, holding every matchable signal. */
export class LocalBankPdqLookup implements BankPdqLookup {
  constructor(private readonly index: BankPdqIndex) {}

  async near(queries: readonly (readonly string[])[], maxDistance: number): Promise<BankPdqNear> {
    const hashes = queries.flat();
    const found: Map<number, number>[] = [];
    for (let start = 0; start < hashes.length; start += HASHES_PER_BATCH) {
      if (start > 0) await yieldToOthers();
      found.push(...(await this.index.nearMany(hashes.slice(start, start + HASHES_PER_BATCH), maxDistance)));
    }
    // Back from hashes to queries: a video's frames are one query, each signal at its nearest frame.
    const near: Map<number, number>[] = [];
    let at = 0;
    for (const query of queries) {
      const merged = new Map<number, number>();
      for (const perHash of found.slice(at, at + query.length)) mergeNear(merged, perHash);
      at += query.length;
      near.push(merged);
    }
    return { near, missing: [], partitions: 1 };
  }
}
