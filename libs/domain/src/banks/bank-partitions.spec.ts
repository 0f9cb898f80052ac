import type { BankPartitionJob, BankPartitionResult } from '@hub/contracts';
import { dihedralVariants } from '../matching/dihedral';
import { LocalBankPdqLookup } from './bank-pdq.lookup';
import {
  answerPartitionJob,
  bankPartitionOf,
  isBankPartitionCount,
  mergePartitionAnswers,
  partialBankNote,
  PartitionedBankPdqLookup,
  partitionBits,
  type BankPartitionTransport,
} from './bank-partitions';
import { BankPdqIndex } from './bank-pdq.index';
import { seededRandom } from '@hub/testing';

const random = seededRandom(16);
const randomHex = (): string =>
  Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16)).join('');
/** Flips the given bits (0 is the first bit of the hex value). */
const flip = (hex: string, bits: number[]): string => {
  const nibbles = [...hex].map((c) => parseInt(c, 16));
  for (const bit of bits) nibbles[bit >> 2] ^= 8 >> (bit & 3);
  return nibbles.map((n) => n.toString(16)).join('');
};

describe('bank index partitions', () => {
  it('counts partitions in powers of two up to 256', () => {
    expect([1, 2, 4, 64, 256].map(isBankPartitionCount)).toEqual([true, true, true, true, true]);
    expect([0, 3, 6, 512, 1.5, -2].map(isBankPartitionCount)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(partitionBits(1)).toBe(0);
    expect(partitionBits(8)).toBe(3);
    expect(() => partitionBits(12)).toThrow(RangeError);
  });

  it('puts a hash in the partition its first bits name', () => {
    const zeros = '0'.repeat(62);
    expect(bankPartitionOf(`7f${zeros}`, 1)).toBe(0);
    expect(bankPartitionOf(`7f${zeros}`, 2)).toBe(0);
    expect(bankPartitionOf(`80${zeros}`, 2)).toBe(1);
    expect(bankPartitionOf(`c0${zeros}`, 4)).toBe(3);
    expect(bankPartitionOf(`5f${zeros}`, 4)).toBe(1);
    expect(bankPartitionOf(`a7${zeros}`, 256)).toBe(0xa7);
    // Even: each of 4 partitions holds about a quarter of random hashes.
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4_000; i++) counts[bankPartitionOf(randomHex(), 4)]++;
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(120);
  });

  it('merges partition answers by distance, and lists the partitions missing', () => {
    const missing = new Set<number>();
    const answers: (BankPartitionResult | null)[] = [
      { partition: 0, size: 3, found: [[1, 5, 2, 9], []] },
      null,
      {
        partition: 2,
        size: 2,
        found: [
          [2, 4],
          [7, 0],
        ],
      },
    ];
    const merged = mergePartitionAnswers(answers, missing);
    expect(merged.map((m) => Object.fromEntries(m))).toEqual([{ 1: 5, 2: 4 }, { 7: 0 }]);
    expect([...missing]).toEqual([1]);
    expect(partialBankNote({ missing: [1], partitions: 4 })).toBe(
      'bank partitions 1 of 4 did not answer in time: bank hits from them may be missing',
    );
  });

  describe('asked through a transport', () => {
    const PARTITIONS = 4;
    const full = new BankPdqIndex();
    const parts = Array.from({ length: PARTITIONS }, () => new BankPdqIndex());
    const queries: string[][] = [];
    // Signals near each query whose first bits differ from the query's, so its hits lie in several
    // partitions; one planted near a rotation of the query.
    let seq = 0;
    const addSignal = (hex: string): void => {
      seq++;
      full.add(seq, hex);
      parts[bankPartitionOf(hex, PARTITIONS)].add(seq, hex);
    };
    for (let q = 0; q < 40; q++) {
      const query = randomHex();
      queries.push(q % 10 === 0 ? [query, randomHex(), randomHex()] : [query]);
      addSignal(flip(query, [0, 100, 200]));
      addSignal(flip(query, [1, 50]));
      addSignal(
        flip(
          query,
          [
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
            27, 28, 29,
          ],
        ),
      );
      addSignal(flip(dihedralVariants(query)[1].hash, [0, 77]));
    }
    for (let i = 0; i < 3_000; i++) addSignal(randomHex());

    const transport = (
      answering: (p: number) => boolean,
      jobs: BankPartitionJob[] = [],
    ): BankPartitionTransport => ({
      partitions: PARTITIONS,
      timeoutMs: 1_000,
      fanOut: (job) => {
        jobs.push(job);
        return Promise.resolve(
          parts.map((index, p) => (answering(p) ? answerPartitionJob(index, p, job) : null)),
        );
      },
    });

    it('each partition holds only hashes whose first bits name it', () => {
      expect(parts.reduce((n, p) => n + p.size, 0)).toBe(full.size);
      for (const part of parts) expect(Math.abs(part.size - full.size / PARTITIONS)).toBeLessThan(150);
    });

    it('finds what one index holding every signal finds', async () => {
      const expected = await new LocalBankPdqLookup(full).near(queries, 31);
      const jobs: BankPartitionJob[] = [];
      const found = await new PartitionedBankPdqLookup(transport(() => true, jobs)).near(queries, 31);
      expect(found.missing).toEqual([]);
      expect(found.near.map((m) => [...m].sort())).toEqual(expected.near.map((m) => [...m].sort()));
      expect(expected.near.every((m) => m.size >= 4)).toBe(true);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ variants: true, maxDistance: 31 });
      expect(jobs[0].hashes).toHaveLength(queries.flat().length);
    });

    it('sends up to 1,000 hashes a job, and maps the answers back to their queries', async () => {
      const many = Array.from({ length: 2_300 }, (_, i) => [queries[i % queries.length][0]]);
      const jobs: BankPartitionJob[] = [];
      const found = await new PartitionedBankPdqLookup(transport(() => true, jobs)).near(many, 10);
      expect(jobs.map((j) => j.hashes.length)).toEqual([1_000, 1_000, 300]);
      const expected = await new LocalBankPdqLookup(full).near(many, 10);
      expect(found.near.map((m) => [...m].sort())).toEqual(expected.near.map((m) => [...m].sort()));
    });

    it('answers from the partitions that answered and names the one that did not', async () => {
      const found = await new PartitionedBankPdqLookup(transport((p) => p !== 2)).near(queries, 31);
      expect(found).toMatchObject({ missing: [2], partitions: PARTITIONS });
      const expected = await new LocalBankPdqLookup(full).near(queries, 31);
      const inTwo = new Set<number>();
      for (const near of expected.near) for (const s of near.keys()) if (parts[2].has(s)) inTwo.add(s);
      expect(inTwo.size).toBeGreaterThan(0);
      const without = expected.near.map((m) => [...m].filter(([s]) => !inTwo.has(s)).sort());
      expect(found.near.map((m) => [...m].sort())).toEqual(without);
    });

    it('looks a hash up as it is only when the job asks no variants', () => {
      const query = queries[1][0];
      const job = { hashes: [query], variants: false, maxDistance: 31, deadline: Date.now() + 1_000 };
      const plain = parts.flatMap((index, p) => answerPartitionJob(index, p, job).found[0]).length / 2;
      const all =
        parts.flatMap((index, p) => answerPartitionJob(index, p, { ...job, variants: true }).found[0])
          .length / 2;
      expect(all).toBe(plain + 1);
    });
  });
});
