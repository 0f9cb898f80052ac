import {
  ApiClient,
  addWebhookPlatform,
  freePort,
  HubProcess,
  PrivateRedis,
  startProcessHub,
  waitFor,
  WebhookReceiver,
  type ProcessHub,
} from '@hub/testing';

const SECRET = 'fault-test-webhook-secret-0123456789';

/**
 * Kill the worker, lose Redis, lose the receiver: every delivery still arrives, and every cell ends
 * notified. The api and the worker run as processes of their own, on a database and a Redis of the test's.
 */
describe('faults', () => {
  let hub: ProcessHub;
  let redis: PrivateRedis;
  let worker: HubProcess;
  let standby: HubProcess | undefined;
  let url: string;
  const receiver = new WebhookReceiver();
  let receiverPort: number;
  let cast: ProcessHub['cast'];
  let hookOrg: string;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    receiverPort = await freePort();
    await receiver.start(receiverPort);
    hub = await startProcessHub({
      label: 'faults',
      redisUrl: redis.url,
      env: { HUB_WEBHOOK_BACKOFF_MS: '100' },
    });
    ({ worker, url, cast } = hub);
    hookOrg = (await addWebhookPlatform(hub.admin, { secret: SECRET, path: '/hook', receiver })).id;
  });

  afterAll(async () => {
    await hub?.close([standby]);
    await redis?.stop();
    await receiver.stop();
  });

  async function burst(
    label: string,
    n: number,
    during?: (shared: () => number) => Promise<void>,
  ): Promise<string> {
    const coordinator = new ApiClient(url, cast.coordinator.token);
    const incident = (
      await coordinator.post('/incidents', {
        title: label,
        summary: 's',
        category: 'terrorist_content',
        level: 'incident',
        mode: 'live',
        participants: [cast.be.organisation.id, hookOrg],
        platforms: [],
      })
    ).body;
    const be = new ApiClient(url, cast.be.token);
    let shared = 0;
    const sharing = (async () => {
      for (let i = 0; i < n; i += 25) {
        const items = Array.from({ length: Math.min(25, n - i) }, (_, k) => ({
          kind: 'url',
          url: `https://hookshare.example/${label}/${i + k}`,
          channel: 'referral',
        }));
        const res = await be.post(`/incidents/${incident.id}/items/bulk`, { items });
        expect(res.status).toBe(200);
        shared += items.length;
      }
    })();
    await during?.(() => shared);
    await sharing;
    return incident.id;
  }

  async function expectAllNotified(incidentId: string, n: number): Promise<void> {
    await waitFor(
      async () =>
        (
          await hub.db.sql.query(
            `SELECT count(*)::int AS n FROM containment_cells WHERE incident_id = $1 AND status = 'notified'`,
            [incidentId],
          )
        ).rows[0].n,
      (notified) => notified === n,
      {
        timeoutMs: 120_000,
        intervalMs: 250,
        what: `all ${n} cells notified (worker: ${worker.output.slice(-300)})`,
      },
    );
    const shared = await hub.db.sql.query(
      `SELECT id::text FROM incident_events WHERE incident_id = $1 AND type = 'item.shared'`,
      [incidentId],
    );
    expect(shared.rowCount).toBe(n);
    const seq = await hub.db.sql.query(
      `SELECT min(seq) AS lo, max(seq) AS hi, count(*)::int AS n FROM incident_events WHERE incident_id = $1`,
      [incidentId],
    );
    expect(seq.rows[0]).toEqual({ lo: 1, hi: seq.rows[0].n, n: seq.rows[0].n });
    const succeeded = await hub.db.sql.query(
      // A run of single POSTs is one event listing its deliveries (`deliveryIds`); each delivery once.
      `SELECT count(DISTINCT d)::int AS n, count(*)::int AS total
         FROM incident_events e,
              jsonb_array_elements_text(coalesce(e.data -> 'deliveryIds', jsonb_build_array(e.data -> 'deliveryId'))) AS d
        WHERE e.incident_id = $1 AND e.type = 'delivery.succeeded'`,
      [incidentId],
    );
    expect(succeeded.rows[0]).toEqual({ n, total: n });
    // At least once at the receiver: repeats carry the same event id, so the platform can drop them.
    const ids = new Set(shared.rows.map((r) => r.id));
    const got = receiver.received.filter((r) => r.json?.incident?.id === incidentId);
    expect(got.length).toBeGreaterThanOrEqual(n);
    expect(new Set(got.map((r) => r.headers['x-hub-event-id'])).size).toBe(n);
    expect(got.every((r) => ids.has(String(r.headers['x-hub-event-id'])))).toBe(true);
  }

  it('loses nothing when the worker is killed in the middle of a burst of 500 shares', async () => {
    const incidentId = await burst('kill', 500, async (shared) => {
      await waitFor(
        () => shared(),
        (n) => n >= 150,
        { what: '150 shared' },
      );
      await worker.kill('SIGKILL');
      await waitFor(
        () => shared(),
        (n) => n >= 300,
        { what: '300 shared' },
      );
      worker.start();
    });
    // Jobs the killed worker held are taken back once their locks expire (BullMQ's stalled-job check).
    await expectAllNotified(incidentId, 500);
  }, 180_000);

  it('re-drives the jobs when Redis is flushed and restarted during a burst', async () => {
    const incidentId = await burst('flush', 300, async (shared) => {
      await waitFor(
        () => shared(),
        (n) => n >= 100,
        { what: '100 shared' },
      );
      receiver.respond = () => 503; // keep jobs waiting in Redis, so the flush loses them
      await waitFor(
        () => shared(),
        (n) => n >= 200,
        { what: '200 shared' },
      );
      await redis.flushAndStop();
      await redis.start();
      receiver.respond = () => 200;
    });
    await expectAllNotified(incidentId, 300);
  }, 180_000);

  it('delivers everything after the webhook receiver was down for 30 s', async () => {
    await receiver.stop();
    const down = Date.now();
    const incidentId = await burst('down', 100);
    // The outage itself is the scenario: the receiver stays away for 30 s, then comes back.
    await waitFor(
      () => Date.now() - down,
      (ms) => ms >= 30_000,
      { timeoutMs: 40_000, intervalMs: 500, what: '30 s of outage' },
    );
    await receiver.start(receiverPort);
    await expectAllNotified(incidentId, 100);
  }, 180_000);

  it('hands the relay to a standby worker within seconds when the leader dies', async () => {
    standby = new HubProcess('apps/worker/src/main.js', worker.env).start();
    // The standby is up (each process keeps one connection following the log: api, worker, standby)
    // while the first worker still holds the relay lock.
    await waitFor(
      async () =>
        (
          await hub.db.sql.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'crisis-hub-feed'`,
            [hub.db.name],
          )
        ).rows[0].n,
      (n) => n >= 3,
      { what: 'standby connected' },
    );
    const lockHolder = async () =>
      (
        await hub.db.sql.query(
          // Relays of other test files hold the same key in their own databases: count this one's only.
          `SELECT count(*)::int AS n FROM pg_locks
            WHERE locktype = 'advisory' AND objid = 72011401 AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
          [hub.db.name],
        )
      ).rows[0].n;
    expect(await lockHolder()).toBe(1);
    await worker.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(lockHolder, (n) => n === 1, {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'the standby taking the relay',
    });
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(10_000);
    const incidentId = await burst('takeover', 50);
    await expectAllNotified(incidentId, 50);
  }, 120_000);
});
