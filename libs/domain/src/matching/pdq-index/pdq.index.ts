// Over 450 lines: the index class and its snapshot functions share private state and read as one unit.
import { invalid } from '../../core/errors';
import { IntRowIds, MapRowIds, type RowIds } from './pdq.row-ids';
import {
  buildTables,
  distanceAt,
  MAX_INDEXED_DISTANCE,
  parseInto,
  popcount32,
  SEGMENT_BITS,
  SEGMENT_START,
  SEGMENTS,
  segmentKey,
  sharedUint32,
  WORDS,
  type Tables,
} from './pdq.segments';
import { BATCH_QUERIES, probeTablesBatch } from './pdq.batch';

/** Two PDQ hashes within this Hamming distance show the same picture (the PDQ paper's threshold). */
export const PDQ_MATCH_DISTANCE = 31;
export const PDQ_BITS = 256;

export interface PdqMatch<TId> {
  id: TId;
  distance: number;
}

export interface PdqEntry<TId> {
  id: TId;
  hex: string;
}

export interface PdqIndexOptions {
  /** Rows to reserve up front; storage grows by half past it. */
  initialCapacity?: number;
  /**
   * Rows added since the tables were last built are scanned linearly; past this many (default: the larger
   * of 1,024 and 1/64 of the indexed rows) the next query builds tables for the rows added since the last
   * compaction, or compacts everything once those pass a quarter of the rest.
   */
  maxPending?: number;
  /**
   * Bits of each segment that pick its bucket (at most 20); by default about log2(rows) - 3, so a bucket
   * holds about eight rows. For tuning and tests.
   */
  bucketBits?: number;
}

const notAPdqHash = () => invalid('hash.value', 'a pdq hash must be exactly 64 hexadecimal digits');

function pdqWords(hex: string): Uint32Array {
  const words = new Uint32Array(WORDS);
  if (!parseInto(hex, words, 0)) throw notAPdqHash();
  return words;
}

export function hammingDistanceHex(a: string, b: string): number {
  return distanceAt(pdqWords(a), 0, pdqWords(b), PDQ_BITS);
}

const checkMaxDistance = (maxDistance: number): void => {
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > PDQ_BITS) {
    throw invalid('maxDistance', `must be an integer from 0 to ${PDQ_BITS}`);
  }
};

/** Distance-then-row order without allocating a comparator's objects: distance in the high bits. */
const sortKey = (distance: number, row: number): number => distance * 0x1_0000_0000 + row;

/** The reference answer: every entry compared to the query. Slow on purpose; the index must agree. */
export function bruteForceQuery<TId>(
  entries: Iterable<PdqEntry<TId>>,
  hex: string,
  maxDistance: number = PDQ_MATCH_DISTANCE,
): PdqMatch<TId>[] {
  checkMaxDistance(maxDistance);
  const q = pdqWords(hex);
  const entryWords = new Uint32Array(WORDS);
  const matches: PdqMatch<TId>[] = [];
  for (const entry of entries) {
    if (!parseInto(entry.hex, entryWords, 0)) {
      throw notAPdqHash();
    }
    const distance = distanceAt(entryWords, 0, q, PDQ_BITS);
    if (distance <= maxDistance) matches.push({ id: entry.id, distance });
  }
  return matches.sort((a, b) => a.distance - b.distance);
}

// Scratch space of `probeTables` (synchronous, so one set serves every index of the thread).
let bucketStart = new Uint32Array(256);
let bucketEnd = new Uint32Array(256);
let bucketBudget = new Uint8Array(256);
let candidates = new Uint32Array(4096);
/** Where the prefetching passes leave what they read, so that the reads are not optimised away. */
let _sink = 0;

const grown = <T extends Uint32Array | Uint8Array>(array: T): T => {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
};

/**
 * Rows of `tables` within `maxDistance` (<= 31) of `q`, pushed to `found` as sort keys; a row may come
 * twice (through two segments). Removed rows are not filtered here.
 *
 * Nearly every read lands on a random cache line (a bucket's offsets, its entries, a candidate's row),
 * so the work goes in passes whose reads do not depend on each other: all bucket bounds of a segment,
 * then their entries, then, for all segments at once, the candidates' rows. The processor then has many
 * of those misses in flight at once instead of one.
 */
