import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  migrateFromBuild,
  TEST_REDIS_URL,
  waitFor,
  type TestDatabase,
} from '@hub/testing';

const ROOT = join(__dirname, '..', '..');
const node = (script: string, env: Record<string, string>) =>
  spawn(process.execPath, [join(ROOT, script)], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('migrations and the scale-out processes', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('scale');
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.on('exit', resolve))),
      ),
    );
    await db.drop();
  });

  it('db:migrate applies every migration to an empty database, then finds nothing to do', async () => {
    const first = migrateFromBuild(db.url);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('applied: InitialSchema');
    const tables = await db.sql.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'organisations',
        'members',
        'tokens',
        'incidents',
        'items',
        'containment_cells',
        'incident_events',
        'hub_migrations',
      ]),
    );
    const second = migrateFromBuild(db.url);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('up to date');
  });

  it('runs the api and the worker as separate processes on PostgreSQL and Redis', async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      HUB_KEY_PREFIX: `so${port}`,
      PORT: String(port),
    };
    const api = node('dist/apps/api/src/main.js', env);
    const worker = node('dist/apps/worker/src/main.js', env);
    children.push(api, worker);
    const ready = await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/health/ready`).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as any,
        })),
      (r) => r.status === 200,
      { timeoutMs: 20_000, intervalMs: 100, what: 'api ready' },
    );
    expect(ready.body.details.queues.backend).toBe('redis');
    expect(worker.exitCode).toBeNull();
  });
});
