import type { BankPartitionJob, BankPartitionResult } from '@hub/contracts';
import type { BankPdqIndex } from './bank-pdq.index';
import { keepNearest, mergeNear, type BankPdqLookup, type BankPdqNear } from './bank-pdq.near';

/** Partitions are cut by the first bits of the hash: up to 8 bits, read from its first byte. */
export const MAX_BANK_PARTITIONS = 256;
/** One partition job carries at most this many hashes (a `/hashes/match` batch fits in one). */
export const HASHES_PER_PARTITION_JOB = 1_000;
/**
 * A partition answers at most this many signals per hash, nearest first: more only happens for hashes of
 * near-uniform pictures, and keeps one job's answer bounded. The final answer keeps 50 hits anyway.
 */
export const ROWS_PER_HASH = 1_000;

export const isBankPartitionCount = (partitions: number): boolean =>
  Number.isInteger(partitions) &&
  partitions >= 1 &&
  partitions <= MAX_BANK_PARTITIONS &&
  (partitions & (partitions - 1)) === 0;

/** log2 of the partition count: how many leading bits of a hash name its partition. */
export function partitionBits(partitions: number): number {
  if (!isBankPartitionCount(partitions)) {
    throw new RangeError(`partitions must be a power of two from 1 to ${MAX_BANK_PARTITIONS}`);
  }
  return Math.log2(partitions);
}

/**
 * The partition holding a PDQ hash: its first log2(partitions) bits. PDQ bits are balanced, so the
 * partitions hold about as many signals each. The SQL of `matchablePdqSignals` cuts the same way.
 */
export function bankPartitionOf(hex: string, partitions: number): number {
  const bits = partitionBits(partitions);
  return bits === 0 ? 0 : parseInt(hex.slice(0, 2), 16) >> (8 - bits);
}

/**
 * Asks every partition for one request's hashes. Answers per partition, in partition order: its result,
 * or null where it did not answer by the deadline (or failed); never rejects.
 */
export interface BankPartitionTransport {
  readonly partitions: number;
  readonly timeoutMs: number;
  fanOut(job: BankPartitionJob): Promise<(BankPartitionResult | null)[]>;
}

/**
 * The bank PDQ lookup over partitions held by worker processes: near hashes do not share a prefix, so every
 * partition is asked for every hash (one job per partition for up to 1,000 hashes), and the answers are
 * merged by distance. A partition that does not answer in time is listed in `missing`.
 */
export class PartitionedBankPdqLookup implements BankPdqLookup {
  constructor(
    private readonly transport: BankPartitionTransport,
    private readonly now: () => number = Date.now,
  ) {}

  async near(queries: readonly (readonly string[])[], maxDistance: number): Promise<BankPdqNear> {
    const owner: number[] = [];
    const hashes: string[] = [];
    queries.forEach((query, q) => {
      for (const hash of query) {
        owner.push(q);
        hashes.push(hash);
      }
    });
    const deadline = this.now() + this.transport.timeoutMs;
    const chunks: { from: number; answers: Promise<(BankPartitionResult | null)[]> }[] = [];
    for (let from = 0; from < hashes.length; from += HASHES_PER_PARTITION_JOB) {
      const job = {
        hashes: hashes.slice(from, from + HASHES_PER_PARTITION_JOB),
        variants: true,
        maxDistance,
        deadline,
      };
      chunks.push({ from, answers: this.transport.fanOut(job) });
    }
    const near = queries.map(() => new Map<number, number>());
    const missing = new Set<number>();
    for (const { from, answers } of chunks) {
      const perHash = mergePartitionAnswers(await answers, missing);
      perHash.forEach((rows, i) => mergeNear(near[owner[from + i]], rows));
    }
    return { near, missing: [...missing].sort((a, b) => a - b), partitions: this.transport.partitions };
  }
}

/**
 * One request's partition answers merged: per hash, `seq` to its nearest distance over every partition
 * that answered; the partitions that did not are added to `missing`.
 */
export function mergePartitionAnswers(
  answers: readonly (BankPartitionResult | null)[],
  missing: Set<number>,
): Map<number, number>[] {
  const merged: Map<number, number>[] = [];
  answers.forEach((answer, partition) => {
    if (!answer) {
      missing.add(partition);
      return;
    }
    answer.found.forEach((rows, i) => {
      merged[i] ??= new Map();
      for (let r = 0; r + 1 < rows.length; r += 2) keepNearest(merged[i], rows[r], rows[r + 1]);
    });
  });
  return merged;
}

/** The worker's side: a partition job answered from the partition's own index, in one batch query. */
export function answerPartitionJob(
  index: BankPdqIndex,
  partition: number,
  job: BankPartitionJob,
): BankPartitionResult {
  const found = index.nearEach(job.hashes, job.maxDistance, job.variants).map((near) => {
    const rows = [...near].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, ROWS_PER_HASH);
    return rows.flat();
  });
  return { partition, size: index.size, found };
}

/** What `/hashes/match` says of an answer some partitions were missing from. */
export function partialBankNote({
  missing,
  partitions,
}: Pick<BankPdqNear, 'missing' | 'partitions'>): string {
  return (
    `bank partitions ${missing.join(', ')} of ${partitions} did not answer in time: ` +
    'bank hits from them may be missing'
  );
}
