import { invalid } from '../errors';

/** Two PDQ hashes within this Hamming distance show the same picture (the PDQ paper's threshold). */
export const PDQ_MATCH_DISTANCE = 31;
export const PDQ_BITS = 256;

const WORDS = 8; // 256 bits as eight 32-bit words, word 0 holding the first eight hex digits
const SLOTS = 16; // 16-bit slots, two per word
const SLOT_VALUES = 1 << 16;
const OFFSETS_PER_SLOT = SLOT_VALUES + 1;
/** With 16 slots, a distance of at most 16 * (r + 1) - 1 leaves some slot within r bits: r = 1 covers 31. */
const MAX_INDEXED_DISTANCE = 31;

export interface PdqMatch<TId> {
  id: TId;
  distance: number;
}

export interface PdqEntry<TId> {
  id: TId;
  hex: string;
}

export interface PdqIndexOptions {
  /** Rows to reserve up front; storage doubles past it. */
  initialCapacity?: number;
  /**
   * Rows added since the last compaction are scanned linearly; past this many (default: the larger of
   * 1,024 and 1/64 of the indexed rows) the next query rebuilds the slot tables first.
   */
  maxPending?: number;
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

/**
 * In-memory multi-index hashing over PDQ hashes (Norouzi et al.): each 256-bit hash is cut into 16
 * slots of 16 bits, and each slot has a table from slot value to rows. If two hashes are within distance
 * d, at least one slot differs in at most floor(d / 16) bits, so probing every slot's value and its
 * one-bit neighbours (17 x 16 = 272 lookups) finds every hash within 31, each candidate then being
 * checked by its full distance. Recall is exact; beyond 31 the index scans linearly.
 *
 * Memory: hashes packed in one Uint32Array (32 bytes a row), slot tables in CSR form (an offsets array
 * of 65,537 per slot and 16 row lists of 4 bytes a row), about 100 bytes a row before the ids.
 * Rows added after the last compaction live in a pending tail that queries scan linearly; removed rows
 * are tombstoned and dropped at the next compaction. Not safe for concurrent use across workers.
 */
export class PdqIndex<TId> {
  private words: Uint32Array;
  private ids: (TId | undefined)[] = [];
  private alive: Uint8Array;
  private readonly rowOf = new Map<TId, number>();
  private rowCount = 0;
  private deadCount = 0;

  // Slot tables over rows [0, indexedRows): rows of slot s with value v are
  // slotRows[s * stride + offsets[s * 65537 + v] .. s * stride + offsets[s * 65537 + v + 1]).
  private readonly offsets = new Uint32Array(SLOTS * OFFSETS_PER_SLOT);
  private slotRows = new Uint32Array(0);
  private stride = 0;
  private indexedRows = 0;

  private readonly query32 = new Uint32Array(WORDS);
  private readonly maxPending: number | undefined;

  constructor(options: PdqIndexOptions = {}) {
    const capacity = Math.max(16, Math.floor(options.initialCapacity ?? 1024));
    this.words = new Uint32Array(capacity * WORDS);
    this.alive = new Uint8Array(capacity);
    this.maxPending = options.maxPending;
  }

  get size(): number {
    return this.rowOf.size;
  }

  has(id: TId): boolean {
    return this.rowOf.has(id);
  }

  /** Adds a hash; an id already present has its hash replaced. */
  add(id: TId, hex: string): void {
    if (this.rowCount === this.alive.length) this.grow(this.rowCount * 2);
    const row = this.rowCount;
    if (!parseInto(hex, this.words, row * WORDS)) {
      throw notAPdqHash();
    }
    this.remove(id);
    this.ids[row] = id;
    this.alive[row] = 1;
    this.rowOf.set(id, row);
    this.rowCount = row + 1;
  }

  /** Removes the id's hash; false when the id was not indexed. */
  remove(id: TId): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    this.rowOf.delete(id);
    this.alive[row] = 0;
    this.ids[row] = undefined;
    this.deadCount++;
    return true;
  }

  /** Hashes within `maxDistance` of the query, nearest first (ties in insertion order). */
  query(hex: string, maxDistance: number = PDQ_MATCH_DISTANCE): PdqMatch<TId>[] {
    checkMaxDistance(maxDistance);
    const q = this.query32;
    if (!parseInto(hex, q, 0)) throw notAPdqHash();
    if (maxDistance > MAX_INDEXED_DISTANCE) return this.collect(this.scanRows(q, maxDistance, 0, []));
    if (this.needsCompaction()) this.compact();
    const found = this.probe(q, maxDistance);
    return this.collect(this.scanRows(q, maxDistance, this.indexedRows, found));
  }

  /** Linear scan over the same packed storage: the fallback beyond 31, and the benchmark's baseline. */
  scan(hex: string, maxDistance: number = PDQ_MATCH_DISTANCE): PdqMatch<TId>[] {
    checkMaxDistance(maxDistance);
    const q = this.query32;
    if (!parseInto(hex, q, 0)) throw notAPdqHash();
    return this.collect(this.scanRows(q, maxDistance, 0, []));
  }

