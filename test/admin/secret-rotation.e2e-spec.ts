import { HUB_OPTIONS } from '@hub/app';
import {
  startTestHub,
  verifySignature,
  waitFor,
  WebhookReceiver,
  type Cast,
  type ReceivedWebhook,
  type TestHub,
} from '@hub/testing';
import { createHmac } from 'node:crypto';

const OLD_SECRET = 'rotation-old-secret-0123456789';

/** `X-Hub-Signature-Previous`, checked as a platform would check `X-Hub-Signature`. */
function verifyPrevious(secret: string, request: ReceivedWebhook): boolean {
  const expected = `sha256=${createHmac('sha256', secret).update(`${request.headers['x-hub-timestamp']}.${request.body}`).digest('hex')}`;
  return request.headers['x-hub-signature-previous'] === expected;
}

/**
 * Rotating a platform's webhook secret: the new one signs at once, the old one beside it until the grace
 * period ends (on a clock the test moves), then the new one alone. Received by a real webhook receiver.
 */
describe('webhook secret rotation', () => {
  let t: TestHub;
  let as: Cast;
  let offsetMs = 0;
  const receiver = new WebhookReceiver();
  let platformId: string;
  let incidentId: string;
  let shared = 0;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, {
      label: 'rotate',
      options: { clock: { now: () => new Date(Date.now() + offsetMs) } },
    });
    as = await t.seed();
    platformId = (await t.webhookPlatform({ secret: OLD_SECRET, exerciseSecret: OLD_SECRET, receiver })).id;
    incidentId = (
      await as.coordinator.api.post('/incidents', {
        title: 'Rotation',
        summary: 's',
        category: 'terrorist_content',
        level: 'incident',
        mode: 'live',
        participants: [as.be.organisation.id, platformId],
        platforms: [],
      })
    ).body.id;
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  /** Shares an item that concerns the platform and answers the webhook request it caused. */
  async function delivered(): Promise<ReceivedWebhook> {
    const res = await as.be.api.post(`/incidents/${incidentId}/items`, {
      kind: 'url',
      url: `https://hookshare.example/v/rotation-${++shared}`,
      channel: 'referral',
    });
    expect(res.status).toBe(201);
    return (await waitFor(
      () =>
        receiver.received.find(
          (r) => r.json?.event === 'item.shared' && r.json?.item?.id === res.body.item.id,
        ),
      Boolean,
      // Deliveries go through the relay and the queue: allow for a loaded machine.
      { timeoutMs: 30_000, what: 'the webhook of the shared item' },
    ))!;
  }

  it('signs with the new secret, and with the old one beside it during the grace period only', async () => {
    const before = await delivered();
    expect(verifySignature(OLD_SECRET, before)).toBe(true);
    expect(before.headers['x-hub-signature-previous']).toBeUndefined();

    const rotated = await t.admin.post(`/organisations/${platformId}/webhook/rotate-secret`, {
      graceMinutes: 30,
    });
    expect(rotated.status).toBe(200);
    const secret: string = rotated.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(rotated.body).toMatchObject({ webhook: 'webhook', previousSecretValidUntil: expect.any(String) });
    const row = await t.sql.query(
      `SELECT webhook_secret, webhook_previous_secret, webhook_previous_secret_until FROM organisations WHERE id = $1`,
      [platformId],
    );
    expect(row.rows[0]).toMatchObject({ webhook_secret: secret, webhook_previous_secret: OLD_SECRET });
    const listed = (await t.admin.get('/organisations?limit=500')).body.items.find(
      (o: { id: string }) => o.id === platformId,
    );
    expect(listed.webhook).toEqual({
      url: expect.stringContaining('/live'),
      previousSecretValidUntil: rotated.body.previousSecretValidUntil,
    });
    expect(JSON.stringify(listed)).not.toContain(secret);

    const during = await delivered();
    expect(verifySignature(secret, during)).toBe(true);
    expect(verifySignature(OLD_SECRET, during)).toBe(false);
    expect(verifyPrevious(OLD_SECRET, during)).toBe(true);

    // Thirty-one minutes later by the hub's clock: the old secret signs no more.
    offsetMs += 31 * 60_000;
    const after = await delivered();
    expect(verifySignature(secret, after)).toBe(true);
    expect(after.headers['x-hub-signature-previous']).toBeUndefined();

    const audit = await t.sql.query(
      `SELECT actor_member_id, data FROM admin_audit WHERE action = 'organisation.webhook_secret_rotated'`,
    );
    expect(audit.rows).toEqual([
      {
        actor_member_id: (await t.admin.get('/me')).body.member.id,
        data: {
          webhook: 'webhook',
          graceMinutes: 30,
          previousSecretValidUntil: rotated.body.previousSecretValidUntil,
        },
      },
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain(secret);
  });

  it('rotates without a grace period, and the exercise webhook on its own', async () => {
    const now = await t.admin.post(`/organisations/${platformId}/webhook/rotate-secret`, { graceMinutes: 0 });
    expect(now.status).toBe(200);
    expect(now.body.previousSecretValidUntil).toBeUndefined();
    const request = await delivered();
    expect(verifySignature(now.body.secret, request)).toBe(true);
    expect(request.headers['x-hub-signature-previous']).toBeUndefined();

    const exercise = await t.admin.post(`/organisations/${platformId}/webhook/rotate-secret`, {
      webhook: 'exerciseWebhook',
    });
    expect(exercise.status).toBe(200);
    const row = await t.sql.query(
      `SELECT webhook_secret, exercise_webhook_secret, exercise_webhook_previous_secret FROM organisations WHERE id = $1`,
      [platformId],
    );
    expect(row.rows[0]).toEqual({
      webhook_secret: now.body.secret,
      exercise_webhook_secret: exercise.body.secret,
      exercise_webhook_previous_secret: OLD_SECRET,
    });
  });

  it('refuses a bad rotation, naming the field, and changes nothing', async () => {
    const before = await t.sql.query(`SELECT * FROM organisations WHERE id = $1`, [platformId]);
    const url = `/organisations/${platformId}/webhook/rotate-secret`;
    for (const [body, field] of [
      [{ graceMinutes: -1 }, 'graceMinutes'],
      [{ graceMinutes: 10_081 }, 'graceMinutes'],
      [{ graceMinutes: 1.5 }, 'graceMinutes'],
      [{ webhook: 'other' }, 'webhook'],
      [{ secret: 'chosen-by-the-admin-0123' }, 'secret'],
    ] as const) {
      const res = await t.admin.post(url, body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    }
    expect((await t.sql.query(`SELECT * FROM organisations WHERE id = $1`, [platformId])).rows).toEqual(
      before.rows,
    );
    const none = await t.admin.post(
      `/organisations/${as.clipcast.organisation.id}/webhook/rotate-secret`,
      {},
    );
    expect(none.status).toBe(409);
    expect(none.body.message).toContain('webhook');
    expect(
      (await t.admin.post(`/organisations/00000000-0000-4000-8000-000000000000/webhook/rotate-secret`, {}))
        .status,
    ).toBe(404);
    expect((await as.coordinator.api.post(url, {})).status).toBe(403);
  });
});
