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

/** Hashes looked up between two turns given to the rest of the process (each costs 8 index queries). */
const HASHES_PER_TURN = 50;
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The lookup in this process's own `BankPdqIndex`, holding every matchable signal. */
export class LocalBankPdqLookup implements BankPdqLookup {
  constructor(private readonly index: BankPdqIndex) {}

  async near(queries: readonly (readonly string[])[], maxDistance: number): Promise<BankPdqNear> {
    const near: Map<number, number>[] = [];
    let done = 0;
    for (const hashes of queries) {
      const found = new Map<number, number>();
      for (const hash of hashes) {
        if (done > 0 && done % HASHES_PER_TURN === 0) await yieldToOthers();
        this.index.near(hash, maxDistance, found);
        done++;
      }
      near.push(found);
    }
    return { near, missing: [], partitions: 1 };
  }
}