function probeTables(
  tables: Tables,
  words: Uint32Array,
  q: Uint32Array,
  maxDistance: number,
  found: number[],
): void {
  // Pigeonhole with a radius per segment: if segment s differed in more than radius(s) bits for every s,
  // the hashes would differ in at least sum(radius(s) + 1) bits; radii whose sum(radius + 1) exceeds
  // maxDistance therefore miss nothing. All floor(d / 11) but for `spare` segments one less (-1: not
  // probed at all), the 24-bit ones first: at d = 31 one segment is probed within 1 bit, at d = 0 one only.
  const base = Math.floor(maxDistance / SEGMENTS);
  const spare = SEGMENTS * (base + 1) - (maxDistance + 1);
  const { rowBits } = tables;
  const rowMask = (1 << rowBits) - 1;
  let count = 0;
  for (let s = 0; s < SEGMENTS; s++) {
    const radius = s < spare ? base - 1 : base;
    if (radius < 0) continue;
    const { bucketBits, lowBits, offsets, entries } = tables.segments[s];
    const key = segmentKey(q, 0, SEGMENT_START[s], SEGMENT_BITS[s]);
    const bucket = key >>> lowBits;
    const low = key & ((1 << lowBits) - 1);
    // The buckets within `radius` bits of the query's, each with what is left of the radius for the low bits.
    const buckets =
      radius === 0 ? 1 : radius === 1 ? 1 + bucketBits : 1 + bucketBits + (bucketBits * (bucketBits - 1)) / 2;
    while (bucketStart.length < buckets) {
      bucketStart = grown(bucketStart);
      bucketEnd = grown(bucketEnd);
      bucketBudget = grown(bucketBudget);
    }
    let n = 0;
    const take = (b: number, budget: number): void => {
      bucketStart[n] = offsets[b];
      bucketEnd[n] = offsets[b + 1];
      bucketBudget[n++] = budget;
    };
    take(bucket, radius);
    if (radius >= 1) {
      for (let i = 0; i < bucketBits; i++) {
        const one = bucket ^ (1 << i);
        take(one, radius - 1);
        if (radius >= 2) for (let j = 0; j < i; j++) take(one ^ (1 << j), radius - 2);
      }
    }
    // Touch each run first: a loop this small keeps dozens of misses in flight.
    let touched = 0;
    for (let k = 0; k < n; k++) touched ^= entries[bucketStart[k]];
    _sink = touched;
    // With few low bits (ten million rows: 3 or 4), the low values within each budget of the query's
    // are bits of one word: bit v of within[b] is set when v is within b bits of `low`.
    const masked = lowBits <= 5;
    const within = [0, 0, 0];
    if (masked) {
      for (let v = 0; v < 1 << lowBits; v++) {
        const d = popcount32(v ^ low);
        for (let b = d; b < 3; b++) within[b] |= 1 << v;
      }
    }
    for (let k = 0; k < n; k++) {
      const budget = bucketBudget[k];
      const start = bucketStart[k];
      const end = bucketEnd[k];
      if (count + (end - start) > candidates.length) {
        while (count + (end - start) > candidates.length) candidates = grown(candidates);
      }
      if (budget >= lowBits) {
        for (let i = start; i < end; i++) candidates[count++] = entries[i] & rowMask;
      } else if (masked) {
        const mask = within[budget];
        for (let i = start; i < end; i++) {
          const entry = entries[i];
          if (((mask >>> (entry >>> rowBits)) & 1) !== 0) candidates[count++] = entry & rowMask;
        }
      } else {
        for (let i = start; i < end; i++) {
          const entry = entries[i];
          if (popcount32((entry >>> rowBits) ^ low) <= budget) candidates[count++] = entry & rowMask;
        }
      }
    }
  }
  let touched = 0;
  for (let k = 0; k < count; k++) touched ^= words[candidates[k] * WORDS];
  _sink ^= touched;
  const [q0, q1, q2, q3, q4, q5, q6, q7] = q;
  for (let k = 0; k < count; k++) {
    const row = candidates[k];
    const b = row * WORDS;
    // Four words of a random row differ by ~64 bits, so one branch almost always settles it.
    let d =
      popcount32(words[b] ^ q0) +
      popcount32(words[b + 1] ^ q1) +
      popcount32(words[b + 2] ^ q2) +
      popcount32(words[b + 3] ^ q3);
    if (d > maxDistance) continue;
    d +=
      popcount32(words[b + 4] ^ q4) +
      popcount32(words[b + 5] ^ q5) +
      popcount32(words[b + 6] ^ q6) +
      popcount32(words[b + 7] ^ q7);
    if (d <= maxDistance) found.push(sortKey(d, row));
  }
}

