import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import type { EventView } from '@hub/contracts';
import { CATALOGUES } from '@hub/i18n';
import { declareIncident, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

describe('the incident room', () => {
  let t: TestHub;
  let as: Cast;
  const clients: RoomClient[] = [];
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'room' });
    as = await t.seed();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(() => t?.close());

  async function connect(who: string): Promise<{ client: RoomClient; events: EventView[] }> {
    const client = new RoomClient({ url: t.url, token: as[who].token });
    clients.push(client);
    const events: EventView[] = [];
    client.onEvent((e) => events.push(e));
    await client.connected();
    return { client, events };
  }
  const share = (who: string, incidentId: string, n: number | string) =>
    as[who].api.post(`/incidents/${incidentId}/items`, {
      kind: 'url',
      url: `https://videoshare.example/room/${n}`,
      channel: 'referral',
    });

  it('sends the backlog first, in order, then live events', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    for (let i = 0; i < 3; i++) await share('be', incident.id, `b${i}`);
    const { client, events } = await connect('coordinator');
    const joined = await client.join(incident.id);
    expect(joined.lastSeq).toBe(4);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[1]).toMatchObject({
      incidentId: incident.id,
      type: 'item.shared',
      actor: { organisationId: as.be.organisation.id },
    });
    await share('be', incident.id, 'live');
    await waitFor(
      () => events.length,
      (n) => n === 5,
      { what: 'live event' },
    );
    expect(events[4]).toMatchObject({ seq: 5, type: 'item.shared' });
  });

  it("carries a liaison's acknowledgement to the coordinator, and refuses another platform's cell", async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare', 'clipcast'] });
    const item = (await share('be', incident.id, 'ack')).body.item;
    const coordinator = await connect('coordinator');
    await coordinator.client.join(incident.id);
    const liaison = await connect('videoshare');
    await liaison.client.join(incident.id);
    const answer = await liaison.client.updateContainment({
      incidentId: incident.id,
      itemId: item.id,
      platformKey: 'videoshare',
      status: 'acknowledged',
    });
    expect(answer).toMatchObject({
      ok: true,
      cell: { itemId: item.id, platformKey: 'videoshare', status: 'acknowledged' },
    });
    await waitFor(() => coordinator.events.find((e) => e.type === 'containment.updated'), Boolean, {
      what: 'acknowledgement at the coordinator',
    });
    expect(coordinator.events.find((e) => e.type === 'containment.updated')!.data).toMatchObject({
      itemId: item.id,
      status: 'acknowledged',
      onBehalf: false,
    });
    const clip = await connect('clipcast');
    const refused = await clip.client.updateContainment({
      incidentId: incident.id,
      itemId: item.id,
      platformKey: 'videoshare',
      status: 'removed',
    });
    expect(refused).toMatchObject({ ok: false, error: { statusCode: 403 } });
    const message = await liaison.client.postMessage(incident.id, 'Removed 40 copies so far');
    expect(message).toMatchObject({ ok: true, message: { type: 'message.posted' } });
  });

  it('tells a refusal in the socket’s language too, keeping the code and the English message', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare', 'clipcast'] });
    const shared = await share('be', incident.id, 'language');
    const item = shared.body.item;
    const refuse = (client: RoomClient) =>
      client.updateContainment({
        incidentId: incident.id,
        itemId: item.id,
        platformKey: 'videoshare',
        status: 'removed',
      });
    const named = new RoomClient({ url: t.url, token: as.clipcast.token, language: () => 'fr' });
    const headed = new RoomClient({
      url: t.url,
      token: as.clipcast.token,
      socketOptions: { extraHeaders: { 'accept-language': 'pl-PL,pl;q=0.9' } },
    });
    const plain = new RoomClient({ url: t.url, token: as.clipcast.token });
    clients.push(named, headed, plain);
    await Promise.all([named.connected(), headed.connected(), plain.connected()]);
    const english = await refuse(plain);
    expect(english).toMatchObject({ ok: false, error: { statusCode: 403 } });
    expect(english.ok === false && english.error.localizedMessage).toBeFalsy();
    for (const [client, language] of [
      [named, 'fr'],
      [headed, 'pl'],
    ] as const) {
      const refused = await refuse(client);
      expect(refused.ok).toBe(false);
      if (refused.ok) continue;
      expect(refused.error.code).toBe(english.ok === false ? english.error.code : undefined);
      expect(refused.error.message).toBe(english.ok === false ? english.error.message : undefined);
      expect(refused.error.localizedMessage).toBe(
        CATALOGUES[language][`error.${refused.error.code}` as keyof (typeof CATALOGUES)['en']],
      );
    }
  });

  it('answers junk with 4xx and never drops the connection', async () => {
    const incident = await declareIncident(as, { participants: ['be'] });
    const { client } = await connect('be');
    const emit = (event: string, payload: unknown) =>
      new Promise<any>((resolve) => (client.socket as any).emit(event, payload, resolve));
    expect((await emit('incident:join', {})).error.statusCode).toBe(400);
    expect((await emit('incident:join', { incidentId: 'nope' })).error).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('incidentId'),
    });
    expect((await emit('incident:join', 'a string')).error.statusCode).toBe(400);
    expect((await emit('incident:join', { incidentId: incident.id, sinceSeq: -1 })).error.statusCode).toBe(
      400,
    );
    expect((await emit('incident:join', { incidentId: incident.id, extra: 1 })).error.statusCode).toBe(400);
    expect(
      (
        await emit('containment:update', {
          incidentId: incident.id,
          itemId: incident.id,
          platformKey: 'videoshare',
          status: 'bogus',
        })
      ).error.statusCode,
    ).toBe(400);
    expect(
      (await emit('message:post', { incidentId: incident.id, text: 'x'.repeat(20_000) })).error.statusCode,
    ).toBe(400);
    expect((await emit('message:post', { incidentId: incident.id, text: 'still here' })).ok).toBe(true);
    expect(client.socket.connected).toBe(true);
  });

  it('refuses to let a non-participant join, and refuses bad tokens at the handshake', async () => {
    const incident = await declareIncident(as, { participants: ['be'] });
    const { client } = await connect('de');
    await expect(client.join(incident.id)).rejects.toMatchObject({ statusCode: 404 });
    const intruder = new RoomClient({
      url: t.url,
      token: 'hub_forged',
      socketOptions: { reconnection: false },
    });
    clients.push(intruder);
    await expect(intruder.connected()).rejects.toThrow(/token/);
  });

  it('replays exactly the events missed while disconnected, in order', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const { client, events } = await connect('videoshare');
    await client.join(incident.id);
    expect(events.map((e) => e.seq)).toEqual([1]);
    client.socket.disconnect();
    for (let i = 0; i < 50; i++) await share('be', incident.id, `missed-${i}`);
    client.socket.connect();
    await waitFor(
      () => events.length,
      (n) => n === 51,
      { what: '50 missed events' },
    );
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('shows presence by organisation and disconnects a revoked token', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'fr'] });
    const fr = await connect('fr');
    const seen: any[] = [];
    fr.client.onPresence((p) => seen.push(p));
    await fr.client.join(incident.id);
    const member = await t.admin.post(`/organisations/${as.be.organisation.id}/members`, {
      displayName: 'Temp BE officer',
      role: 'authority',
    });
    const temp = new RoomClient({
      url: t.url,
      token: member.body.token,
      socketOptions: { reconnection: false },
    });
    clients.push(temp);
    await temp.connected();
    await temp.join(incident.id);
    await waitFor(
      () => seen[seen.length - 1]?.members.length,
      (n) => n === 2,
      { what: 'presence of two' },
    );
    expect(seen[seen.length - 1].members.map((m: any) => m.displayName).sort()).toEqual([
      'FR referral officer',
      'Temp BE officer',
    ]);
    const gone = new Promise((resolve) => temp.socket.on('disconnect', resolve));
    await t.admin.post(`/members/${member.body.member.id}/revoke-tokens`);
    await gone;
    await waitFor(
      () => seen[seen.length - 1]?.members.length,
      (n) => n === 1,
      { what: 'presence of one' },
    );
  });
});
