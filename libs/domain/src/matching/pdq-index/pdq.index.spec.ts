// Over 450 lines: one spec for one class, its cases grouped by what they check (answers equal to a scan,
// growth, removal, snapshots); split, each part would rebuild the same random indexes.
import { dihedralOfHash } from '@hub/media-hash';
import { DomainError } from '../../core/errors';
import { bruteForceQuery, hammingDistanceHex, PdqIndex, queryPdqSnapshot, type PdqEntry } from './pdq.index';
import { seededRandom } from '@hub/testing';

const toHex = (words: Uint32Array): string =>
  Array.from(words, (w) => w.toString(16).padStart(8, '0')).join('');
const toWords = (hex: string): Uint32Array =>
  Uint32Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16));

const randomHex = (random: () => number): string =>
  toHex(Uint32Array.from({ length: 8 }, () => Math.floor(random() * 2 ** 32)));

/** Flips bits given as [slot, bit within the slot]; slot s is bits 16*(s%2).. of word floor(s/2). */
const flipInSlots = (hex: string, flips: [slot: number, bit: number][]): string => {
  const words = toWords(hex);
  for (const [slot, bit] of flips) words[slot >> 1] ^= 1 << ((slot & 1) * 16 + bit);
  return toHex(words);
};

/** Flips `count` distinct random bits anywhere in the hash. */
const flipRandom = (hex: string, count: number, random: () => number): string => {
  const bits = new Set<number>();
  while (bits.size < count) bits.add(Math.floor(random() * 256));
  return flipInSlots(
    hex,
    [...bits].map((b) => [b >> 4, b & 15]),
  );
};

/** The hardest shapes for the slot index: bits spread so that no slot, or only one, is nearly intact. */
const spread = (perSlot: number[]): [number, number][] =>
  perSlot.flatMap((count, slot) =>
    Array.from({ length: count }, (_, i): [number, number] => [slot, i * 5 + (slot % 3)]),
  );

const ZERO = '0'.repeat(64);

describe('hammingDistanceHex', () => {
  it('counts differing bits', () => {
    expect(hammingDistanceHex(ZERO, ZERO)).toBe(0);
    expect(hammingDistanceHex(ZERO, 'f'.repeat(64))).toBe(256);
    expect(hammingDistanceHex(ZERO, '8' + '0'.repeat(62) + '1')).toBe(2);
    expect(hammingDistanceHex('A'.repeat(64), 'a'.repeat(64))).toBe(0);
  });

  it('agrees with a bit-by-bit count', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const a = randomHex(random);
      const b = randomHex(random);
      let expected = 0;
      for (let c = 0; c < 64; c++) {
        let x = parseInt(a[c], 16) ^ parseInt(b[c], 16);
        for (; x; x >>= 1) expected += x & 1;
      }
      expect(hammingDistanceHex(a, b)).toBe(expected);
    }
  });

  it('rejects what is not 64 hex digits', () => {
    expect(() => hammingDistanceHex(ZERO, 'z'.repeat(64))).toThrow('hash.value');
    expect(() => hammingDistanceHex(ZERO.slice(1), ZERO)).toThrow(DomainError);
  });
});

