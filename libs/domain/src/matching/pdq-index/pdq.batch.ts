import {
  popcount32,
  SEGMENT_BITS,
  SEGMENT_START,
  SEGMENTS,
  segmentKey,
  WORDS,
  type Tables,
} from './pdq.segments';

/**
 * The batch probe of `PdqIndex.queryMany` and `queryPdqSnapshot`: the same buckets and the same checks as
 * the single probe, but visited in memory order across many queries. One query reads about 7,800 random
 * cache lines at ten million rows (bucket bounds, entries, candidate rows) on as many random pages; a batch
 * of 512 reads 1.1 million bucket bounds and 1.6 million rows, so sorted they land on neighbouring lines
 * and pages, and the processor's prefetcher follows them.
 *
 * Per segment: every query's probes (bucket, query, budget) sorted by bucket, then the bucket bounds and
 * entries read in that order, candidates kept as (row, query) pairs. Then the pairs sorted by row and each
 * checked by its full distance. A row found through two segments is checked twice and comes back twice,
 * as the single probe's does: the caller's sort drops the repeat.
 */

/** Queries probed together: the query's place takes 9 bits of a probe (bucket << 11 | query << 2 | budget). */
/**
 * Queries probed together (the query's place takes 10 bits of a probe: bucket << 12 | query << 2 |
 * budget). At ten million rows, 1,024 queries read about 3 million candidate rows, 27 % of the rows' lines.
 */
export const BATCH_QUERIES = 1024;
const QUERY_SHIFT = 2;
const BUCKET_SHIFT = 12;
/**
 * Probes and candidates are sorted by their top 12 bits only: within a bin, reads stay on a few pages,
 * and finer bins measured no faster.
 */
const SORT_BINS_LOG2 = 12;
/** Probes and candidate rows read per pass: enough misses in flight, few enough to stay in cache. */
const WINDOW = 256;
const ROW_WINDOW = 2048;

// Scratch space (synchronous, so one set serves every index of the thread); grown, never shrunk.
let probes = new Uint32Array(1 << 16);
let sortedProbes = new Uint32Array(1 << 16);
let candRows = new Uint32Array(1 << 20);
let candQueries = new Uint16Array(1 << 20);
let sortedRows = new Uint32Array(1 << 20);
let sortedQueries = new Uint16Array(1 << 20);
const binStart = new Uint32Array((1 << SORT_BINS_LOG2) + 1);
const windowStart = new Uint32Array(WINDOW);
const windowEnd = new Uint32Array(WINDOW);
/** Where the touching passes leave what they read, so that the reads are not optimised away. */
let _sink = 0;
const masks = new Uint32Array(BATCH_QUERIES * 3);
const lows = new Uint32Array(BATCH_QUERIES);

function room<T extends Uint32Array | Uint16Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  let length = array.length;
  while (length < needed) length *= 2;
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/**
 * The entries of a window of probes whose segment's low bits are within the probe's budget of the query's,
 * appended to the candidates from `at`; answers the new count (room is made by the caller).
 */
function filterWindow(
  sorted: Uint32Array,
  from: number,
  to: number,
  entries: Uint32Array,
  lowBits: number,
  rowBits: number,
  masked: boolean,
  at: number,
): number {
  const rows = candRows;
  const queries = candQueries;
  const rowMask = (1 << rowBits) - 1;
  let count = at;
  for (let k = from; k < to; k++) {
    const p = sorted[k];
    const i = (p >>> QUERY_SHIFT) & (BATCH_QUERIES - 1);
    const budget = p & 3;
    const start = windowStart[k - from];
    const end = windowEnd[k - from];
    if (budget >= lowBits) {
      for (let e = start; e < end; e++) {
        rows[count] = entries[e] & rowMask;
        queries[count++] = i;
      }
    } else if (masked) {
      const mask = masks[i * 3 + budget];
      for (let e = start; e < end; e++) {
        const entry = entries[e];
        if (((mask >>> (entry >>> rowBits)) & 1) !== 0) {
          rows[count] = entry & rowMask;
          queries[count++] = i;
        }
      }
    } else {
      const low = lows[i];
      for (let e = start; e < end; e++) {
        const entry = entries[e];
        if (popcount32((entry >>> rowBits) ^ low) <= budget) {
          rows[count] = entry & rowMask;
          queries[count++] = i;
        }
      }
    }
  }
  return count;
}

/**
 * Rows of `tables` within `maxDistance` (<= 31) of each query `qs[from * 8 ..]` to `qs[to * 8]` (at most
 * `BATCH_QUERIES`), pushed to `found[i]` as sort keys (`distance * 2^32 + row`).
 */