/** What a worker thread needs to query an index: see `PdqIndex.snapshot`. */
export interface PdqIndexSnapshot {
  generation: number;
  words: Uint32Array;
  tables: Tables;
  /** The tables of the rows added since the last compaction, if any: rows [tables.rows, delta.rows). */
  delta?: Tables | null;
}

/** Queries batches in other threads: `PdqIndex.queryManyAsync` hands them a snapshot (a pool of threads). */
export interface PdqQueryThreads {
  /** `queryPdqSnapshot(snapshot, hexes, maxDistance)`, answered by another thread. */
  query(snapshot: PdqIndexSnapshot, hexes: readonly string[], maxDistance: number): Promise<number[][]>;
}

/** Batches smaller than this stay on the calling thread: the hand-over would cost more than it saves. */
export const MIN_THREADED_QUERIES = 32;

/** Below this many queries the batch probe's sorting buys nothing: each is probed alone. */
const MIN_BATCH = 16;

/** How a batch is probed: `batch` (the default) visits the tables in memory order across the queries. */
export type PdqProbe = 'batch' | 'single';

/**
 * The rows of `tables` near each of the `count` queries packed in `qs`, as `probeTables` finds them,
 * pushed to `found[i]`.
 */
function probeMany(
  tables: Tables,
  words: Uint32Array,
  qs: Uint32Array,
  count: number,
  maxDistance: number,
  found: number[][],
  probe: PdqProbe,
): void {
  if (probe === 'single' || count < MIN_BATCH) {
    for (let i = 0; i < count; i++)
      probeTables(tables, words, qs.subarray(i * WORDS, (i + 1) * WORDS), maxDistance, found[i]);
    return;
  }
  for (let from = 0; from < count; from += BATCH_QUERIES) {
    probeTablesBatch(tables, words, qs, from, Math.min(count, from + BATCH_QUERIES), maxDistance, found);
  }
}

/** Every hash of the batch parsed into one array; one bad hash fails the batch, naming its place. */
function parseBatch(hexes: readonly string[]): Uint32Array {
  const all = new Uint32Array(hexes.length * WORDS);
  hexes.forEach((hex, i) => {
    if (!parseInto(hex, all, i * WORDS)) {
      throw invalid(`values[${i}]`, 'a pdq hash must be exactly 64 hexadecimal digits');
    }
  });
  return all;
}

/**
 * Each query's rows within `maxDistance` (<= 31) in the snapshot, as `PdqIndex.resolve` takes them: runs
 * in any thread that holds the snapshot. One bad hash fails the batch, naming its place.
 */
export function queryPdqSnapshot(
  snapshot: PdqIndexSnapshot,
  hexes: readonly string[],
  maxDistance: number = PDQ_MATCH_DISTANCE,
  probe: PdqProbe = 'batch',
): number[][] {
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_INDEXED_DISTANCE) {
    throw invalid('maxDistance', `must be an integer from 0 to ${MAX_INDEXED_DISTANCE}`);
  }
  const qs = parseBatch(hexes);
  const found = hexes.map((): number[] => []);
  for (const tables of [snapshot.tables, snapshot.delta]) {
    if (tables && tables.rows > tables.from)
      probeMany(tables, snapshot.words, qs, hexes.length, maxDistance, found, probe);
  }
  return found;
}