  /** Drops removed rows and rebuilds the slot tables over every row; queries call it when needed. */
  compact(): void {
    if (this.deadCount > 0) this.squeeze();
    const rows = this.rowCount;
    if (this.stride < rows) {
      this.stride = this.alive.length;
      this.slotRows = new Uint32Array(SLOTS * this.stride);
    }
    const { words, offsets, slotRows, stride } = this;
    const cursor = new Uint32Array(SLOT_VALUES);
    for (let s = 0; s < SLOTS; s++) {
      const w = s >> 1;
      const shift = (s & 1) * 16;
      const o = s * OFFSETS_PER_SLOT;
      offsets.fill(0, o, o + OFFSETS_PER_SLOT);
      // Counting sort: count each slot value, prefix-sum into offsets, then place rows in order.
      for (let row = 0; row < rows; row++) offsets[o + 1 + ((words[row * WORDS + w] >>> shift) & 0xffff)]++;
      for (let v = 0; v < SLOT_VALUES; v++) offsets[o + v + 1] += offsets[o + v];
      cursor.set(offsets.subarray(o, o + SLOT_VALUES));
      const base = s * stride;
      for (let row = 0; row < rows; row++) {
        slotRows[base + cursor[(words[row * WORDS + w] >>> shift) & 0xffff]++] = row;
      }
    }
    this.indexedRows = rows;
  }

  private needsCompaction(): boolean {
    const pending = this.rowCount - this.indexedRows;
    const limit = this.maxPending ?? Math.max(1024, this.indexedRows >> 6);
    return pending > limit || this.deadCount > Math.max(1024, this.rowCount >> 2);
  }

  private probe(q: Uint32Array, maxDistance: number): number[] {
    const found: number[] = [];
    if (this.indexedRows === 0) return found;
    const { words, offsets, slotRows, stride, alive } = this;
    const [q0, q1, q2, q3, q4, q5, q6, q7] = q;
    const flips = maxDistance >= SLOTS ? 16 : 0;
    for (let s = 0; s < SLOTS; s++) {
      const value = (q[s >> 1] >>> ((s & 1) * 16)) & 0xffff;
      const o = s * OFFSETS_PER_SLOT;
      const base = s * stride;
      for (let f = -1; f < flips; f++) {
        const key = f < 0 ? value : value ^ (1 << f);
        for (let i = offsets[o + key], end = offsets[o + key + 1]; i < end; i++) {
          // Candidates are random rows, so each costs a cache miss; the per-row work is kept to that one
          // line: no visited set (a row reached twice is dropped in collect), `alive` read only on a match.
          // Four words of a random row differ by ~64 bits, so one branch almost always settles it.
          const row = slotRows[base + i];
          const b = row * WORDS;
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
          if (d <= maxDistance && alive[row] !== 0) found.push(sortKey(d, row));
        }
      }
    }
    return found;
  }

  private scanRows(q: Uint32Array, maxDistance: number, from: number, found: number[]): number[] {
    const { words, alive } = this;
    for (let row = from, end = this.rowCount; row < end; row++) {
      if (alive[row] === 0) continue;
      const d = distanceAt(words, row * WORDS, q, maxDistance);
      if (d <= maxDistance) found.push(sortKey(d, row));
    }
    return found;
  }

  /** Sorts by distance then row, dropping rows found through more than one slot. */
  private collect(found: number[]): PdqMatch<TId>[] {
    found.sort((a, b) => a - b);
    const matches: PdqMatch<TId>[] = [];
    for (let i = 0; i < found.length; i++) {
      const key = found[i];
      if (i > 0 && key === found[i - 1]) continue;
      const row = key % 0x1_0000_0000;
      matches.push({ id: this.ids[row] as TId, distance: (key - row) / 0x1_0000_0000 });
    }
    return matches;
  }

  private grow(capacity: number): void {
    const words = new Uint32Array(capacity * WORDS);
    words.set(this.words.subarray(0, this.rowCount * WORDS));
    this.words = words;
    const alive = new Uint8Array(capacity);
    alive.set(this.alive.subarray(0, this.rowCount));
    this.alive = alive;
  }

  /** Moves live rows down over removed ones, keeping their order, and renumbers them. */
  private squeeze(): void {
    const { words, alive, ids, rowOf } = this;
    let to = 0;
    for (let row = 0; row < this.rowCount; row++) {
      if (alive[row] === 0) continue;
      if (to !== row) {
        words.copyWithin(to * WORDS, row * WORDS, (row + 1) * WORDS);
        const id = ids[row] as TId;
        ids[to] = id;
        rowOf.set(id, to);
        alive[to] = 1;
      }
      to++;
    }
    alive.fill(0, to, this.rowCount);
    ids.length = to;
    this.rowCount = to;
    this.deadCount = 0;
    this.indexedRows = 0;
  }
}
