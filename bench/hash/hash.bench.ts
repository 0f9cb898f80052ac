import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { hammingDistance, pdqHash, pdqHashDihedral, type Pixels } from '@hub/media-hash';
import { decodeImageFile, hashImageFile, ImageHashPool } from '@hub/media-hash/node';
import { arg, round, runBench, saveResult } from '../lib/bench-hub';

/**
 * PDQ hashing on Meta's eight 1600×1004 bridge JPEGs (test/fixtures/media/pdq/jpeg). Goals (issue 15):
 * (a) hash alone, decoded pixels in: ≤ 6 ms a picture (Meta's C++: 4.1 ms); (b) end to end from files on
 * one core: ≥ 60 pictures/s (Meta's C++ tool with ImageMagick: 72 ms a picture); (c) with all cores.
 * Every measure is taken `--runs` times (the machine is shared): the table gives the best and the median.
 * Where the time goes (node --cpu-prof): the sharp decode is about two thirds of a file's CPU, the hash a
 * quarter (box filter passes ~60% of it, luma ~20%, the DCT ~5%). JPEG shrink-on-load was measured and
 * left out: decoding at 1/2 scale saves no CPU on these pictures (entropy decoding dominates), and at 1/4
 * the hashes drift up to 12 bits from Meta's, past the bar of 10.
 * Run: `npm run build:server && node dist/bench/hash/hash.bench.js [--runs=5 --rounds=25 --files=96]`.
 */
const RUNS = arg('runs', 5);
const ROUNDS = arg('rounds', 25);
const FILES = arg('files', 96);
const FIXTURES = join(__dirname, '../../../test/fixtures/media/pdq');
const NAMES = [
  'bridge-1-original',
  'bridge-2-rotate-90',
  'bridge-3-rotate-180',
  'bridge-4-rotate-270',
  'bridge-5-flipx',
  'bridge-6-flipy',
  'bridge-7-flip-plus-1',
  'bridge-8-flip-minus-1',
];
const JPEGS = NAMES.map((n) => join(FIXTURES, 'jpeg', `${n}.jpg`));

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (values: number[], better: 'low' | 'high') => ({
  best: round(better === 'low' ? Math.min(...values) : Math.max(...values), 2),
  median: round(median(values), 2),
  runs: values.map((v) => round(v, 2)),
});

/** Milliseconds of wall time and of this process's CPU (all its threads) taken by `work`. */
async function timed(work: () => Promise<void> | void): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function hashAlone(
  pixels: Pixels[],
  hash: (p: Pixels) => unknown,
): Promise<{ wall: number[]; cpu: number[] }> {
  for (let r = 0; r < 3; r++) for (const p of pixels) hash(p); // warm the JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t = await timed(() => {
      for (let r = 0; r < ROUNDS; r++) for (const p of pixels) hash(p);
    });
    wall.push(t.wallMs / (ROUNDS * pixels.length));
    cpu.push(t.cpuMs / (ROUNDS * pixels.length));
  }
  return { wall, cpu };
}

/** Files per second of wall time and per second of this process's CPU, over `RUNS` runs of `work`. */
async function rate(count: number, work: () => Promise<unknown>): Promise<{ wall: number[]; cpu: number[] }> {
  await work(); // warm: JIT, sharp, the threads
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t = await timed(async () => void (await work()));
    wall.push((count * 1000) / t.wallMs);
    cpu.push((count * 1000) / t.cpuMs);
  }
  return { wall, cpu };
}

