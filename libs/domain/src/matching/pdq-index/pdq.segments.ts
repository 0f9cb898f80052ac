/** The segment layout, bit helpers and bucket tables shared by the single and batch probes of `PdqIndex`. */

export const WORDS = 8; // 256 bits as eight 32-bit words, word 0 holding the first eight hex digits
/**
 * Multi-index hashing over 11 segments: 3 of 24 bits and 8 of 23. Two hashes within distance d differ in
 * at most floor(d / 11) bits of some segment (otherwise they would differ in 11 * (floor(d / 11) + 1) > d
 * bits), so probing each segment's value and its neighbours within that radius finds all of them; at
 * d <= 31 the radius is 2 (1 for one segment: see `probeTables`). Eleven segments of about log2(10^7) bits each keep both the buckets probed
 * (about 3,100) and the random rows they hold (about 3,200 at ten million hashes) small.
 */
export const SEGMENT_BITS = [24, 24, 24, 23, 23, 23, 23, 23, 23, 23, 23];
export const SEGMENTS = SEGMENT_BITS.length;
export const SEGMENT_START = SEGMENT_BITS.map((_, s) => SEGMENT_BITS.slice(0, s).reduce((a, b) => a + b, 0));
/** Beyond this the pigeonhole radius would need 3-bit neighbours; the index scans linearly instead. */
export const MAX_INDEXED_DISTANCE = 31;
/** The bucket tables take 2^bits offsets a segment: 4 MB each at 20 bits, about 9.5 rows a bucket at 10M. */
export const MAX_BUCKET_BITS = 20;

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[65 + i] = 10 + i;
  HEX_VALUE[97 + i] = 10 + i;
}

/** Parses 64 hex digits into `out` at `at`; false when the input is not exactly that. No substrings. */
export function parseInto(hex: string, out: Uint32Array, at: number): boolean {
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

/**
 * Hacker's Delight popcount, summing the byte counts with shifts rather than Math.imul: under Jest,
 * Math comes from another realm and V8 will not inline the call, which made this 100x slower there.
 */
export function popcount32(x: number): number {
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
export function distanceAt(words: Uint32Array, base: number, q: Uint32Array, limit: number): number {
  let d = 0;
  for (let w = 0; w < WORDS; w++) {
    d += popcount32((words[base + w] ^ q[w]) >>> 0);
    if (d > limit) return d;
  }
  return d;
}

/** Typed arrays on shared memory: worker threads read a snapshot of the index without a copy. */
export const sharedUint32 = (length: number): Uint32Array =>
  new Uint32Array(new SharedArrayBuffer(length * 4));

/** One segment's bit field of the row at `base`: bits start..start+bits-1, counting from word 0's lowest. */
export function segmentKey(words: Uint32Array, base: number, start: number, bits: number): number {
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
export interface SegmentTable {
  bucketBits: number;
  lowBits: number;
  /** Entries of bucket b are entries[offsets[b] .. offsets[b + 1]). */
  offsets: Uint32Array;
  /** (low bits << rowBits) | row. */
  entries: Uint32Array;
}

export interface Tables {
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
export function buildTables(words: Uint32Array, from: number, rows: number, bucketBits?: number): Tables {
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
