import {
  bruteForceQuery,
  PdqIndex,
  queryPdqSnapshot,
  type PdqEntry,
  type PdqIndexSnapshot,
  type PdqQueryThreads,
} from './pdq.index';
import { seededRandom } from '@hub/testing';

const toHex = (words: Uint32Array): string =>
  Array.from(words, (w) => w.toString(16).padStart(8, '0')).join('');

const randomHex = (random: () => number): string =>
  toHex(Uint32Array.from({ length: 8 }, () => Math.floor(random() * 2 ** 32)));

/** Flips `count` distinct random bits of the hash. */
const flip = (hex: string, count: number, random: () => number): string => {
  const words = Uint32Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16));
  const bits = new Set<number>();
  while (bits.size < count) bits.add(Math.floor(random() * 256));
  for (const bit of bits) words[bit >> 5] ^= 1 << (bit & 31);
  return toHex(words);
};

/**
 * Random rows, each of the first `originals` with variants planted at distances spread over 1..40 (some
 * beyond 31, so the edge is tested from both sides), and queries: the originals, variants of them, and
 * unrelated hashes.
 */
function plantedData(seed: number, rows: number, originals: number, queries: number) {
  const random = seededRandom(seed);
  const entries: PdqEntry<number>[] = Array.from({ length: rows }, (_, id) => ({
    id,
    hex: randomHex(random),
  }));
  for (let i = 0; i < originals; i++) {
    for (let v = 0; v < 3; v++) {
      entries.push({ id: entries.length, hex: flip(entries[i].hex, 1 + ((i * 3 + v) % 40), random) });
    }
  }
  const hexes = Array.from({ length: queries }, (_, i) =>
    i % 3 === 0
      ? entries[i % originals].hex
      : i % 3 === 1
        ? flip(entries[i % originals].hex, 1 + (i % 31), random)
        : randomHex(random),
  );
  return { entries, hexes, random };
}

describe('PdqIndex batches', () => {
  it('answers a batch with the batch probe as each query alone and as a linear scan', () => {
    const { entries, hexes } = plantedData(21, 6000, 700, 1500);
    const index = new PdqIndex<number>();
    for (const { id, hex } of entries) index.add(id, hex);
    for (const d of [31, 17, 0]) {
      const batch = index.queryMany(hexes, d);
      expect(index.queryMany(hexes, d, 'single')).toEqual(batch);
      // More than one chunk of 1,024 queries, and the linear scan on a sample of them.
      expect(batch).toHaveLength(1500);
      for (let i = 0; i < hexes.length; i += 7)
        expect(batch[i]).toEqual(bruteForceQuery(entries, hexes[i], d));
    }
    expect(index.queryMany(hexes).filter((m) => m.length > 1).length).toBeGreaterThan(300);
  });

  it('agrees with a linear scan over tables of few bucket bits, new rows, removed rows and repeats', () => {
    const { entries, hexes, random } = plantedData(22, 3000, 300, 400);
    // Four bucket bits leave 19 or 20 low bits in each entry: the filter counts bits instead of a mask.
    const index = new PdqIndex<number>({ bucketBits: 4, maxPending: 50 });
    for (const { id, hex } of entries) index.add(id, hex);
    index.compact();
    // Rows added since: some in tables of their own, the last ones scanned linearly.
    const live = new Map(entries.map((e) => [e.id, e.hex]));
    for (let i = 0; i < 180; i++) {
      const hex = flip(hexes[i], 1 + (i % 31), random);
      index.add(10_000 + i, hex);
      live.set(10_000 + i, hex);
      if (i === 120) index.queryMany(hexes.slice(0, 20)); // builds the delta tables
    }
    for (let id = 0; id < 3000; id += 9) {
      index.remove(id);
      live.delete(id);
    }
    const rows = [...live].map(([id, hex]) => ({ id, hex }));
    const repeated = [...hexes, ...hexes.slice(0, 40)];
    const batch = index.queryMany(repeated, 31);
    expect(index.queryMany(repeated, 31, 'single')).toEqual(batch);
    for (let i = 0; i < repeated.length; i += 5) {
      expect(batch[i]).toEqual(bruteForceQuery(rows, repeated[i], 31).sort(byDistanceThenRow(rows)));
    }
    // Beyond 31 the batch is scanned.
    expect(index.queryMany(hexes.slice(0, 3), 40)[0]).toEqual(index.scan(hexes[0], 40));
  });

  it('answers through threads as on this thread; a bad hash is refused first; a failed thread falls back', async () => {
    const { entries, hexes } = plantedData(23, 5000, 400, 600);
    const index = new PdqIndex<number>({ maxPending: 1_000_000 });
    for (const { id, hex } of entries) index.add(id, hex);
    const asked: number[] = [];
    const threads: PdqQueryThreads = {
      query: (snapshot: PdqIndexSnapshot, batch: readonly string[], d: number) => {
        asked.push(batch.length);
        return Promise.resolve(queryPdqSnapshot(snapshot, batch, d));
      },
    };
    const expected = index.queryMany(hexes, 31);
    expect(await index.queryManyAsync(hexes, 31, threads)).toEqual(expected);
    expect(asked).toEqual([600]);
    // Rows added and removed between the snapshot and the answer are accounted for.
    index.add(99_999, hexes[1]);
    index.remove(0);
    const late: PdqQueryThreads = {
      query: (snapshot, batch, d) => {
        const found = queryPdqSnapshot(snapshot, batch, d);
        index.add(99_998, hexes[4]);
        return Promise.resolve(found);
      },
    };
    expect(await index.queryManyAsync(hexes, 31, late)).toEqual(index.queryMany(hexes, 31));
    // Small batches stay on this thread.
    await index.queryManyAsync(hexes.slice(0, 5), 31, threads);
    expect(asked).toEqual([600]);
    await expect(index.queryManyAsync([...hexes.slice(0, 40), 'xyz'], 31, threads)).rejects.toThrow(
      'values[40]',
    );
    expect(asked).toEqual([600]);
    const failing: PdqQueryThreads = { query: () => Promise.reject(new Error('the thread died')) };
    expect(await index.queryManyAsync(hexes, 31, failing)).toEqual(index.queryMany(hexes, 31));
  });
});

/** bruteForceQuery keeps the entries' order among equal distances; the index orders them by row. */
function byDistanceThenRow(rows: PdqEntry<number>[]) {
  const order = new Map(rows.map((r, i) => [r.id, i]));
  return (a: { id: number; distance: number }, b: { id: number; distance: number }) =>
    a.distance - b.distance || order.get(a.id)! - order.get(b.id)!;
}
