import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageHashPool, UnsupportedMediaError } from '@hub/media-hash/node';

// The pool's threads run the built worker: `npm run build:server` first.
const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist/libs/media-hash/src/node/image-hash.worker.js');
const FIXTURES = join(ROOT, 'test/fixtures/media/pdq');
const expected = readFileSync(join(FIXTURES, 'expected.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .map(([hash, quality, file]) => ({ hash, quality: Number(quality), path: join(FIXTURES, file) }));

describe('ImageHashPool', () => {
  let pool: ImageHashPool;
  let dir: string;
  beforeAll(() => {
    pool = new ImageHashPool({ size: 2, workerScript: WORKER });
    dir = mkdtempSync(join(tmpdir(), 'hash-pool-'));
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hashes many files at once on its threads, each answer for its own file', async () => {
    // 16 vectors twice over: more requests than the two threads hold, so most wait their turn.
    const jobs = [...expected, ...expected];
    const results = await Promise.all(jobs.map(({ path }) => pool.hash(path)));
    expect(results).toEqual(jobs.map(({ hash, quality }) => ({ hash, quality })));
  });

  it('lists a file it cannot hash with its reason, and hashes the others', async () => {
    const text = join(dir, 'notes.png');
    writeFileSync(text, 'not a picture');
    const [good, bad, missing] = await Promise.allSettled([
      pool.hash(expected[0].path),
      pool.hash(text),
      pool.hash(join(dir, 'missing.jpg')),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: { hash: expected[0].hash, quality: 100 } });
    expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(UnsupportedMediaError);
    expect(bad.status === 'rejected' && bad.reason).toMatchObject({
      path: text,
      reason: 'unsupported-format',
      message: `${text}: unsupported-format: not a JPEG, PNG, WebP, GIF or TIFF`,
    });
    expect(missing.status === 'rejected' && missing.reason).toMatchObject({
      reason: 'unreadable',
      detail: 'ENOENT',
    });
  });

  it('gives the eight dihedral hashes', async () => {
    const { quality, hashes } = await pool.hashDihedral(expected[0].path);
    expect(quality).toBe(100);
    expect(hashes.original).toBe(expected[0].hash);
    expect(Object.keys(hashes)).toHaveLength(8);
  });

  it('fails the requests of a thread that dies, and carries on with a new thread', async () => {
    const dying = join(dir, 'dying.worker.js');
    writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
    const fragile = new ImageHashPool({ size: 1, workerScript: dying });
    try {
      await expect(fragile.hash(expected[0].path)).rejects.toThrow('exited with code 3');
      await expect(fragile.hash(expected[0].path)).rejects.toThrow('exited with code 3');
    } finally {
      await fragile.close();
    }
  });

  it('rejects what is still in flight when closed', async () => {
    const silent = join(dir, 'silent.worker.js');
    writeFileSync(silent, "require('node:worker_threads').parentPort.on('message', () => {});");
    const stuck = new ImageHashPool({ size: 1, workerScript: silent });
    const answers = [
      stuck.hash(expected[0].path),
      stuck.hash(expected[1].path),
      stuck.hash(expected[2].path),
    ];
    const checks = answers.map((answer) => expect(answer).rejects.toThrow('closed'));
    await stuck.close();
    await Promise.all(checks);
  });

  it('refuses work once closed', async () => {
    const closing = new ImageHashPool({ size: 1, workerScript: WORKER });
    await closing.close();
    await expect(closing.hash(expected[0].path)).rejects.toThrow('closed');
  });

  it('says the build is missing rather than failing obscurely', () => {
    expect(() => new ImageHashPool({ workerScript: join(dir, 'nowhere.js') })).toThrow(/build:server/);
  });
});
