import { invalid } from '../errors';
import { IntRowIds, MapRowIds, type RowIds } from './pdq.row-ids';

/** Two PDQ hashes within this Hamming distance show the same picture (the PDQ paper's threshold). */
export const PDQ_MATCH_DISTANCE = 31;
export const PDQ_BITS = 256;

const WORDS = 8; // 256 bits as eight 32-bit words, word 0 holding the first eight hex digits
/**
 * Multi-index hashing over 11 segments: 3 of 24 bits and 8 of 23. Two hashes within distance d differ in
 * at most floor(d / 11) bits of some segment (otherwise they would differ in 11 * (floor(d / 11) + 1) > d
 * bits), so probing each segment's value and its neighbours within that radius finds all of them; at
 * d <= 31 the radius is 2 (1 for one segment: see `probeTables`). Eleven segments of about log2(10^7) bits each keep both the buckets probed
 * (about 3,100) and the random rows they hold (about 3,200 at ten million hashes) small.
 */
const SEGMENT_BITS = [24, 24, 24, 23, 23, 23, 23, 23, 23, 23, 23];
const SEGMENTS = SEGMENT_BITS.length;
const SEGMENT_START = SEGMENT_BITS.map((_, s) => SEGMENT_BITS.slice(0, s).reduce((a, b) => a + b, 0));
/** Beyond this the pigeonhole radius would need 3-bit neighbours; the index scans linearly instead. */
const MAX_INDEXED_DISTANCE = 31;
/** The bucket tables take 2^bits offsets a segment: 4 MB each at 20 bits, about 9.5 rows a bucket at 10M. */
const MAX_BUCKET_BITS = 20;

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

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[65 + i] = 10 + i;
  HEX_VALUE[97 + i] = 10 + i;
}

/** Parses 64 hex digits into `out` at `at`; false when the input is not exactly that. No substrings. */
function parseInto(hex: string, out: Uint32Array, at: number): boolean {
  if (typeof hex !== 'string' || hex.length !== 64) return false;
  for (let w = 0; w < WORDS; w++) {
    let word = 0;
    for (let c = w * 8, end = c + 8; c < end; c++) {
      const code = hex.charCodeAt(c);
      const nibble = code < 128 ? HEX_VALUE[code] : -1;
      if (nibble < 0) return false;
      word = (word << 4) | nibble;
    }
    out[at + w] = word >>> 0;
  }
  return true;
}

const notAPdqHash = () => invalid('hash.value', 'a pdq hash must be exactly 64 hexadecimal digits');

function pdqWords(hex: string): Uint32Array {
  const words = new Uint32Array(WORDS);
  if (!parseInto(hex, words, 0)) throw notAPdqHash();
  return words;
}

/**
 * Hacker's Delight popcount, summing the byte counts with shifts rather than Math.imul: under Jest,
 * Math comes from another realm and V8 will not inline the call, which made this 100x slower there.
 */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  x += x >>> 8;
  x += x >>> 16;
  return x & 0x3f;
}

/**
 * Hamming distance between the query and the row at `base`, or any value above `limit` as soon as the
 * partial sum passes it: random hashes differ by ~16 bits a word, so most rows stop after two or three.
 */