describe('PdqIndex', () => {
  const random = seededRandom(20_261_122);
  const noise = Array.from({ length: 500 }, () => randomHex(random));
  const original = randomHex(random);

  const withNoise = (options = {}) => {
    const index = new PdqIndex<string>(options);
    noise.forEach((hex, i) => index.add(`noise-${i}`, hex));
    index.add('original', original);
    return index;
  };

  describe.each([
    ['after compaction', true],
    ['while pending', false],
  ])('recall %s', (_state, compacted) => {
    const planted: [string, string, number][] = [
      ['d0', original, 0],
      ['d1', flipRandom(original, 1, random), 1],
      ['d15', flipRandom(original, 15, random), 15],
      ['d16', flipRandom(original, 16, random), 16],
      ['d31', flipRandom(original, 31, random), 31],
      // One bit in every slot: no slot is exact, only the one-bit probes find it.
      ['d16-spread', flipInSlots(original, spread(Array(16).fill(1))), 16],
      // Two bits in 15 slots and one in the last: a single slot is within one bit.
      ['d31-spread', flipInSlots(original, spread([...Array(15).fill(2), 1])), 31],
      // 15 slots touched once: at maxDistance 15 only the untouched slot's exact value finds it.
      ['d15-spread', flipInSlots(original, spread([...Array(15).fill(1), 0])), 15],
    ];
    const tooFar: [string, string, number][] = [
      ['d32', flipRandom(original, 32, random), 32],
      ['d32-spread', flipInSlots(original, spread(Array(16).fill(2))), 32],
    ];

    const build = () => {
      const index = withNoise({ maxPending: compacted ? 0 : 1_000_000 });
      for (const [id, hex] of [...planted, ...tooFar]) index.add(id, hex);
      if (compacted) index.compact();
      return index;
    };

    it('plants the variants at the distances it claims', () => {
      for (const [, hex, distance] of [...planted, ...tooFar])
        expect(hammingDistanceHex(original, hex)).toBe(distance);
    });

    it('finds every variant within 31, nearest first, and nothing at 32', () => {
      const matches = build().query(original, 31);
      const expected = [
        { id: 'original', distance: 0 },
        ...planted.map(([id, , distance]) => ({ id, distance })),
      ];
      expect(matches).toEqual([...expected].sort((a, b) => a.distance - b.distance));
      expect(matches.map((m) => m.id)).not.toContain('d32');
      expect(matches.map((m) => m.id)).not.toContain('d32-spread');
    });

    it('defaults to distance 31', () => {
      const index = build();
      expect(index.query(original)).toEqual(index.query(original, 31));
    });

    it('honours a smaller distance, including with exact-slot probes only', () => {
      const index = build();
      expect(index.query(original, 15).map((m) => m.id)).toEqual([
        'original',
        'd0',
        'd1',
        'd15',
        'd15-spread',
      ]);
      expect(index.query(original, 0).map((m) => m.id)).toEqual(['original', 'd0']);
    });

    it('scans beyond 31', () => {
      const ids = build()
        .query(original, 32)
        .map((m) => m.id);
      expect(ids).toContain('d32');
      expect(ids).toContain('d32-spread');
    });

    it('finds a variant when it is the query and the original is indexed', () => {
      const [, d31Spread] = planted[6];
      expect(build().query(d31Spread, 31)[0]).toEqual({ id: 'd31-spread', distance: 0 });
      expect(build().query(d31Spread, 31)).toContainEqual({ id: 'original', distance: 31 });
    });
  });

  it('agrees with brute force on 2,000 random hashes and 200 planted variants', () => {
    const seeded = seededRandom(42);
    const entries: PdqEntry<number>[] = Array.from({ length: 2000 }, (_, id) => ({
      id,
      hex: randomHex(seeded),
    }));
    const originals: string[] = [];
    for (let i = 0; i < 200; i++) {
      const source = entries[Math.floor(seeded() * 2000)].hex;
      const distance = i % 40; // 0..39: some beyond the index's reach, which must then be missing
      const hex =
        i % 2 === 0
          ? flipRandom(source, distance, seeded)
          : flipInSlots(
              source,
              spread(
                Array.from({ length: 16 }, (_, s) => Math.floor(distance / 16) + (s < distance % 16 ? 1 : 0)),
              ),
            );
      expect(hammingDistanceHex(source, hex)).toBe(distance);
      entries.push({ id: 2000 + i, hex });
      originals.push(source);
    }
    const index = new PdqIndex<number>();
    for (const { id, hex } of entries) index.add(id, hex);
    index.compact();
    const queries = [...originals, ...entries.slice(2000).map((e) => e.hex), ...noise.slice(0, 50)];
    let matched = 0;
    for (const query of queries) {
      for (const maxDistance of [0, 8, 15, 16, 24, 31, 40]) {
        const expected = bruteForceQuery(entries, query, maxDistance);
        expect(index.query(query, maxDistance)).toEqual(expected);
        expect(index.scan(query, maxDistance)).toEqual(expected);
        matched += expected.length;
      }
    }
    expect(matched).toBeGreaterThan(2000); // the comparison is not between empty answers
  });

  describe('at a size where buckets split the segments', () => {
    // 30,000 rows: the segment tables use bucket bits and low bits kept beside the rows, as at ten million.
    const seeded = seededRandom(99);
    const SEGMENT_BITS = [24, 24, 24, 23, 23, 23, 23, 23, 23, 23, 23];
    const starts = SEGMENT_BITS.map((_, s) => SEGMENT_BITS.slice(0, s).reduce((a, b) => a + b, 0));
    const flipBits = (hex: string, bits: number[]): string => {
      const words = toWords(hex);
      for (const bit of bits) words[bit >> 5] ^= 1 << (bit & 31);
      return toHex(words);
    };
    /** `perSegment[s]` bits flipped in segment s, at its top (`high`) or bottom bits. */
    const inSegments = (hex: string, perSegment: number[], high: boolean): string =>
      flipBits(
        hex,
        perSegment.flatMap((count, s) =>
          Array.from({ length: count }, (_, i) =>
            high ? starts[s] + SEGMENT_BITS[s] - 1 - i : starts[s] + i,
          ),
        ),
      );
    const entries: PdqEntry<number>[] = Array.from({ length: 30_000 }, (_, id) => ({
      id,
      hex: randomHex(seeded),
    }));
    const planted: { source: string; hex: string; distance: number }[] = [];
    for (let distance = 1; distance <= 33; distance++) {
      for (const shape of ['random', 'high', 'low'] as const) {
        const source = entries[Math.floor(seeded() * entries.length)].hex;
        // The worst spread: every segment as far off as the distance allows, so one segment at most is near.
        const perSegment = SEGMENT_BITS.map(
          (_, s) => Math.floor(distance / 11) + (s < distance % 11 ? 1 : 0),
        );
        const hex =
          shape === 'random'
            ? flipRandom(source, distance, seeded)
            : inSegments(source, perSegment, shape === 'high');
        planted.push({ source, hex, distance });
      }
    }
    const all = [...entries, ...planted.map((p, i) => ({ id: 30_000 + i, hex: p.hex }))];
    const index = new PdqIndex<number>();
    for (const { id, hex } of all) index.add(id, hex);
    index.compact();
    // Buckets as large as at ten million rows: 3 or 4 low bits beside each row, filtered by bit masks.
    const wide = new PdqIndex<number>({ bucketBits: 20 });
    for (const { id, hex } of all) wide.add(id, hex);
    wide.compact();

    it('plants the variants at the distances it claims', () => {
      for (const p of planted) expect(hammingDistanceHex(p.source, p.hex)).toBe(p.distance);
    });

    it('finds every variant at distances 1 to 31 and answers as a linear scan does', () => {
      for (const [i, p] of planted.entries()) {
        const matches = index.query(p.source, 31);
        expect(matches).toEqual(bruteForceQuery(all, p.source, 31));
        expect(wide.query(p.source, 31)).toEqual(matches);
        const found = matches.find((m) => m.id === 30_000 + i);
        if (p.distance <= 31) expect(found).toEqual({ id: 30_000 + i, distance: p.distance });
        else expect(found).toBeUndefined();
      }
    });

    it('finds, at every distance, a variant that only one segment (any of them) can find', () => {
      // The radii the index probes: floor(d / 11), one less for the first spare segments.
      const radii = (d: number) => {
        const base = Math.floor(d / 11);
        const spare = 11 * (base + 1) - (d + 1);
        return SEGMENT_BITS.map((_, s) => (s < spare ? base - 1 : base));
      };
      const source = entries[123].hex;
      const variants: { id: string; hex: string; d: number }[] = [];
      for (let d = 0; d <= 31; d++) {
        for (let only = 0; only < 11; only++) {
          if (radii(d)[only] < 0) continue;
          // Every other segment one bit past its radius, this one at its radius: d bits in all.
          const perSegment = radii(d).map((r, s) => (s === only ? r : r + 1));
          const hex = inSegments(source, perSegment, (d + only) % 2 === 0);
          expect(hammingDistanceHex(source, hex)).toBe(d);
          variants.push({ id: `d${d}-s${only}`, hex, d });
        }
      }
      for (const options of [{}, { bucketBits: 20 }]) {
        const tight = new PdqIndex<string>(options);
        for (const { id, hex } of entries.slice(0, 3000)) tight.add(String(id), hex);
        for (const { id, hex } of variants) tight.add(id, hex);
        tight.compact();
        for (const { id, d } of variants) expect(tight.query(source, d)).toContainEqual({ id, distance: d });
      }
    });

    it('honours every smaller distance as a linear scan does', () => {
      for (const p of planted.filter((_, i) => i % 4 === 0)) {
        for (const maxDistance of [0, 1, 10, 11, 21, 22, 30]) {
          expect(index.query(p.source, maxDistance)).toEqual(bruteForceQuery(all, p.source, maxDistance));
          expect(wide.query(p.source, maxDistance)).toEqual(bruteForceQuery(all, p.source, maxDistance));
        }
      }
    });

    it('finds a picture turned or flipped through the dihedral variants of the query', () => {
      const turned = new PdqIndex<number>();
      for (const { id, hex } of entries) turned.add(id, hex);
      const source = planted[30].source;
      const rotated = dihedralOfHash(flipRandom(source, 12, seeded));
      turned.add(-1, rotated.rotate90);
      turned.compact();
      const found = Object.entries(dihedralOfHash(source)).flatMap(([transform, hex]) =>
        turned
          .query(hex, 31)
          .filter((m) => m.id === -1)
          .map((m) => ({ transform, distance: m.distance })),
      );
      expect(found).toEqual([{ transform: 'rotate90', distance: 12 }]);
    });

    it('answers a batch as it answers each query, naming a bad value by its place', () => {
      const queries = planted.slice(0, 40).map((p) => p.source);
      expect(index.queryMany(queries, 31)).toEqual(queries.map((q) => index.query(q, 31)));
      expect(index.queryMany([], 31)).toEqual([]);
      expect(() => index.queryMany([queries[0], 'xyz'], 31)).toThrow('values[1]');
    });
  });

  it('indexes rows added after a compaction in tables of their own, then compacts all, as a scan answers', () => {
    const seeded = seededRandom(17);
    const rows: PdqEntry<number>[] = Array.from({ length: 4000 }, (_, id) => ({
      id,
      hex: randomHex(seeded),
    }));
    const index = new PdqIndex<number>({ maxPending: 10 });
    for (const { id, hex } of rows) index.add(id, hex);
    index.compact();
    const check = () => {
      for (let i = 0; i < rows.length; i += 97) {
        const q = flipRandom(rows[i].hex, 1 + (i % 31), seeded);
        expect(index.query(q, 31)).toEqual(bruteForceQuery(rows, q, 31));
      }
    };
    // 300 near the first rows: past 10 pending, under a quarter of 4,000: tables of their own.
    for (let i = 0; i < 300; i++) {
      rows.push({ id: 4000 + i, hex: flipRandom(rows[i * 13].hex, 1 + (i % 31), seeded) });
      index.add(4000 + i, rows[rows.length - 1].hex);
      if (i % 50 === 0) check();
    }
    check();
    // Past a quarter of the rest: everything is rebuilt.
    for (let i = 0; i < 1200; i++) {
      rows.push({ id: 5000 + i, hex: flipRandom(rows[i].hex, 1 + (i % 31), seeded) });
      index.add(5000 + i, rows[rows.length - 1].hex);
    }
    check();
    expect(index.size).toBe(5500);
  });

  describe('snapshots for other threads', () => {
    it('answers through queryPdqSnapshot and resolve as query does, rows added or removed since included', () => {
      const seeded = seededRandom(11);
      const rows = Array.from({ length: 5000 }, (_, id) => ({ id, hex: randomHex(seeded) }));
      const index = new PdqIndex<number>({ maxPending: 1_000_000 });
      for (const { id, hex } of rows) index.add(id, hex);
      const snapshot = index.snapshot();
      expect(snapshot.words.buffer).toBeInstanceOf(SharedArrayBuffer);
      const queries = rows.slice(0, 50).map((r) => flipRandom(r.hex, 1 + (r.id % 31), seeded));
      // Added and removed after the snapshot was taken.
      index.add(9999, queries[3]);
      index.remove(7);
      const found = queryPdqSnapshot(snapshot, queries, 31);
      const resolved = queries.map((q, i) => index.resolve(snapshot, q, found[i], 31));
      expect(resolved).toEqual(queries.map((q) => index.query(q, 31)));
      expect(resolved[3].map((m) => m.id)).toEqual([9999, 3]);
      expect(resolved[7]).toEqual([]);
      // Rows renumbered by a compaction: the snapshot's rows no longer name the same ids.
      for (let id = 0; id < 2000; id++) index.remove(id);
      index.compact();
      expect(index.resolve(snapshot, queries[40], found[40], 31)).toEqual(index.query(queries[40], 31));
      expect(snapshot.words.length).toBeGreaterThanOrEqual(5000 * 8); // the old rows are still whole
      expect(queryPdqSnapshot(snapshot, [rows[10].hex], 0)).toHaveLength(1);
      expect(() => queryPdqSnapshot(snapshot, ['xyz'], 31)).toThrow('values[0]');
      expect(() => queryPdqSnapshot(snapshot, [rows[10].hex], 32)).toThrow('maxDistance');
    });
  });

  describe('addAll', () => {
    it('takes rows and pages of rows from an async source and is ready to query', async () => {
      const seeded = seededRandom(5);
      const rows = Array.from({ length: 3000 }, (_, id) => ({ id, hex: randomHex(seeded) }));
      async function* pages() {
        for (let i = 0; i < 2000; i += 500) yield rows.slice(i, i + 500);
        for (const row of rows.slice(2000)) yield row;
      }
      const index = new PdqIndex<number>({ maxPending: 0 });
      expect(await index.addAll(pages())).toBe(3000);
      expect(index.size).toBe(3000);
      for (const row of rows.slice(0, 100))
        expect(index.query(row.hex, 0)).toEqual([{ id: row.id, distance: 0 }]);
    });

    it('keeps integer and other ids apart when they come mixed', async () => {
      const seeded = seededRandom(6);
      const index = new PdqIndex<number | string>();
      const a = randomHex(seeded);
      const b = randomHex(seeded);
      await index.addAll([
        { id: 7, hex: a },
        { id: 'seven', hex: b },
        { id: 1.5, hex: a },
      ]);
      expect(index.query(a, 0)).toEqual([
        { id: 7, distance: 0 },
        { id: 1.5, distance: 0 },
      ]);
      expect(index.query(b, 0)).toEqual([{ id: 'seven', distance: 0 }]);
      expect(index.remove(7)).toBe(true);
      expect(index.has(7)).toBe(false);
      expect(index.has('seven')).toBe(true);
    });
  });

  describe('remove', () => {
    it('forgets a removed hash, whether compacted or pending', () => {
      const index = withNoise({ maxPending: 1_000_000 });
      index.compact();
      const near = flipRandom(original, 3, random);
      index.add('pending', near);
      expect(index.size).toBe(noise.length + 2);
      expect(index.query(original).map((m) => m.id)).toEqual(['original', 'pending']);

      expect(index.remove('original')).toBe(true);
      expect(index.remove('pending')).toBe(true);
      expect(index.remove('pending')).toBe(false);
      expect(index.has('original')).toBe(false);
      expect(index.size).toBe(noise.length);
      expect(index.query(original)).toEqual([]);
      expect(index.scan(original, 256)).toHaveLength(noise.length);
    });

    it('keeps the right ids after compaction drops removed rows', () => {
      const index = withNoise({ maxPending: 0 });
      for (let i = 0; i < noise.length; i += 2) index.remove(`noise-${i}`);
      index.compact();
      for (let i = 0; i < noise.length; i++) {
        const expected = i % 2 === 0 ? [] : [{ id: `noise-${i}`, distance: 0 }];
        expect(index.query(noise[i], 0)).toEqual(expected);
      }
      expect(index.remove('noise-1')).toBe(true);
      expect(index.query(noise[1], 31)).toEqual([]);
      expect(index.query(original, 0)).toEqual([{ id: 'original', distance: 0 }]);
      expect(index.size).toBe(noise.length / 2);
    });

    it('replaces the hash of an id added twice', () => {
      const index = withNoise();
      index.compact();
      const elsewhere = randomHex(random);
      index.add('original', elsewhere);
      expect(index.size).toBe(noise.length + 1);
      expect(index.query(original)).toEqual([]);
      expect(index.query(elsewhere)).toEqual([{ id: 'original', distance: 0 }]);
    });
  });

  it('grows past its initial capacity and compacts lazily on query', () => {
    const index = new PdqIndex<number>({ initialCapacity: 16, maxPending: 10 });
    const seeded = seededRandom(3);
    const hashes = Array.from({ length: 300 }, () => randomHex(seeded));
    hashes.forEach((hex, i) => {
      index.add(i, hex);
      if (i % 37 === 0) expect(index.query(hashes[i >> 1], 31)).toEqual([{ id: i >> 1, distance: 0 }]);
    });
    hashes.forEach((hex, i) =>
      expect(index.query(flipRandom(hex, 20, seeded))).toEqual([{ id: i, distance: 20 }]),
    );
  });

  it('rejects an invalid hash or distance, naming the field', () => {
    const index = withNoise();
    expect(() => index.add('bad', 'xyz')).toThrow('hash.value');
    expect(index.has('bad')).toBe(false);
    expect(() => index.query('g'.repeat(64))).toThrow('hash.value');
    expect(() => index.query(original, 257)).toThrow('maxDistance');
    expect(() => index.query(original, 1.5)).toThrow('maxDistance');
    expect(() => index.query(original, -1)).toThrow(DomainError);
    expect(() => bruteForceQuery([], original, -1)).toThrow('maxDistance');
  });

  it('answers an empty index', () => {
    const index = new PdqIndex<string>();
    expect(index.size).toBe(0);
    expect(index.query(original)).toEqual([]);
    index.compact();
    expect(index.query(original)).toEqual([]);
  });
});