/**
 * In-memory multi-index hashing over PDQ hashes (Norouzi et al.): each 256-bit hash is cut into 11
 * segments of 23 or 24 bits, each with a table from the segment's value to rows. If two hashes are within
 * distance 31, some segment differs in at most 2 bits, so probing every segment's value and its neighbours
 * within 2 bits finds every hash within 31, each candidate then being checked by its full distance. Recall
 * is exact; beyond 31 the index scans linearly.
 *
 * Memory: hashes packed in one Uint32Array (32 bytes a row), 11 entries of 4 bytes a row in the segment
 * tables (offsets: 4 MB a segment at most), ids in typed arrays when they are integers: about 90 bytes a
 * row. Rows added after the last compaction get tables of their own once there are enough of them (a
 * short tail is scanned linearly); removed rows are tombstoned and dropped at the next compaction. Used
 * from one thread; other threads query its snapshots (`snapshot`, `queryPdqSnapshot`, `resolve`).
 */
export class PdqIndex<TId> {
  private words: Uint32Array;
  private ids: RowIds<TId>;
  private alive: Uint8Array;
  private rowCount = 0;
  private deadCount = 0;

  /**
   * The segment tables over rows [0, tables.rows), and over the rows added since, [tables.rows,
   * delta.rows): new rows get tables of their own, rebuilt as they come, without rebuilding the large
   * ones. Rows past both are pending, scanned linearly.
   */
  private tables: Tables | null = null;
  private delta: Tables | null = null;

  private readonly query32 = new Uint32Array(WORDS);
  /** Counts the renumberings of rows: a snapshot's rows mean this index's rows while it is the same. */
  private generation = 0;
  private readonly maxPending: number | undefined;
  private readonly bucketBits: number | undefined;

  constructor(options: PdqIndexOptions = {}) {
    const capacity = Math.max(16, Math.floor(options.initialCapacity ?? 1024));
    this.words = sharedUint32(capacity * WORDS);
    this.alive = new Uint8Array(capacity);
    this.maxPending = options.maxPending;
    this.bucketBits = options.bucketBits;
    // Integer ids until the first other one; then they move to a Map.
    this.ids = new IntRowIds(capacity) as unknown as RowIds<TId>;
  }

  get size(): number {
    return this.ids.size;
  }

  private get indexedRows(): number {
    return this.delta?.rows ?? this.tables?.rows ?? 0;
  }

  has(id: TId): boolean {
    return this.ids.rowOf(id) !== undefined;
  }

  /** Adds a hash; an id already present has its hash replaced. */
  add(id: TId, hex: string): void {
    if (this.rowCount === this.alive.length) this.grow(Math.ceil(this.rowCount * 1.5));
    const row = this.rowCount;
    if (!parseInto(hex, this.words, row * WORDS)) {
      throw notAPdqHash();
    }
    if (!this.ids.accepts(id)) this.ids = toMapRowIds(this.ids);
    this.remove(id);
    this.ids.set(id, row);
    this.alive[row] = 1;
    this.rowCount = row + 1;
  }

  /**
   * Adds every row of `rows` (an array, a generator, a database cursor's pages) and builds the tables:
   * an index ready to query. Rows come one by one or in arrays (pages); the event loop is let go between
   * pages of an async source.
   */
  async addAll(rows: Iterable<PdqRowsItem<TId>> | AsyncIterable<PdqRowsItem<TId>>): Promise<number> {
    let added = 0;
    for await (const item of rows) {
      if (Array.isArray(item)) {
        for (const entry of item as PdqEntry<TId>[]) this.add(entry.id, entry.hex);
        added += (item as PdqEntry<TId>[]).length;
      } else {
        const entry = item as PdqEntry<TId>;
        this.add(entry.id, entry.hex);
        added++;
      }
    }
    this.compact();
    return added;
  }

  /** Removes the id's hash; false when the id was not indexed. */
  remove(id: TId): boolean {
    const row = this.ids.delete(id);
    if (row === undefined) return false;
    this.alive[row] = 0;
    this.deadCount++;
    return true;
  }

  /** Hashes within `maxDistance` of the query, nearest first (ties in insertion order). */
  query(hex: string, maxDistance: number = PDQ_MATCH_DISTANCE): PdqMatch<TId>[] {
    checkMaxDistance(maxDistance);
    const q = this.query32;
    if (!parseInto(hex, q, 0)) throw notAPdqHash();
    return this.queryWords(q, maxDistance);
  }

