// The types every bank PDQ lookup shares (the index in this process, the partitions of workers), in a file
// that imports nothing of its own feature: the lookups, the index and the model all depend on it.

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

/** A partition held by this process: which one, of how many. */
export interface BankPartition {
  index: number;
  count: number;
}
