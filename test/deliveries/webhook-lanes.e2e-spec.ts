import { HUB_OPTIONS } from '@hub/app';
import {
  startTestHub,
  verifySignature,
  waitFor,
  type Cast,
  type ReceivedWebhook,
  type TestHub,
  type WebhookPlatform,
} from '@hub/testing';

const SECRET = 'lane-webhook-secret-0123456789ab';
const STEADY_SECRET = 'steady-webhook-secret-0123456789';
const SINGLE_SECRET = 'single-webhook-secret-0123456789';

/** A small deterministic generator: the same delays and failures on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Every event a receiver got (in batches, or one per POST), in arrival order, and whether it was accepted. */
const arrivals = (platform: WebhookPlatform) =>
  platform.receiver.received.flatMap((request) =>
    ((request.json?.events ?? [request.json]) as any[]).map((event) => ({
      itemId: event.item.id as string,
      accepted: request.status !== undefined && request.status < 300,
      request,
    })),
  );

/** How many first arrivals came after an item later in the log (0 when every first arrival is in order). */
function outOfOrder(itemIds: string[], seqOf: Map<string, number>): number {
  const seen = new Set<string>();
  let highest = -1;
  let late = 0;
  for (const id of itemIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    const seq = seqOf.get(id)!;
    if (seq < highest) late += 1;
    highest = Math.max(highest, seq);
  }
  return late;
}

describe('deliveries: each platform’s webhook is a lane, in the order of the log', () => {
  let t: TestHub;
  let as: Cast;
  let flaky: WebhookPlatform;
  let steady: WebhookPlatform;
  let single: WebhookPlatform;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'lanes', env: { HUB_WEBHOOK_BACKOFF_MS: '50' } });
    as = await t.seed();
    flaky = await t.webhookPlatform({ secret: SECRET, platformKey: 'flakyshare', path: '/flaky' });
    steady = await t.webhookPlatform({ secret: STEADY_SECRET, platformKey: 'steadyshare', path: '/steady' });
    single = await t.webhookPlatform({ secret: SINGLE_SECRET, platformKey: 'singleshare', path: '/single' });
    for (const [platform, secret, path] of [
      [flaky, SECRET, '/flaky'],
      [steady, STEADY_SECRET, '/steady'],
    ] as const) {
      const res = await t.admin.patch(`/organisations/${platform.id}`, {
        webhook: { url: `${platform.url}${path}`, secret, batch: true },
      });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('delivers a burst of 2,000 items at least once and in order, however the platform delays and fails, while another platform’s lane runs on', async () => {
    const next = random(29);
    // The first request fails, then about one in three, each after up to 40 ms: a failed batch holds its
    // lane until it is accepted.
    flaky.receiver.delay = () => Math.floor(next() * 40);
    flaky.receiver.respond = (r) => (flaky.receiver.received.indexOf(r) === 0 || next() < 0.3 ? 503 : 200);
    // A platform that keeps one POST per event: its lane is as strict, one event at a time.
    single.receiver.delay = () => Math.floor(next() * 5);
    single.receiver.respond = (r) => (single.receiver.received.indexOf(r) === 0 || next() < 0.05 ? 503 : 200);
    const incident = (
      await as.coordinator.api.post('/incidents', {
        title: 'A flood at a flaky platform',
        summary: 's',
        category: 'terrorist_content',
        level: 'incident',
        mode: 'live',
        participants: [as.be.organisation.id, flaky.id, steady.id, single.id],
        platforms: [],
      })
    ).body;
    const host = (i: number) =>
      i % 4 === 3 ? 'steadyshare.example' : i % 4 === 2 ? 'singleshare.example' : 'flakyshare.example';
    // Bulks of 100, two at a time: the log interleaves them as they commit.
    const bulks = Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: 100 }, (_, i) => ({
        kind: 'url',
        url: `https://${host(b * 100 + i)}/burst/${b}/${i}`,
        channel: 'referral',
      })),
    );
    for (let b = 0; b < bulks.length; b += 2) {
      const answers = await Promise.all(
        bulks
          .slice(b, b + 2)
          .map((items) => as.be.api.post(`/incidents/${incident.id}/items/bulk`, { items })),
      );
      for (const res of answers) expect(res.status).toBe(200);
    }
    const { rows } = await t.sql.query<{ item: string; url: string; seq: number }>(
      `SELECT data->>'itemId' AS item, data->>'url' AS url, seq FROM incident_events
        WHERE incident_id = $1 AND type = 'item.shared'`,
      [incident.id],
    );
    expect(rows).toHaveLength(2_000);
    const seqOf = new Map(rows.map((r) => [r.item, r.seq]));
    const owed = (key: string) => rows.filter((r) => r.url.includes(`${key}.example`)).map((r) => r.item);

    for (const [platform, key, secret] of [
      [flaky, 'flakyshare', SECRET],
      [steady, 'steadyshare', STEADY_SECRET],
      [single, 'singleshare', SINGLE_SECRET],
    ] as const) {
      const want = new Set(owed(key));
      const got = (await waitFor(
        async () => arrivals(platform).filter((a) => a.accepted),
        (list) => new Set(list.map((a) => a.itemId)).size >= want.size,
        { what: `every item accepted at ${key}`, timeoutMs: 120_000 },
      ))!;
      // Every item at least once, nothing else.
      expect(new Set(got.map((a) => a.itemId))).toEqual(want);
      // First arrivals in the log's order, counting failed requests too, and first accepted ones as well.
      expect(
        outOfOrder(
          arrivals(platform).map((a) => a.itemId),
          seqOf,
        ),
      ).toBe(0);
      expect(
        outOfOrder(
          got.map((a) => a.itemId),
          seqOf,
        ),
      ).toBe(0);
      expect(platform.receiver.received.every((r: ReceivedWebhook) => verifySignature(secret, r))).toBe(true);
    }
    const failed = flaky.receiver.received.filter((r) => r.status === 503);
    expect(failed.length).toBeGreaterThan(0);
    // A failed batch is sent again before anything after it: the next request carries its events (and
    // may carry those queued since).
    for (const request of failed) {
      const after = flaky.receiver.received[flaky.receiver.received.indexOf(request) + 1];
      const ids = request.json.events.map((e: any) => e.id);
      if (after) expect(after.json.events.map((e: any) => e.id)).toEqual(expect.arrayContaining(ids));
    }
    // One POST per event where the platform keeps them, each with its event id.
    expect(single.receiver.received.every((r) => r.json.item && r.headers['x-hub-event-id'])).toBe(true);
    expect(single.receiver.received.some((r) => r.status === 503)).toBe(true);
    // Each cell notified, each delivery recorded once (a batch as one event, a single delivery as its own).
    await waitFor(
      async () =>
        (
          await t.sql.query(
            `SELECT count(*)::int AS n FROM containment_cells WHERE incident_id = $1 AND status = 'notified'`,
            [incident.id],
          )
        ).rows[0].n,
      (n) => n === 2_000,
      { what: 'every cell notified' },
    );
    const recorded = await t.sql.query<{ items: number }>(
      `SELECT sum(coalesce((data->>'itemCount')::int, 1))::int AS items FROM incident_events
        WHERE incident_id = $1 AND type = 'delivery.succeeded'`,
      [incident.id],
    );
    expect(recorded.rows[0].items).toBe(2_000);
    const lanes = await t.sql.query(`SELECT count(*)::int AS n FROM webhook_outbox`);
    expect(lanes.rows[0].n).toBe(0);
  });
});