/** At most `limit` of `items` in flight at once through `each`. */
async function inFlight<T>(items: T[], limit: number, each: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await each(items[next++]);
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const files = Array.from({ length: FILES }, (_, i) => JPEGS[i % JPEGS.length]);
  const pixels = await Promise.all(JPEGS.map((path) => decodeImageFile(path)));

  const alone = await hashAlone(pixels, pdqHash);
  const dihedral = await hashAlone(pixels, pdqHashDihedral);
  const decode = await rate(files.length, () => inFlight(files, 1, (path) => decodeImageFile(path)));

  // (b) one core: one file at a time, from the bytes on disk to the hash (sharp's libvips runs one thread
  // per picture by default on glibc Linux, and one picture is in flight): on one thread of the pool, as
  // the CLI does, and for comparison on this process's main thread, whose heap holds the bench's imports.
  const single = new ImageHashPool({ size: 1, inFlightPerThread: 1 });
  let oneCore: { wall: number[]; cpu: number[] };
  try {
    oneCore = await rate(files.length, () => inFlight(files, 1, (path) => single.hash(path)));
  } finally {
    await single.close();
  }
  const oneCoreMain = await rate(files.length, () => inFlight(files, 1, (path) => hashImageFile(path)));

  // (c) all cores: the worker-thread pool with every file submitted at once; and, for comparison, the main
  // thread alone with four files in flight (sharp decodes on libuv's threads, the hash runs on the main one).
  const pool = new ImageHashPool();
  let allCores: { wall: number[]; cpu: number[] };
  try {
    allCores = await rate(files.length, () => Promise.all(files.map((path) => pool.hash(path))));
  } finally {
    await pool.close();
  }
  const mainThread = await rate(files.length, () => inFlight(files, 4, (path) => hashImageFile(path)));

  // The bar the speed must not cost: every JPEG within distance 10 of Meta's hash.
  const expected = new Map(
    readFileSync(join(FIXTURES, 'expected.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .map(([hash, , file]) => [join(FIXTURES, file), hash]),
  );
  const distances = await Promise.all(
    JPEGS.map(async (path) => hammingDistance((await hashImageFile(path)).hash, expected.get(path)!)),
  );

  const result = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    loadAverage: { before: round(loadBefore, 1), after: round(loadavg()[0], 1) },
    pictures: `${JPEGS.length} JPEGs, 1600×1004`,
    hashAloneMs: { wall: spread(alone.wall, 'low'), cpu: spread(alone.cpu, 'low') },
    hashDihedralMs: { wall: spread(dihedral.wall, 'low'), cpu: spread(dihedral.cpu, 'low') },
    decodeOnlyPerSecond: { wall: spread(decode.wall, 'high'), cpu: spread(decode.cpu, 'high') },
    endToEndOneCorePerSecond: { wall: spread(oneCore.wall, 'high'), cpu: spread(oneCore.cpu, 'high') },
    endToEndOneCoreMainThreadPerSecond: {
      wall: spread(oneCoreMain.wall, 'high'),
      cpu: spread(oneCoreMain.cpu, 'high'),
    },
    endToEndPoolPerSecond: { wall: spread(allCores.wall, 'high'), threads: pool.size },
    endToEndMainThreadFourInFlightPerSecond: { wall: spread(mainThread.wall, 'high') },
    maxDistanceToReference: Math.max(...distances),
    goals: { hashAloneMs: 6, oneCorePerSecond: 60 },
  };
  saveResult('hash', result);
  const row = (what: string, s: { best: number; median: number }, unit: string, goal = '') =>
    `| ${what} | ${s.best} ${unit} | ${s.median} ${unit} | ${goal} |`;
  process.stdout.write(
    [
      `${result.machine}; load average ${result.loadAverage.before} → ${result.loadAverage.after}; ${result.pictures};`,
      `${RUNS} runs each (${ROUNDS} rounds of hashing, ${FILES} files end to end). CPU figures count this`,
      "process's CPU time (all its threads): what the work costs whatever else the machine runs.",
      '',
      '| measure | best | median | goal |',
      '|---|---|---|---|',
      row('(a) hash alone, decoded pixels in: wall', result.hashAloneMs.wall, 'ms', '≤ 6 ms (C++ 4.1 ms)'),
      row('(a) hash alone: CPU', result.hashAloneMs.cpu, 'ms'),
      row('(a) the 8 dihedral hashes: wall', result.hashDihedralMs.wall, 'ms'),
      row('decode alone (sharp), one at a time: wall', result.decodeOnlyPerSecond.wall, '/s'),
      row(
        '(b) file to hash, one at a time, one pool thread: wall',
        result.endToEndOneCorePerSecond.wall,
        '/s',
        '≥ 60/s (C++ 14/s)',
      ),
      row('(b) the same: per CPU-second', result.endToEndOneCorePerSecond.cpu, '/s', '≥ 60/s'),
      row('(b) one at a time on the main thread: wall', result.endToEndOneCoreMainThreadPerSecond.wall, '/s'),
      row('(b) the same: per CPU-second', result.endToEndOneCoreMainThreadPerSecond.cpu, '/s'),
      row(
        `(c) file to hash, pool of ${pool.size} threads: wall`,
        result.endToEndPoolPerSecond.wall,
        '/s',
        'all cores',
      ),
      row(
        '(c) main thread, 4 files in flight: wall',
        result.endToEndMainThreadFourInFlightPerSecond.wall,
        '/s',
      ),
      '',
      `Largest distance of a JPEG hash to Meta's: ${result.maxDistanceToReference} (bar: 10).`,
      '',
    ].join('\n'),
  );
}

runBench(main);
