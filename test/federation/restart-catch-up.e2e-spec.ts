import { randomBytes } from 'node:crypto';
import { HUB_OPTIONS } from '@hub/app';
import { HubClient, seedDemo } from '@hub/client';
import { startHub, type RunningHub } from '@hub/platform';
import {
  ApiClient,
  createTestDatabase,
  freePort,
  TEST_REDIS_URL,
  type Cast,
  type TestDatabase,
  type TestHub,
} from '@hub/testing';
import {
  closeAll,
  stopHub,
  declare,
  issue,
  register,
  startNamedHub,
  until,
  verifies,
} from './federation-fixtures';

const N = 200;

const step = (what: string) => process.env.FED_TIMING && console.log(`${new Date().toISOString()} ${what}`);

/**
 * hub-b goes away (its api and workers stop; its database stays) while hub-a shares N items of an `all`
 * incident, then comes back on the same database and address: it catches up (hub-a pushing again and
 * hub-b reading hub-a's feed, both at once) with every item once, answers flow back, and both logs verify.
 */
describe('federation: a peer away and back catches up, nothing lost or doubled', () => {
  let a: TestHub;
  let asA: Cast;
  let db: TestDatabase;
  let b: RunningHub | undefined;
  let env: Record<string, string>;
  let bAdmin: ApiClient;
  let bUrl: string;
  let castB: Record<string, { token: string }>;

  const startB = async () => {
    b = await startHub({ ...HUB_OPTIONS, env });
  };

  beforeAll(async () => {
    a = await startNamedHub('hub-a');
    asA = await a.seed();
    db = await createTestDatabase('fed_restart_b');
    const port = await freePort();
    const token = `restart-admin-${randomBytes(16).toString('hex')}`;
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      PORT: String(port),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      HUB_BOOTSTRAP_TOKEN: token,
      HUB_KEY_PREFIX: `t${randomBytes(5).toString('hex')}`,
      HUB_RATE_LIMIT_PER_MINUTE: '100000',
      HUB_WEBHOOK_ALLOW_PRIVATE: 'true',
      HUB_NAME: 'hub-b',
      HUB_FEDERATION_PULL_SECONDS: '1',
    };
    await startB();
    bUrl = b!.url!;
    bAdmin = new ApiClient(bUrl, token);
    castB = await seedDemo(new HubClient({ url: bUrl, token }));
    const onA = await issue(a, 'hub-b');
    const onB = await issue({ admin: bAdmin }, 'hub-a');
    await register(a, { name: 'hub-b', url: bUrl, token: onB.token, organisationId: onA.organisationId });
    await register(
      { admin: bAdmin },
      { name: 'hub-a', url: a.url, token: onA.token, organisationId: onB.organisationId },
    );
  }, 90_000);

  afterAll(async () => {
    step('closing hub-b');
    if (b) await stopHub(b);
    step('closing hub-a');
    await closeAll([a]);
    step('dropping');
    await db?.drop();
    step('closed');
  }, 60_000);

  const onB = async (originItemIds?: string[]) =>
    (
      await db.sql.query(
        `SELECT (SELECT count(*) FROM items WHERE origin_item_id IS NOT NULL)::int AS items,
                (SELECT count(DISTINCT origin_item_id) FROM items WHERE origin_item_id IS NOT NULL)::int AS distinct_items,
                (SELECT count(*) FROM incident_events WHERE type = 'item.shared')::int AS shared,
                (SELECT count(*) FROM incidents WHERE origin_hub IS NOT NULL)::int AS mirrors,
                (SELECT count(*) FROM items WHERE origin_item_id = ANY($1::uuid[]))::int AS wanted`,
        [originItemIds ?? []],
      )
    ).rows[0];

  it(`stopped while ${N} items are shared, then restarted: each arrives once, answers come back, audits verify`, async () => {
    step('start');
    const incident = await declare(asA, 'all', { title: 'Away and back' });
    const first = await asA.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/away-first',
      channel: 'referral',
    });
    expect(first.status).toBe(201);
    await until(
      () => onB(),
      (c) => c.items === 1,
      'the first item on hub-b',
    );

    step('stopping hub-b');
    await stopHub(b!);
    b = undefined;
    const urls = Array.from({ length: N }, (_, i) => ({
      kind: 'url',
      url: `https://videoshare.example/v/away-${i}`,
      channel: 'referral',
    }));
    const ids: string[] = [];
    for (let i = 0; i < N; i += 50) {
      const res = await asA.be.api.post(`/incidents/${incident.id}/items/bulk`, {
        items: urls.slice(i, i + 50),
      });
      expect(res.status).toBeLessThan(300);
      for (const r of res.body.results) ids.push(r.item.id);
    }
    expect(ids).toHaveLength(N);
    // hub-a sees hub-b away, with what it owes it.
    const away = await until(
      async () => (await a.admin.get('/peers')).body.items[0],
      (p: any) => p.state === 'failing' && p.backlog >= N,
      'hub-b failing on hub-a',
    );
    expect(away.lastError.message).toMatch(/hub-b/);
    expect(await onB()).toMatchObject({ items: 1, shared: 1 });

    step('restarting hub-b');
    await startB();
    expect(b!.url).toBe(bUrl);
    step('waiting for the items');
    const caught = await until(
      () => onB(ids),
      (c) => c.wanted === N,
      `the ${N} items on hub-b`,
      60_000,
    );
    // Both ways ran at once (push and catch-up): still each once.
    expect(caught).toEqual({ items: N + 1, distinct_items: N + 1, shared: N + 1, mirrors: 1, wanted: N });
    const received = await db.sql.query(`SELECT count(*)::int AS n FROM federation_received`);
    expect(received.rows[0].n).toBe(N + 2);
    await until(
      async () => (await a.admin.get('/peers')).body.items[0],
      (p: any) => p.state === 'ok' && p.backlog === 0,
      'hub-b ok on hub-a',
    );

    step('caught up');
    // hub-b's liaison answers after the restart: it reaches hub-a.
    const mirror = (await db.sql.query(`SELECT id FROM incidents WHERE origin_id = $1`, [incident.id]))
      .rows[0].id;
    const item = (await db.sql.query(`SELECT id FROM items WHERE origin_item_id = $1`, [ids[N - 1]])).rows[0]
      .id;
    const ack = await new ApiClient(bUrl, castB.videoshare.token).post(
      `/incidents/${mirror}/items/${item}/containment/videoshare`,
      {
        status: 'acknowledged',
      },
    );
    expect(ack.status).toBe(200);
    const cell = await until(
      async () =>
        (
          await asA.coordinator.api.get(`/incidents/${incident.id}/items/${ids[N - 1]}`)
        ).body.containment?.find((c: any) => c.platformKey === 'videoshare'),
      (c: any) => c?.status === 'acknowledged',
      'the answer on hub-a',
    );
    expect(cell.via).toBe('hub-b');
    // Still once each, after further passes both ways.
    expect(await onB(ids)).toEqual(caught);
    step('answered');
    await verifies(a);
    const verify = await bAdmin.get('/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body.ok ?? verify.body.valid).toBe(true);
  }, 120_000);
});