function distanceAt(words: Uint32Array, base: number, q: Uint32Array, limit: number): number {
  let d = 0;
  for (let w = 0; w < WORDS; w++) {
    d += popcount32((words[base + w] ^ q[w]) >>> 0);
    if (d > limit) return d;
  }
  return d;
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

/** Typed arrays on shared memory: worker threads read a snapshot of the index without a copy. */
const sharedUint32 = (length: number): Uint32Array => new Uint32Array(new SharedArrayBuffer(length * 4));

/** One segment's bit field of the row at `base`: bits start..start+bits-1, counting from word 0's lowest. */
function segmentKey(words: Uint32Array, base: number, start: number, bits: number): number {
  const w = base + (start >>> 5);
  const shift = start & 31;
  let v = words[w] >>> shift;
  if (shift + bits > 32) v |= words[w + 1] << (32 - shift);
  return v & ((1 << bits) - 1);
}

/**
 * The bucket tables of one segment over rows [0, rows): the segment's value is cut into its high
 * `bucketBits` (the bucket) and the rest (`lowBits`), kept beside the row in each entry, so most rows
 * of a probed bucket are passed over without reading the row itself.
 */
interface SegmentTable {
  bucketBits: number;
  lowBits: number;
  /** Entries of bucket b are entries[offsets[b] .. offsets[b + 1]). */
  offsets: Uint32Array;
  /** (low bits << rowBits) | row. */
  entries: Uint32Array;
}

interface Tables {
  /** The rows the tables cover: [from, rows). */
  from: number;
  rows: number;
  rowBits: number;
  segments: SegmentTable[];
}

/**
 * Counting sort of rows [from, rows) by bucket, one `Uint32Array` of entries and one of offsets per
 * segment.
 */
function buildTables(words: Uint32Array, from: number, rows: number, bucketBits?: number): Tables {
  const rowBits = Math.max(1, Math.ceil(Math.log2(rows + 1)));
  if (rowBits > 28) throw new Error(`a PDQ index holds at most 2^28 rows, not ${rows}`);
  // About eight rows a bucket, but never more low bits than the entry has room for beside the row.
  const target = Math.min(
    MAX_BUCKET_BITS,
    Math.max(0, bucketBits ?? Math.ceil(Math.log2(rows - from + 1)) - 3),
  );
  const segments = SEGMENT_BITS.map((bits, s): SegmentTable => {
    const bucketBits = Math.min(bits, Math.max(target, bits - (32 - rowBits)));
    const lowBits = bits - bucketBits;
    const lowMask = (1 << lowBits) - 1;
    const buckets = 1 << bucketBits;
    const start = SEGMENT_START[s];
    const offsets = sharedUint32(buckets + 1);
    for (let row = from; row < rows; row++)
      offsets[1 + (segmentKey(words, row * WORDS, start, bits) >>> lowBits)]++;
    for (let b = 0; b < buckets; b++) offsets[b + 1] += offsets[b];
    const cursor = offsets.slice(0, buckets);
    const entries = sharedUint32(rows - from);
    for (let row = from; row < rows; row++) {
      const key = segmentKey(words, row * WORDS, start, bits);
      entries[cursor[key >>> lowBits]++] = ((key & lowMask) << rowBits) | row;
    }
    return { bucketBits, lowBits, offsets, entries };
  });
  return { from, rows, rowBits, segments };
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
}

/**
 * Each query's rows within `maxDistance` (<= 31) in the snapshot, as `PdqIndex.resolve` takes them: runs
 * in any thread that holds the snapshot. One bad hash fails the batch, naming its place.
 */
export function queryPdqSnapshot(
  snapshot: PdqIndexSnapshot,
  hexes: readonly string[],
  maxDistance: number = PDQ_MATCH_DISTANCE,
): number[][] {
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_INDEXED_DISTANCE) {
    throw invalid('maxDistance', `must be an integer from 0 to ${MAX_INDEXED_DISTANCE}`);
  }
  const q = new Uint32Array(WORDS);
  return hexes.map((hex, i) => {
    if (!parseInto(hex, q, 0))
      throw invalid(`values[${i}]`, 'a pdq hash must be exactly 64 hexadecimal digits');
    const found: number[] = [];
    if (snapshot.tables.rows > 0) probeTables(snapshot.tables, snapshot.words, q, maxDistance, found);
    return found;
  });
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
  queryMany(hexes: readonly string[], maxDistance: number = PDQ_MATCH_DISTANCE): PdqMatch<TId>[][] {
    checkMaxDistance(maxDistance);
    const all = new Uint32Array(hexes.length * WORDS);
    hexes.forEach((hex, i) => {
      if (!parseInto(hex, all, i * WORDS)) {
        throw invalid(`values[${i}]`, 'a pdq hash must be exactly 64 hexadecimal digits');
      }
    });
    return hexes.map((_, i) => this.queryWords(all.subarray(i * WORDS, (i + 1) * WORDS), maxDistance));
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
   * thread (`postMessage` shares them, it does not copy). Compacts first. Nothing in a snapshot ever
   * changes: rows added later, and a later compaction, go to new arrays.
   */
  snapshot(): PdqIndexSnapshot {
    if (!this.tables || this.delta || this.rowCount > this.tables.rows || this.deadCount > 0) this.compact();
    return { generation: this.generation, words: this.words, tables: this.tables! };
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
    return this.collect(this.scanRows(q, maxDistance, snapshot.tables.rows, [...found]));
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