  /**
   * Each query's answer, as `query` gives it, in the queries' order. Every hash is checked before any is
   * looked up: one bad hash fails the batch, naming its place (`values[3]`).
   */
  queryMany(
    hexes: readonly string[],
    maxDistance: number = PDQ_MATCH_DISTANCE,
    probe: PdqProbe = 'batch',
  ): PdqMatch<TId>[][] {
    checkMaxDistance(maxDistance);
    const qs = parseBatch(hexes);
    const found = hexes.map((): number[] => []);
    const query = (i: number) => qs.subarray(i * WORDS, (i + 1) * WORDS);
    if (maxDistance > MAX_INDEXED_DISTANCE) {
      return found.map((rows, i) => this.collect(this.scanRows(query(i), maxDistance, 0, rows)));
    }
    this.catchUp();
    for (const tables of [this.tables, this.delta]) {
      if (tables && tables.rows > tables.from)
        probeMany(tables, this.words, qs, hexes.length, maxDistance, found, probe);
    }
    return found.map((rows, i) => this.collect(this.scanRows(query(i), maxDistance, this.indexedRows, rows)));
  }

  /** Linear scan over the same packed storage: the fallback beyond 31, and the benchmark's baseline. */
  scan(hex: string, maxDistance: number = PDQ_MATCH_DISTANCE): PdqMatch<TId>[] {
    checkMaxDistance(maxDistance);
    const q = this.query32;
    if (!parseInto(hex, q, 0)) throw notAPdqHash();
    return this.collect(this.scanRows(q, maxDistance, 0, []));
  }

  /** Drops removed rows and rebuilds the segment tables over every row; queries call it when needed. */
  compact(): void {
    if (this.deadCount > 0) this.squeeze();
    // The old tables go first: at ten million rows they weigh 440 MB.
    this.tables = null;
    this.delta = null;
    this.tables = buildTables(this.words, 0, this.rowCount, this.bucketBits);
  }

  /**
   * The indexed rows and their tables as typed arrays on shared memory, for `queryPdqSnapshot` in another
   * thread (`postMessage` shares them, it does not copy). Builds the tables a query would build first.
   * Nothing in a snapshot ever changes: rows added later, and later tables, go to new arrays.
   */
  snapshot(): PdqIndexSnapshot {
    this.catchUp();
    if (!this.tables) this.compact();
    return { generation: this.generation, words: this.words, tables: this.tables!, delta: this.delta };
  }

  /**
   * The answer to `hex` from what `queryPdqSnapshot` found in `snapshot`: its rows named, removed ones
   * dropped, the rows added since scanned here. Answers `query(hex)` itself if rows were renumbered since.
   */
  resolve(
    snapshot: PdqIndexSnapshot,
    hex: string,
    found: readonly number[],
    maxDistance: number = PDQ_MATCH_DISTANCE,
  ): PdqMatch<TId>[] {
    if (snapshot.generation !== this.generation || maxDistance > MAX_INDEXED_DISTANCE) {
      return this.query(hex, maxDistance);
    }
    checkMaxDistance(maxDistance);
    const q = this.query32;
    if (!parseInto(hex, q, 0)) throw notAPdqHash();
    const covered = snapshot.delta?.rows ?? snapshot.tables.rows;
    return this.collect(this.scanRows(q, maxDistance, covered, [...found]));
  }

  /**
   * `queryMany`, its probes run by `threads` (other threads, on a snapshot) when the batch is large
   * enough; the rows found are named here. Bad hashes fail the batch before any thread is asked; if the
   * threads fail, the batch is answered on this thread. The answers equal `queryMany`'s.
   */
  async queryManyAsync(
    hexes: readonly string[],
    maxDistance: number = PDQ_MATCH_DISTANCE,
    threads?: PdqQueryThreads,
  ): Promise<PdqMatch<TId>[][]> {
    checkMaxDistance(maxDistance);
    parseBatch(hexes);
    if (!threads || hexes.length < MIN_THREADED_QUERIES || maxDistance > MAX_INDEXED_DISTANCE) {
      return this.queryMany(hexes, maxDistance);
    }
    const snapshot = this.snapshot();
    let found: number[][];
    try {
      found = await threads.query(snapshot, hexes, maxDistance);
    } catch {
      return this.queryMany(hexes, maxDistance);
    }
    return hexes.map((hex, i) => this.resolve(snapshot, hex, found[i], maxDistance));
  }

