import type { BankPdqIndex } from './bank-pdq.index';
import { mergeNear, type BankPdqLookup, type BankPdqNear } from './bank-pdq.near';

/**
 * Hashes looked up in one batch query (each is queried in its 8 rotations and flips, so 1,024 index queries:
 * the size the batch probe is made for); between two batches the rest of the process gets its turn.
 */
const HASHES_PER_BATCH = 128;
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The lookup in this process's own `BankPdqIndex`, holding every matchable signal. */
export class LocalBankPdqLookup implements BankPdqLookup {
  /** `fresh`: brings the index up to the signals committed before the call (none: the index as it is). */
  constructor(
    private readonly index: BankPdqIndex,
    private readonly fresh?: () => Promise<unknown>,
  ) {}

  async near(queries: readonly (readonly string[])[], maxDistance: number): Promise<BankPdqNear> {
    await this.fresh?.();
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
