import { HubClient, seedDemo, type SeededMember } from '@hub/client';
import {
  ApiClient,
  connectHubs,
  createTestDatabase,
  freePort,
  HubProcess,
  TEST_REDIS_URL,
  waitFor,
  type TestDatabase,
} from '@hub/testing';
import { randomBytes } from 'node:crypto';

/**
 * A hub of the federation bench: the whole hub in one process (`npm start` on the local PostgreSQL and
 * Redis), on a database of its own, under its own HUB_NAME. It can be killed and started again on the
 * same database, port and key prefix: its peers find it where they registered it.
 */
export interface FederationBenchHub {
  name: string;
  url: string;
  db: TestDatabase;
  admin: ApiClient;
  cast: Record<string, SeededMember>;
  process: HubProcess;
  /** Starts the process again: when it was spawned and when `/health/ready` first answered 200. */
  restart(): Promise<{ startedAt: number; readyAt: number }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

export async function startFederationHub(
  name: string,
  env: Record<string, string> = {},
): Promise<FederationBenchHub> {
  const db = await createTestDatabase(`fed${name.replace(/[^a-z0-9]/g, '')}`);
  const port = await freePort();
  const token = `bench-${randomBytes(24).toString('hex')}`;
  const url = `http://127.0.0.1:${port}`;
  const process_ = new HubProcess('apps/hub/src/main.js', {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: String(port),
    HUB_BOOTSTRAP_TOKEN: token,
    HUB_KEY_PREFIX: `f${port}`,
    HUB_NAME: name,
    HUB_RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const ready = async () => {
    await waitFor(
      () =>
        process_.child?.exitCode != null
          ? Promise.reject(new Error(`${name} exited: ${process_.output}`))
          : fetch(`${url}/health/ready`).then((r) => r.status),
      (s) => s === 200,
      { timeoutMs: 120_000, intervalMs: 25, what: `${name} ready` },
    );
    return Date.now();
  };
  process_.start();
  try {
    await ready();
  } catch (error) {
    await process_.kill();
    await db.drop();
    throw error;
  }
  const cast = await seedDemo(new HubClient({ url, token }));
  return {
    name,
    url,
    db,
    admin: new ApiClient(url, token),
    cast,
    process: process_,
    async restart() {
      const startedAt = Date.now();
      process_.start();
      return { startedAt, readyAt: await ready() };
    },
    kill: (signal: NodeJS.Signals = 'SIGKILL') => process_.kill(signal),
    async stop() {
      await process_.kill('SIGTERM');
      await db.drop();
    },
  };
}

/** Connects two bench hubs both ways, as their admins would (libs/testing's `connectHubs`). */
export function connect(a: FederationBenchHub, b: FederationBenchHub): ReturnType<typeof connectHubs> {
  return connectHubs(
    { name: a.name, url: a.url, admin: a.admin },
    { name: b.name, url: b.url, admin: b.admin },
  );
}

/** Declares a live crisis on `hub` concerning videoshare, with the given distribution. */
export async function declare(hub: FederationBenchHub, distribution: string, title: string): Promise<string> {
  const res = await new ApiClient(hub.url, hub.cast.coordinator.token).post('/incidents', {
    title,
    summary: 'A livestream of an attack is being re-uploaded across services.',
    category: 'terrorist_content',
    level: 'crisis',
    mode: 'live',
    participants: [hub.cast.be.organisation.id],
    platforms: ['videoshare'],
    distribution,
  });
  if (res.status !== 201)
    throw new Error(`declare on ${hub.name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** The mirror of `originId` on `hub`, once it is there. */
export async function mirrorOf(
  hub: FederationBenchHub,
  originId: string,
  timeoutMs = 60_000,
): Promise<string> {
  return waitFor(
    async () =>
      (await hub.db.sql.query(`SELECT id FROM incidents WHERE origin_id = $1`, [originId])).rows[0]?.id as
        string | undefined,
    Boolean,
    { timeoutMs, intervalMs: 25, what: `mirror of ${originId} on ${hub.name}` },
  ) as Promise<string>;
}
