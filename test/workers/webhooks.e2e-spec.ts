import { HUB_OPTIONS } from '@hub/app';
import { QueueFactory } from '@hub/platform';
import {
  ApiClient,
  startTestHub,
  verifySignature,
  waitFor,
  WebhookReceiver,
  type Cast,
  type TestHub,
} from '@hub/testing';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECRET = 'live-webhook-secret-0123456789';
const EXERCISE_SECRET = 'exercise-webhook-secret-0123456789';

/** A protocol with a 3-second acknowledgement deadline at crisis level, so deadlines fire during the test. */
function fastProtocols(): string {
  const file = join(tmpdir(), `protocols-fast-${process.pid}.yaml`);
  const text = readFileSync(join(__dirname, '..', '..', 'config', 'protocols.yaml'), 'utf8').replace(
    /acknowledgeMinutes: 15/g,
    'acknowledgeMinutes: 0.05',
  );
  writeFileSync(file, text);
  return file;
}

describe('workers: the relay, webhooks and deadlines', () => {
  let t: TestHub;
  let as: Cast;
  const receiver = new WebhookReceiver();
  let hook: { id: string; api: ApiClient };
  beforeAll(async () => {
    await receiver.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'webhooks',
      env: {
        HUB_PROTOCOL_FILE: fastProtocols(),
        HUB_WEBHOOK_BACKOFF_MS: '100',
        HUB_OVERDUE_REPEAT_MINUTES: '0.03',
      },
    });
    as = await t.seed();
    const org = await t.webhookPlatform({ secret: SECRET, exerciseSecret: EXERCISE_SECRET, receiver });
    const member = await t.admin.post(`/organisations/${org.id}/members`, {
      displayName: 'HookShare liaison',
      role: 'liaison',
    });
    hook = { id: org.id, api: t.client(member.body.token) };
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const declare = async (mode: 'live' | 'exercise', level = 'incident') =>
    (
      await as.coordinator.api.post('/incidents', {
        title: `${mode} webhooks`,
        summary: 's',
        category: 'terrorist_content',
        level,
        mode,
        participants: [as.be.organisation.id, hook.id],
        platforms: [],
      })
    ).body;
  const eventsOf = async (incidentId: string) =>
    (await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`)).body.items as any[];

  it('delivers a signed webhook and marks the cell notified', async () => {
    const incident = await declare('live');
    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://hookshare.example/v/signed',
      channel: 'referral',
    });
    const request = (await waitFor(
      () => receiver.received.find((r) => r.json?.item?.id === shared.body.item.id),
      Boolean,
      { what: 'webhook' },
    ))!;
    expect(request.path).toBe('/live');
    expect(verifySignature(SECRET, request)).toBe(true);
    expect(verifySignature('wrong-secret', request)).toBe(false);
    expect(Math.abs(Number(request.headers['x-hub-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(request.json).toMatchObject({
      event: 'item.shared',
      incident: { id: incident.id, mode: 'live' },
      item: { id: shared.body.item.id, url: 'https://hookshare.example/v/signed' },
      cell: { platformKey: 'hookshare', itemId: shared.body.item.id },
    });
    const sharedEvent = (await eventsOf(incident.id)).find((e) => e.type === 'item.shared');
    expect(request.headers['x-hub-event-id']).toBe(sharedEvent.id);
    await waitFor(
      async () =>
        (await as.coordinator.api.get(`/incidents/${incident.id}/items/${shared.body.item.id}`)).body
          .containment[0].status,
      (s) => s === 'notified',
      { what: 'notified' },
    );
    const succeeded = (await eventsOf(incident.id)).filter((e) => e.type === 'delivery.succeeded');
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0].data).toMatchObject({
      platformKey: 'hookshare',
      itemId: shared.body.item.id,
      statusCode: 200,
      cellStatusBefore: 'pending',
    });
  });

  it('retries an endpoint that fails twice until it answers', async () => {
    const incident = await declare('live');
    let failures = 0;
    receiver.respond = (r) => (r.json?.incident?.id === incident.id && failures++ < 2 ? 503 : 200);
    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://hookshare.example/v/retry',
      channel: 'referral',
    });
    await waitFor(
      async () => (await eventsOf(incident.id)).find((e) => e.type === 'delivery.succeeded'),
      Boolean,
      { what: 'delivery after retries' },
    );
    receiver.respond = () => 200;
    const attempts = receiver.received.filter((r) => r.json?.item?.id === shared.body.item.id);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['x-hub-event-id'])).size).toBe(1);
    expect((await eventsOf(incident.id)).find((e) => e.type === 'delivery.succeeded').data.attempt).toBe(3);
  });

  it('sends exercise data only to the exercise webhook', async () => {
    const incident = await declare('exercise');
    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://hookshare.example/v/drill',
      channel: 'referral',
    });
    const request = (await waitFor(
      () => receiver.received.find((r) => r.json?.item?.id === shared.body.item.id),
      Boolean,
      { what: 'exercise webhook' },
    ))!;
    expect(request.path).toBe('/exercise');
    expect(verifySignature(EXERCISE_SECRET, request)).toBe(true);
    await waitFor(
      async () => (await eventsOf(incident.id)).some((e) => e.type === 'delivery.succeeded'),
      Boolean,
    );
    expect(
      receiver.received.filter((r) => r.path === '/live' && r.json?.incident?.id === incident.id),
    ).toHaveLength(0);
  });

  it('raises containment.overdue for an unacknowledged cell, re-notifies, and repeats until it is resolved', async () => {
    const incident = await declare('live', 'crisis');
    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://hookshare.example/v/late',
      channel: 'referral',
    });
    const overdue = await waitFor(
      async () => (await eventsOf(incident.id)).filter((e) => e.type === 'containment.overdue'),
      (list) => list.length >= 2,
      { timeoutMs: 30_000, what: 'two overdue events' },
    );
    expect(overdue[0].data).toMatchObject({
      itemId: shared.body.item.id,
      platformKey: 'hookshare',
      kind: 'ack',
      repeat: 0,
    });
    expect(overdue[1].data.repeat).toBe(1);
    await waitFor(
      () =>
        receiver.received.filter(
          (r) => r.json?.event === 'containment.overdue' && r.json?.item?.id === shared.body.item.id,
        ).length,
      (n) => n >= 1,
      { what: 're-notification' },
    );
    const cell = (await as.coordinator.api.get(`/incidents/${incident.id}/items/${shared.body.item.id}`)).body
      .containment[0];
    expect(cell.overdue).toBe(true);
    await hook.api.post(`/incidents/${incident.id}/items/${shared.body.item.id}/containment/hookshare`, {
      status: 'acknowledged',
    });
    const after = (await eventsOf(incident.id)).filter((e) => e.type === 'containment.overdue');
    // Once the next reminder was due, it found the cell acknowledged and appended nothing.
    const nextAt = new Date(after[after.length - 1].data.nextAt).getTime();
    await waitFor(
      () => Date.now(),
      (now) => now > nextAt + 2_000,
      { what: 'the next reminder time' },
    );
    await waitFor(
      async () => (await t.hub.app.get(QueueFactory).counts())['hub-deadlines'],
      (c: any) => c && c.active === 0,
      { what: 'idle deadlines' },
    );
    expect((await eventsOf(incident.id)).filter((e) => e.type === 'containment.overdue')).toHaveLength(
      after.length,
    );
  });
});