export function probeTablesBatch(
  tables: Tables,
  words: Uint32Array,
  qs: Uint32Array,
  from: number,
  to: number,
  maxDistance: number,
  found: number[][],
): void {
  const queries = to - from;
  if (queries > BATCH_QUERIES) throw new Error(`a batch probe takes at most ${BATCH_QUERIES} queries`);
  const base = Math.floor(maxDistance / SEGMENTS);
  const spare = SEGMENTS * (base + 1) - (maxDistance + 1);
  const { rowBits } = tables;
  let candidates = 0;
  for (let s = 0; s < SEGMENTS; s++) {
    const radius = s < spare ? base - 1 : base;
    if (radius < 0) continue;
    const { bucketBits, lowBits, offsets, entries } = tables.segments[s];
    const perQuery =
      radius === 0 ? 1 : radius === 1 ? 1 + bucketBits : 1 + bucketBits + (bucketBits * (bucketBits - 1)) / 2;
    probes = room(probes, perQuery * queries);
    sortedProbes = room(sortedProbes, perQuery * queries);
    const masked = lowBits <= 5;
    let n = 0;
    for (let i = 0; i < queries; i++) {
      const key = segmentKey(qs, (from + i) * WORDS, SEGMENT_START[s], SEGMENT_BITS[s]);
      const bucket = key >>> lowBits;
      const low = key & ((1 << lowBits) - 1);
      lows[i] = low;
      if (masked) {
        // Bit v of the mask for budget b is set when low value v is within b bits of the query's.
        let m0 = 0;
        let m1 = 0;
        let m2 = 0;
        for (let v = 0; v < 1 << lowBits; v++) {
          const d = popcount32(v ^ low);
          if (d <= 0) m0 |= 1 << v;
          if (d <= 1) m1 |= 1 << v;
          if (d <= 2) m2 |= 1 << v;
        }
        masks[i * 3] = m0;
        masks[i * 3 + 1] = m1;
        masks[i * 3 + 2] = m2;
      }
      const tag = i << QUERY_SHIFT;
      probes[n++] = ((bucket << BUCKET_SHIFT) | tag | radius) >>> 0;
      if (radius >= 1) {
        for (let a = 0; a < bucketBits; a++) {
          const one = bucket ^ (1 << a);
          probes[n++] = ((one << BUCKET_SHIFT) | tag | (radius - 1)) >>> 0;
          if (radius >= 2)
            for (let b = 0; b < a; b++)
              probes[n++] = (((one ^ (1 << b)) << BUCKET_SHIFT) | tag | (radius - 2)) >>> 0;
        }
      }
    }
    // Counting sort by the bucket's top bits.
    const binShift = BUCKET_SHIFT + Math.max(0, bucketBits - SORT_BINS_LOG2);
    const bins = 1 << Math.min(bucketBits, SORT_BINS_LOG2);
    binStart.fill(0, 0, bins + 1);
    for (let k = 0; k < n; k++) binStart[(probes[k] >>> binShift) + 1]++;
    for (let b = 0; b < bins; b++) binStart[b + 1] += binStart[b];
    for (let k = 0; k < n; k++) {
      const p = probes[k];
      sortedProbes[binStart[p >>> binShift]++] = p;
    }
    // A window of probes at a time: their bucket bounds, then a touch of each bucket's entries, then the
    // filter, so that the reads of a pass do not wait on each other (as in the single probe).
    for (let w = 0; w < n; w += WINDOW) {
      const wEnd = Math.min(n, w + WINDOW);
      let touched = 0;
      let total = 0;
      for (let k = w; k < wEnd; k++) {
        const bucket = sortedProbes[k] >>> BUCKET_SHIFT;
        const start = offsets[bucket];
        const end = offsets[bucket + 1];
        windowStart[k - w] = start;
        windowEnd[k - w] = end;
        total += end - start;
        touched ^= entries[start];
      }
      _sink ^= touched;
      if (candidates + total > candRows.length) {
        candRows = room(candRows, candidates + total);
        candQueries = room(candQueries, candRows.length);
      }
      candidates = filterWindow(sortedProbes, w, wEnd, entries, lowBits, rowBits, masked, candidates);
    }
  }
  // Counting sort of the candidates by the row's top bits, then the checks in row order.
  sortedRows = room(sortedRows, candidates);
  sortedQueries = room(sortedQueries, candidates);
  const rowShift = Math.max(0, rowBits - SORT_BINS_LOG2);
  const bins = 1 << Math.min(rowBits, SORT_BINS_LOG2);
  binStart.fill(0, 0, bins + 1);
  for (let k = 0; k < candidates; k++) binStart[(candRows[k] >>> rowShift) + 1]++;
  for (let b = 0; b < bins; b++) binStart[b + 1] += binStart[b];
  for (let k = 0; k < candidates; k++) {
    const row = candRows[k];
    const at = binStart[row >>> rowShift]++;
    sortedRows[at] = row;
    sortedQueries[at] = candQueries[k];
  }
  for (let w = 0; w < candidates; w += ROW_WINDOW) {
    const wEnd = Math.min(candidates, w + ROW_WINDOW);
    let touched = 0;
    for (let k = w; k < wEnd; k++) touched ^= words[sortedRows[k] * WORDS];
    _sink ^= touched;
    for (let k = w; k < wEnd; k++) {
      const row = sortedRows[k];
      const i = sortedQueries[k];
      const b = row * WORDS;
      const q = (from + i) * WORDS;
      // Four words of a random row differ by ~64 bits, so one branch almost always settles it.
      let d =
        popcount32(words[b] ^ qs[q]) +
        popcount32(words[b + 1] ^ qs[q + 1]) +
        popcount32(words[b + 2] ^ qs[q + 2]) +
        popcount32(words[b + 3] ^ qs[q + 3]);
      if (d > maxDistance) continue;
      d +=
        popcount32(words[b + 4] ^ qs[q + 4]) +
        popcount32(words[b + 5] ^ qs[q + 5]) +
        popcount32(words[b + 6] ^ qs[q + 6]) +
        popcount32(words[b + 7] ^ qs[q + 7]);
      if (d <= maxDistance) found[from + i].push(d * 0x1_0000_0000 + row);
    }
  }
}
