import { HubClient, seedDemo, type SeededMember } from '@hub/client';
import { ApiClient } from './api-client';
import { randomBytes } from 'node:crypto';
import { freePort, HubProcess, migrateFromBuild } from './processes';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './test-database';
import { waitFor } from './test-database';

export interface ProcessHub {
  db: TestDatabase;
  url: string;
  admin: ApiClient;
  api: HubProcess;
  worker: HubProcess;
  /** The demo cast, seeded at start. */
  cast: Record<string, SeededMember>;
  /** Stops the processes (SIGTERM, plus any `also` started later) and drops the database. */
  close(also?: (HubProcess | undefined)[]): Promise<void>;
}

/**
 * The api and the worker as processes of their own, started from the build on a migrated database of the
 * test's, for tests that kill and restart them: ready when `/health/ready` answers, with the demo cast seeded.
 */
export async function startProcessHub(options: {
  label: string;
  redisUrl?: string;
  env?: Record<string, string>;
}): Promise<ProcessHub> {
  const db = await createTestDatabase(options.label);
  const migrated = migrateFromBuild(db.url);
  if (migrated.status !== 0) throw new Error(`db:migrate failed: ${migrated.stderr}`);
  const port = await freePort();
  const token = `${options.label}-admin-${port}-${randomBytes(12).toString('hex')}`;
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: options.redisUrl ?? TEST_REDIS_URL,
    HUB_KEY_PREFIX: `p${randomBytes(5).toString('hex')}`,
    PORT: String(port),
    HUB_BOOTSTRAP_TOKEN: token,
    HUB_RATE_LIMIT_PER_MINUTE: '100000',
    HUB_WEBHOOK_ALLOW_PRIVATE: 'true', // the tests' webhook receivers listen on 127.0.0.1
    ...options.env,
  };
  const api = new HubProcess('apps/api/src/main.js', env).start();
  const worker = new HubProcess('apps/worker/src/main.js', env).start();
  const url = `http://127.0.0.1:${port}`;
  const admin = new ApiClient(url, token);
  try {
    await waitFor(
      () => fetch(`${url}/health/ready`).then((r) => r.status),
      (s) => s === 200,
      { timeoutMs: 30_000, what: `api ready ${api.output}` },
    );
  } catch (error) {
    await Promise.all([api.kill(), worker.kill()]);
    await db.drop();
    throw error;
  }
  const cast = await seedDemo(new HubClient({ url, token }));
  return {
    db,
    url,
    admin,
    api,
    worker,
    cast,
    async close(also = []) {
      for (const child of [...also, worker, api]) await child?.kill('SIGTERM');
      await db.drop();
    },
  };
}
