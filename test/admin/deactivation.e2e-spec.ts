import { ApiModule } from '@hub/api';
import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import { startHub, type RunningHub } from '@hub/platform';
import {
  ApiClient,
  declareIncident,
  startTestHub,
  TEST_REDIS_URL,
  waitFor,
  type Cast,
  type TestHub,
} from '@hub/testing';

/**
 * Two api instances on one database and Redis (the first with the workers): a deactivation made through
 * one cuts tokens and sockets on both, as soon as the change commits.
 */
describe('deactivation across api instances', () => {
  let t: TestHub;
  let second: RunningHub;
  let as: Cast;
  let onSecond: (token: string) => ApiClient;
  const rooms: RoomClient[] = [];
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'deact' });
    second = await startHub({
      ...HUB_OPTIONS,
      name: 'crisis-hub-second',
      parts: [(config, runtime) => ApiModule.forRoot(config, runtime)],
      migrate: false,
      env: {
        DATABASE_URL: t.db.url,
        REDIS_URL: TEST_REDIS_URL,
        HUB_KEY_PREFIX: t.hub.config.HUB_KEY_PREFIX,
        PORT: '0',
        LOG_LEVEL: 'warn',
        HUB_RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    as = await t.seed();
    onSecond = (token) => new ApiClient(second.url!, token);
  });
  afterAll(async () => {
    for (const room of rooms) room.close();
    await second?.close();
    await t?.close();
  });

  /** A socket in the incident's room on the given instance, joined. */
  async function inRoom(url: string, token: string, incidentId: string): Promise<RoomClient> {
    const room = new RoomClient({ url, token, socketOptions: { reconnection: false } });
    rooms.push(room);
    await room.connected();
    expect((await room.join(incidentId)).lastSeq).toBeGreaterThan(0);
    return room;
  }

  const disconnected = (room: RoomClient) =>
    waitFor(
      () => room.socket.connected,
      (c) => !c,
      { timeoutMs: 5_000, what: 'the socket to be disconnected' },
    );

  it('a deactivated member is refused at once on both instances, and their sockets are closed', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'fr', 'videoshare'] });
    const member = await t.admin.post(`/organisations/${as.be.organisation.id}/members`, {
      displayName: 'Duty officer',
      role: 'authority',
    });
    const token: string = member.body.token;
    // Each instance has resolved the token (and keeps it for a while) before the deactivation.
    expect((await t.client(token).get(`/incidents/${incident.id}`)).status).toBe(200);
    expect((await onSecond(token).get(`/incidents/${incident.id}`)).status).toBe(200);
    const roomOnFirst = await inRoom(t.url, token, incident.id);
    const roomOnSecond = await inRoom(second.url!, token, incident.id);
    const colleague = await inRoom(second.url!, as.be.token, incident.id);

    // Deactivated through the second instance.
    const done = await onSecond(t.adminToken).patch(`/members/${member.body.member.id}`, { active: false });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ active: false, deactivatedAt: expect.any(String) });

    expect((await onSecond(token).get(`/incidents/${incident.id}`)).status).toBe(401);
    // The first instance drops what it kept when PostgreSQL tells it of the commit: well within the two
    // seconds it would otherwise keep a resolved token.
    const started = Date.now();
    await waitFor(
      () =>
        t
          .client(token)
          .get(`/incidents/${incident.id}`)
          .then((r) => r.status),
      (s) => s === 401,
      { timeoutMs: 1_500, what: 'the first instance to refuse the token' },
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    const share = await t.client(token).post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/watch?v=after-deactivation',
      channel: 'referral',
    });
    expect(share.status).toBe(401);
    await disconnected(roomOnFirst);
    await disconnected(roomOnSecond);
    expect(colleague.socket.connected).toBe(true);
    // A new socket is refused at the handshake on either instance.
    for (const url of [t.url, second.url!]) {
      const again = new RoomClient({ url, token, socketOptions: { reconnection: false } });
      rooms.push(again);
      await expect(again.connected()).rejects.toThrow(/deactivated/);
    }
    expect((await t.admin.get(`/organisations/${as.be.organisation.id}/members`)).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: member.body.member.id, active: false })]),
    );
  });

  it("a deactivated organisation's members are refused everywhere, its sockets closed, until it is switched on", async () => {
    const incident = await declareIncident(as, { participants: ['be', 'fr', 'videoshare'] });
    const fr = as.fr;
    expect((await t.client(fr.token).get(`/incidents/${incident.id}`)).status).toBe(200);
    expect((await onSecond(fr.token).get(`/incidents/${incident.id}`)).status).toBe(200);
    const roomOnFirst = await inRoom(t.url, fr.token, incident.id);
    const roomOnSecond = await inRoom(second.url!, fr.token, incident.id);
    const other = await inRoom(t.url, as.be.token, incident.id);

    const done = await t.admin.patch(`/organisations/${fr.organisation.id}`, { active: false });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ active: false, deactivatedAt: expect.any(String) });

    expect((await t.client(fr.token).get('/me')).status).toBe(401);
    await waitFor(
      () =>
        onSecond(fr.token)
          .get('/me')
          .then((r) => r.status),
      (s) => s === 401,
      { timeoutMs: 1_500, what: 'the second instance to refuse the organisation' },
    );
    await disconnected(roomOnFirst);
    await disconnected(roomOnSecond);
    expect(other.socket.connected).toBe(true);
    const listed = await t.admin.get('/organisations?limit=500');
    expect(listed.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: fr.organisation.id, active: false })]),
    );

    // Switched on again: the same token works on both instances.
    expect(
      (await onSecond(t.adminToken).patch(`/organisations/${fr.organisation.id}`, { active: true })).status,
    ).toBe(200);
    expect((await onSecond(fr.token).get('/me')).status).toBe(200);
    await waitFor(
      () =>
        t
          .client(fr.token)
          .get('/me')
          .then((r) => r.status),
      (s) => s === 200,
      { timeoutMs: 1_500, what: 'the first instance to let the organisation in again' },
    );
    const actions = (
      await t.sql.query(`SELECT action FROM admin_audit WHERE subject_id = $1 ORDER BY seq`, [
        fr.organisation.id,
      ])
    ).rows.map((r) => r.action);
    expect(actions).toEqual(['organisation.created', 'organisation.deactivated', 'organisation.reactivated']);
  });

  it('a deactivated platform is told nothing; its cells stay for the coordinators to see', async () => {
    const hook = await t.webhookPlatform({ secret: 'a-long-enough-secret', platformKey: 'quietshare' });
    const incident = (
      await as.coordinator.api.post('/incidents', {
        title: 'Quiet platform',
        summary: 's',
        category: 'terrorist_content',
        level: 'incident',
        mode: 'live',
        participants: [as.be.organisation.id, hook.id],
        platforms: [],
      })
    ).body;
    const share = (n: number) =>
      as.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url: `https://quietshare.example/v/${n}`,
        channel: 'referral',
      });
    await share(1);
    await waitFor(
      () => hook.receiver.received.length,
      (n) => n === 1,
      { timeoutMs: 30_000, what: 'the first delivery' },
    );
    expect((await t.admin.patch(`/organisations/${hook.id}`, { active: false })).status).toBe(200);
    const second = await share(2);
    expect(second.status).toBe(201);
    expect(second.body.item.containment).toEqual([
      expect.objectContaining({ platformKey: 'quietshare', status: 'pending' }),
    ]);
    // The delivery was relayed to the platform's webhook lane, and left it without sending anything or
    // recording a delivery.
    const shared = await t.sql.query(
      `SELECT id FROM incident_events WHERE incident_id = $1 AND type = 'item.shared' AND data->>'itemId' = $2`,
      [incident.id, second.body.item.id],
    );
    await waitFor(
      async () =>
        (
          await t.sql.query(
            `SELECT (SELECT event_id FROM relay_cursors WHERE name = 'jobs') >= $1::bigint
                    AND NOT EXISTS (SELECT 1 FROM webhook_outbox WHERE item_id = $2) AS done`,
            [shared.rows[0].id, second.body.item.id],
          )
        ).rows[0].done,
      (done) => done === true,
      { timeoutMs: 30_000, what: 'the delivery to the deactivated platform to be dropped' },
    );
    const events = await t.sql.query(
      `SELECT type FROM incident_events WHERE incident_id = $1 AND data->>'itemId' = $2 AND type LIKE 'delivery.%'`,
      [incident.id, second.body.item.id],
    );
    expect(events.rows).toEqual([]);
    expect(hook.receiver.received).toHaveLength(1);
  });
});