  private queryWords(q: Uint32Array, maxDistance: number): PdqMatch<TId>[] {
    if (maxDistance > MAX_INDEXED_DISTANCE) return this.collect(this.scanRows(q, maxDistance, 0, []));
    this.catchUp();
    const found: number[] = [];
    for (const tables of [this.tables, this.delta]) {
      if (tables && tables.rows > tables.from) probeTables(tables, this.words, q, maxDistance, found);
    }
    return this.collect(this.scanRows(q, maxDistance, this.indexedRows, found));
  }

  /**
   * Past `maxPending` rows scanned linearly, the rows added since the last compaction get tables of their
   * own; once they pass a quarter of the rest (or removed rows a quarter of all), everything is rebuilt.
   */
  private catchUp(): void {
    if (this.deadCount > Math.max(1024, this.rowCount >> 2)) return this.compact();
    const main = this.tables?.rows ?? 0;
    const limit = this.maxPending ?? Math.max(1024, main >> 6);
    if (this.rowCount - this.indexedRows <= limit) return;
    if (!this.tables || this.rowCount - main > Math.max(limit, main >> 2)) return this.compact();
    this.delta = null;
    this.delta = buildTables(this.words, main, this.rowCount, this.bucketBits);
  }

  private scanRows(q: Uint32Array, maxDistance: number, from: number, found: number[]): number[] {
    const { words } = this;
    for (let row = from, end = this.rowCount; row < end; row++) {
      const d = distanceAt(words, row * WORDS, q, maxDistance);
      if (d <= maxDistance) found.push(sortKey(d, row));
    }
    return found;
  }

  /** Sorts by distance then row, dropping removed rows and rows found through more than one segment. */
  private collect(found: number[]): PdqMatch<TId>[] {
    found.sort((a, b) => a - b);
    const matches: PdqMatch<TId>[] = [];
    for (let i = 0; i < found.length; i++) {
      const key = found[i];
      if (i > 0 && key === found[i - 1]) continue;
      const row = key % 0x1_0000_0000;
      if (this.alive[row] === 0) continue;
      matches.push({ id: this.ids.idAt(row) as TId, distance: (key - row) / 0x1_0000_0000 });
    }
    return matches;
  }

  private grow(capacity: number): void {
    const words = sharedUint32(capacity * WORDS);
    words.set(this.words.subarray(0, this.rowCount * WORDS));
    this.words = words;
    const alive = new Uint8Array(capacity);
    alive.set(this.alive.subarray(0, this.rowCount));
    this.alive = alive;
    this.ids.reserve(capacity);
  }

  /**
   * Moves live rows down over removed ones, keeping their order, and renumbers them. The rows go to new
   * arrays: a snapshot handed out before keeps its own.
   */
  private squeeze(): void {
    const { words, alive, ids } = this;
    const kept = sharedUint32(words.length);
    let to = 0;
    for (let row = 0; row < this.rowCount; row++) {
      if (alive[row] === 0) continue;
      kept.set(words.subarray(row * WORDS, (row + 1) * WORDS), to * WORDS);
      if (to !== row) ids.move(row, to);
      to++;
    }
    this.words = kept;
    this.alive = new Uint8Array(alive.length).fill(1, 0, to);
    ids.truncate(to);
    this.rowCount = to;
    this.deadCount = 0;
    this.tables = null;
    this.delta = null;
    this.generation++;
  }
}

/** What `addAll` takes: rows one by one, or pages of rows. */
export type PdqRowsItem<TId> = PdqEntry<TId> | readonly PdqEntry<TId>[];

function toMapRowIds<TId>(from: RowIds<TId>): RowIds<TId> {
  const to = new MapRowIds<TId>();
  if (from instanceof IntRowIds) {
    for (const [id, row] of from.entries()) to.set(id as TId, row);
  }
  return to;
}
