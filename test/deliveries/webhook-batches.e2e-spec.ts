import { HUB_OPTIONS } from '@hub/app';
import { QUEUES } from '@hub/contracts';
import { QueueFactory } from '@hub/platform';
import {
  startTestHub,
  verifySignature,
  waitFor,
  WebhookReceiver,
  type Cast,
  type ReceivedWebhook,
  type TestHub,
  type WebhookPlatform,
} from '@hub/testing';

const SECRET = 'batch-webhook-secret-0123456789';
const SINGLE_SECRET = 'single-webhook-secret-0123456789';

/** The events a batch receiver got, in arrival order, with the request each came in. */
const batchEvents = (receiver: WebhookReceiver, incidentId: string) =>
  receiver.received.flatMap((request) =>
    ((request.json?.events ?? []) as any[])
      .filter((e) => e.incident?.id === incidentId)
      .map((event) => ({ event, request })),
  );

describe('deliveries: platforms that take their webhooks in batches', () => {
  let t: TestHub;
  let as: Cast;
  let batched: WebhookPlatform;
  let single: WebhookPlatform;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'batches', env: { HUB_WEBHOOK_BACKOFF_MS: '100' } });
    as = await t.seed();
    batched = await t.webhookPlatform({ secret: SECRET, platformKey: 'batchshare', path: '/batch' });
    const patched = await t.admin.patch(`/organisations/${batched.id}`, {
      webhook: { url: `${batched.url}/batch`, secret: SECRET, batch: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.webhook).toEqual({ url: `${batched.url}/batch`, batch: true });
    single = await t.webhookPlatform({ secret: SINGLE_SECRET, platformKey: 'singleshare', path: '/single' });
  });
  afterAll(async () => {
    await t?.close();
    await batched?.receiver.stop();
    await single?.receiver.stop();
  });

  const declare = async () =>
    (
      await as.coordinator.api.post('/incidents', {
        title: 'A flood',
        summary: 's',
        category: 'terrorist_content',
        level: 'incident',
        mode: 'live',
        participants: [as.be.organisation.id, batched.id, single.id],
        platforms: [],
      })
    ).body;
  const eventsOf = async (incidentId: string) =>
    (await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`)).body.items as any[];
  const bulk = async (incidentId: string, host: string, n: number, tag: string) => {
    const res = await as.be.api.post(`/incidents/${incidentId}/items/bulk`, {
      items: Array.from({ length: n }, (_, i) => ({
        kind: 'url',
        url: `https://${host}/${tag}/${i}`,
        channel: 'referral',
      })),
    });
    expect(res.status).toBe(200);
    return (res.body.results as any[]).map((r) => r.item.id as string);
  };

  it('sends a bulk in order in few signed POSTs of events carrying their ids, and records each batch once', async () => {
    const incident = await declare();
    const ids = await bulk(incident.id, 'batchshare.example', 40, 'flood');
    const got = (await waitFor(
      async () => batchEvents(batched.receiver, incident.id),
      (list) => list.length >= 40,
      { what: 'the bulk at the batch webhook' },
    ))!;
    // In order, each once, as `item.shared` events with the log's event id of each share.
    expect(got.map((g) => g.event.item.id)).toEqual(ids);
    const shared = new Map(
      (await eventsOf(incident.id)).filter((e) => e.type === 'item.shared').map((e) => [e.data.itemId, e.id]),
    );
    for (const { event } of got) {
      expect(event).toMatchObject({
        id: shared.get(event.item.id),
        event: 'item.shared',
        incident: { id: incident.id, mode: 'live' },
        cell: { platformKey: 'batchshare', itemId: event.item.id },
      });
    }
    // Far fewer POSTs than items, each signed once over its whole body, none larger than 500.
    const requests = [...new Set(got.map((g) => g.request))];
    expect(requests.length).toBeLessThan(40);
    for (const request of requests) {
      expect(request.path).toBe('/batch');
      expect(verifySignature(SECRET, request)).toBe(true);
      expect(verifySignature(SINGLE_SECRET, request)).toBe(false);
      expect(request.json.events.length).toBeLessThanOrEqual(500);
      expect(Object.keys(request.json)).toEqual(['events']);
    }
    // `notified` for every cell, and one `delivery.succeeded` per POST listing its items.
    await waitFor(
      async () =>
        (await eventsOf(incident.id))
          .filter((e) => e.type === 'delivery.succeeded' && e.data.platformKey === 'batchshare')
          .reduce((n, e) => n + e.data.itemCount, 0),
      (n) => n === 40,
      { what: 'the batches recorded' },
    );
    const succeeded = (await eventsOf(incident.id)).filter(
      (e) => e.type === 'delivery.succeeded' && e.data.platformKey === 'batchshare',
    );
    expect(succeeded).toHaveLength(requests.length);
    expect(succeeded.flatMap((e) => e.data.itemIds)).toEqual(ids);
    expect(succeeded[0].data).toMatchObject({ batch: true, statusCode: 200, attempt: 1 });
    const items = (await as.coordinator.api.get(`/incidents/${incident.id}/items?limit=100`)).body
      .items as any[];
    const cells = items.flatMap((i) => i.containment).filter((c) => c.platformKey === 'batchshare');
    expect(cells).toHaveLength(40);
    expect(cells.every((c) => c.status === 'notified')).toBe(true);
  });

  it('sends a POST that spans incidents with each event under its own incident, item and cell, recorded in each', async () => {
    const [gate, ...others] = [await declare(), await declare(), await declare()];
    // The platform refuses the gate's head until the other incidents' events are queued behind it, so the
    // lane's next heads hold events of several incidents.
    let open = false;
    const touches = (r: ReceivedWebhook, incidentId: string) =>
      ((r.json?.events ?? []) as any[]).some((e) => e.incident?.id === incidentId);
    batched.receiver.respond = (r) => (!open && touches(r, gate.id) ? 503 : 200);
    try {
      const sharedIn = new Map<string, string>();
      for (const id of await bulk(gate.id, 'batchshare.example', 3, 'gate')) sharedIn.set(id, gate.id);
      await waitFor(
        async () => batched.receiver.received.filter((r) => touches(r, gate.id)).length,
        (n) => n >= 1,
        { what: "the gate's head refused" },
      );
      const shared = await Promise.all(
        others.map((incident, k) => bulk(incident.id, 'batchshare.example', 5, `span${k}`)),
      );
      shared.forEach((ids, k) => ids.forEach((id) => sharedIn.set(id, others[k].id)));
      await waitFor(
        async () =>
          (
            await t.sql.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM webhook_outbox
                WHERE platform_key = 'batchshare' AND incident_id = ANY($1::uuid[])`,
              [others.map((i) => i.id)],
            )
          ).rows[0].n,
        (n) => n === 10,
        { what: 'the other incidents queued behind the gate' },
      );
      open = true;
      const accepted = () => batched.receiver.received.filter((r) => r.status === 200 && r.json?.events);
      await waitFor(
        async () => new Set(accepted().flatMap((r) => r.json.events.map((e: any) => e.item.id))),
        (got) => [...sharedIn.keys()].every((id) => got.has(id)),
        { what: 'every item of the three incidents at the webhook' },
      );
      const events = accepted()
        .flatMap((r) => r.json.events as any[])
        .filter((e) => sharedIn.has(e.item.id));
      for (const e of events) {
        expect(e.incident.id).toBe(sharedIn.get(e.item.id));
        expect(e.cell).toMatchObject({ itemId: e.item.id, platformKey: 'batchshare' });
      }
      const spanning = accepted().filter(
        (r) =>
          new Set(r.json.events.filter((e: any) => sharedIn.has(e.item.id)).map((e: any) => e.incident.id))
            .size > 1,
      );
      expect(spanning.length).toBeGreaterThan(0);
      // Each incident records its own part of each POST, and every cell is notified.
      for (const [k, incident] of others.entries()) {
        await waitFor(
          async () =>
            (await eventsOf(incident.id))
              .filter((e) => e.type === 'delivery.succeeded' && e.data.platformKey === 'batchshare')
              .flatMap((e) => e.data.itemIds),
          (ids) => ids.length === 5,
          { what: `the deliveries recorded in incident ${k + 1}` },
        );
        expect(
          (await eventsOf(incident.id))
            .filter((e) => e.type === 'delivery.succeeded' && e.data.platformKey === 'batchshare')
            .flatMap((e) => e.data.itemIds),
        ).toEqual(shared[k]);
        const items = (await as.coordinator.api.get(`/incidents/${incident.id}/items?limit=100`)).body
          .items as any[];
        const cells = items.flatMap((i) => i.containment).filter((c) => c.platformKey === 'batchshare');
        expect(cells.map((c) => c.status)).toEqual(Array(5).fill('notified'));
      }
    } finally {
      batched.receiver.respond = () => 200;
    }
  });

  it('sends a failed batch again until the platform answers, with the same ids, and records it once', async () => {
    const incident = await declare();
    let failures = 0;
    batched.receiver.respond = (r: ReceivedWebhook) =>
      r.json?.events?.[0]?.incident?.id === incident.id && failures++ < 2 ? 503 : 200;
    try {
      const ids = await bulk(incident.id, 'batchshare.example', 10, 'retry');
      await waitFor(
        async () =>
          (await eventsOf(incident.id)).filter(
            (e) => e.type === 'delivery.succeeded' && e.data.platformKey === 'batchshare',
          ),
        (list) => list.reduce((n, e) => n + e.data.itemCount, 0) === 10,
        { what: 'delivery after retries' },
      );
      const attempts = batched.receiver.received.filter(
        (r) => r.json?.events?.[0]?.incident?.id === incident.id,
      );
      expect(attempts.length).toBeGreaterThanOrEqual(3);
      // Every attempt carries the same events under the same ids: a platform drops the repeats.
      const first = attempts[0].json.events.map((e: any) => e.id);
      expect(attempts[1].json.events.map((e: any) => e.id)).toEqual(first);
      expect(attempts[2].json.events.map((e: any) => e.id)).toEqual(first);
      const delivered = attempts.slice(2).flatMap((r) => r.json.events.map((e: any) => e.item.id));
      expect(delivered).toEqual(ids);
      const succeeded = (await eventsOf(incident.id)).filter(
        (e) => e.type === 'delivery.succeeded' && e.data.platformKey === 'batchshare',
      );
      expect(succeeded.flatMap((e) => e.data.itemIds)).toEqual(ids);
      expect(succeeded[0].data.attempt).toBe(3);
    } finally {
      batched.receiver.respond = () => 200;
    }
  });

  it('sends a single job (as the reconciler re-creates one) to a batching platform as a batch of one, recorded once', async () => {
    const incident = await declare();
    const [itemId] = await bulk(incident.id, 'batchshare.example', 1, 'again');
    await waitFor(
      async () => batchEvents(batched.receiver, incident.id),
      (list) => list.length === 1,
      { what: 'the first delivery' },
    );
    await waitFor(
      async () => (await eventsOf(incident.id)).filter((e) => e.type === 'delivery.succeeded'),
      (list) => list.length === 1,
      { what: 'the first delivery recorded' },
    );
    const sharedEvent = (await eventsOf(incident.id)).find((e) => e.type === 'item.shared');
    const queue = t.hub.app.get(QueueFactory).queue(QUEUES.deliveries);
    await queue.add(
      'deliveries',
      {
        eventId: sharedEvent.id,
        incidentId: incident.id,
        itemId,
        platformKey: 'batchshare',
        reason: 'item',
      },
      { jobId: `again_${itemId}` },
    );
    const got = (await waitFor(
      async () => batchEvents(batched.receiver, incident.id),
      (list) => list.length === 2,
      { what: 'the repeated delivery' },
    ))!;
    expect(got[1].request.json.events).toHaveLength(1);
    expect(got[1].event).toMatchObject({ id: sharedEvent.id, item: { id: itemId } });
    expect(verifySignature(SECRET, got[1].request)).toBe(true);
    await waitFor(
      async () => (await queue.getJob(`again_${itemId}`))?.getState(),
      (state) => state === 'completed',
      { what: 'the repeated job done' },
    );
    // The delivery was recorded by the first POST: the repeat adds no event.
    const succeeded = (await eventsOf(incident.id)).filter((e) => e.type === 'delivery.succeeded');
    expect(succeeded).toHaveLength(1);
  });

  it('keeps one POST per event for a platform that did not ask for batches', async () => {
    const incident = await declare();
    const ids = await bulk(incident.id, 'singleshare.example', 5, 'single');
    const got = (await waitFor(
      async () => single.receiver.received.filter((r) => r.json?.incident?.id === incident.id),
      (list) => list.length >= 5,
      { what: 'single deliveries' },
    ))!;
    expect(got).toHaveLength(5);
    expect(new Set(got.map((r) => r.json.item.id))).toEqual(new Set(ids));
    const shared = new Map(
      (await eventsOf(incident.id)).filter((e) => e.type === 'item.shared').map((e) => [e.data.itemId, e.id]),
    );
    for (const request of got) {
      expect(Object.keys(request.json).sort()).toEqual(['cell', 'event', 'incident', 'item']);
      expect(request.headers['x-hub-event-id']).toBe(shared.get(request.json.item.id));
      expect(verifySignature(SINGLE_SECRET, request)).toBe(true);
    }
    // The run of five POSTs is one line in the log and the room, listing each delivery once.
    const recorded = (await waitFor(
      async () =>
        (await eventsOf(incident.id)).filter(
          (e) => e.type === 'delivery.succeeded' && e.data.platformKey === 'singleshare',
        ),
      (list) => list.flatMap((e) => e.data.itemIds ?? [e.data.itemId]).length === 5,
      { what: 'the single deliveries recorded' },
    ))!;
    expect(recorded).toHaveLength(1);
    expect(recorded[0].data).toMatchObject({ batch: false, itemCount: 5, simulated: false });
    expect(new Set(recorded[0].data.itemIds)).toEqual(new Set(ids));
    expect(new Set(recorded[0].data.deliveryIds).size).toBe(5);
    expect(recorded[0].data.posts.map((p: { statusCode: number }) => p.statusCode)).toEqual([
      200, 200, 200, 200, 200,
    ]);
  });

  it('refuses a batch flag that is not a boolean, naming the field, and changes nothing', async () => {
    const res = await t.admin.patch(`/organisations/${single.id}`, {
      webhook: { url: `${single.url}/single`, secret: SINGLE_SECRET, batch: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('batch');
    const list = await t.admin.get('/organisations?limit=200');
    const org = (list.body.items as any[]).find((o) => o.id === single.id);
    expect(org.webhook).toEqual({ url: `${single.url}/single` });
  });

  it("shows the event loop's delay in /metrics", async () => {
    const stat = (text: string, name: string) =>
      Number(new RegExp(`hub_event_loop_delay_seconds\\{stat="${name}"\\} (\\S+)`).exec(text)?.[1] ?? NaN);
    // The first window is full after 5 s: then the delay measured is above nothing.
    const metrics = (await waitFor(
      async () => String((await t.admin.get<string>('/metrics')).body),
      (text) => stat(text, 'max') > 0,
      { what: 'a full window of loop delay', timeoutMs: 15_000 },
    ))!;
    expect(stat(metrics, 'p50')).toBeGreaterThan(0);
    expect(stat(metrics, 'p99')).toBeGreaterThanOrEqual(stat(metrics, 'p50'));
    expect(stat(metrics, 'max')).toBeGreaterThanOrEqual(stat(metrics, 'p99'));
  });
});
