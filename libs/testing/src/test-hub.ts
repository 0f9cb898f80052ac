import { HubClient, seedDemo, type SeededMember } from '@hub/client';
import { ApiClient } from './api-client';
import { startHub, type HubPart, type RunningHub, type StartOptions } from '@hub/platform';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './test-database';
import { addWebhookPlatform, type WebhookPlatform, type WebhookPlatformOptions } from './webhook-platform';

export interface TestHub {
  hub: RunningHub;
  db: TestDatabase;
  /** SQL on the hub's database, for what a test reads or arranges behind the API (`t.db.sql`). */
  sql: Pool;
  url: string;
  adminToken: string;
  admin: ApiClient;
  anonymous: ApiClient;
  client(token: string): ApiClient;
  /** The demo cast, seeded on demand: `as.coordinator`, `as.be`, `as.videoshare`, ... */
  seed(): Promise<Record<string, SeededMember & { api: ApiClient }>>;
  /** A platform organisation whose webhooks reach a receiver of the test's, stopped by `close`. */
  webhookPlatform(options: WebhookPlatformOptions): Promise<WebhookPlatform>;
  close(): Promise<void>;
}

export interface TestHubOptions {
  label?: string;
  redis?: boolean;
  parts?: HubPart[];
  env?: Record<string, string>;
  options?: Partial<StartOptions>;
}

/** A hub in this process on a database of its own (and its own Redis key prefix), on a free port. */
export async function startTestHub(
  base: Omit<StartOptions, 'env'>,
  opts: TestHubOptions = {},
): Promise<TestHub> {
  const db = await createTestDatabase(opts.label ?? 'e2e');
  const adminToken = `test-admin-${randomBytes(24).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    HUB_BOOTSTRAP_TOKEN: adminToken,
    HUB_KEY_PREFIX: `t${randomBytes(5).toString('hex')}`,
    HUB_RATE_LIMIT_PER_MINUTE: '100000',
    HUB_WEBHOOK_ALLOW_PRIVATE: 'true', // the tests' webhook receivers listen on 127.0.0.1
    ...(opts.redis === false ? {} : { REDIS_URL: TEST_REDIS_URL }),
    ...opts.env,
  };
  const hub = await startHub({ ...base, ...opts.options, parts: opts.parts ?? base.parts, env });
  const url = hub.url!;
  let seeded: Record<string, SeededMember & { api: ApiClient }> | undefined;
  const platforms: WebhookPlatform[] = [];
  const admin = new ApiClient(url, adminToken);
  return {
    hub,
    db,
    sql: db.sql,
    url,
    adminToken,
    admin,
    anonymous: new ApiClient(url),
    client: (token) => new ApiClient(url, token),
    async seed() {
      if (!seeded) {
        const members = await seedDemo(new HubClient({ url, token: adminToken }));
        seeded = Object.fromEntries(
          Object.entries(members).map(([k, m]) => [k, { ...m, api: new ApiClient(url, m.token) }]),
        );
      }
      return seeded;
    },
    async webhookPlatform(options) {
      const platform = await addWebhookPlatform(admin, options);
      platforms.push(platform);
      return platform;
    },
    async close() {
      await hub.close();
      await Promise.all(platforms.map((p) => p.receiver.stop()));
      await db.drop();
    },
  };
}
