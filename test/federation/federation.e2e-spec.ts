import { HUB_OPTIONS } from '@hub/app';
import { connectHubs, startTestHub, waitFor, type Cast, type PeerLink, type TestHub } from '@hub/testing';
import { closeAll, declare } from './federation-fixtures';

/** Two hubs on their own databases, connected both ways: items go out, answers come back. */
describe('federation between two hubs', () => {
  let a: TestHub;
  let b: TestHub;
  let asA: Cast;
  let asB: Cast;
  let link: { ab: PeerLink; ba: PeerLink };

  beforeAll(async () => {
    a = await startTestHub(HUB_OPTIONS, {
      label: 'fed_a',
      env: { HUB_NAME: 'hub-a', HUB_FEDERATION_PULL_SECONDS: '1' },
    });
    b = await startTestHub(HUB_OPTIONS, {
      label: 'fed_b',
      env: { HUB_NAME: 'hub-b', HUB_FEDERATION_PULL_SECONDS: '1' },
    });
    [asA, asB] = await Promise.all([a.seed(), b.seed()]);
    link = await connectHubs(
      { name: 'hub-a', url: a.url, admin: a.admin },
      { name: 'hub-b', url: b.url, admin: b.admin },
    );
  });

  afterAll(async () => {
    await closeAll([a, b]);
  }, 60_000);

  const mirrorOf = async (hub: TestHub, originId: string) => {
    const { rows } = await hub.sql.query(`SELECT id FROM incidents WHERE origin_id = $1`, [originId]);
    return rows[0]?.id as string | undefined;
  };

  it('mirrors a connected incident and its items, and brings a liaison’s answer back attributed', async () => {
    const incident = await declare(asA, 'connected');
    expect(incident.distribution).toBe('connected');
    const share = await asA.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/fed-1',
      channel: 'referral',
    });
    expect(share.status).toBe(201);
    const mirrorId = await waitFor(() => mirrorOf(b, incident.id), Boolean, { what: 'mirror on hub-b' });
    const mirror = await asB.coordinator.api.get(`/incidents/${mirrorId}`);
    expect(mirror.body.origin).toEqual({ hub: 'hub-a', id: incident.id, ref: incident.ref });
    expect(mirror.body.distribution).toBe('hub');
    const items = await waitFor(
      async () => (await asB.coordinator.api.get(`/incidents/${mirrorId}/items`)).body.items,
      (list: any[]) => list?.length === 1,
      { what: 'item on hub-b' },
    );
    expect(items[0].origin).toEqual({ hub: 'hub-a', id: share.body.item.id });
    // hub-b's videoshare liaison acknowledges on the mirror; hub-a shows it via hub-b.
    const ack = await asB.videoshare.api.post(
      `/incidents/${mirrorId}/items/${items[0].id}/containment/videoshare`,
      {
        status: 'acknowledged',
      },
    );
    expect(ack.status).toBe(200);
    const cell = await waitFor(
      async () =>
        (
          await asA.coordinator.api.get(`/incidents/${incident.id}/items/${share.body.item.id}`)
        ).body.containment?.find((c: any) => c.platformKey === 'videoshare'),
      (c: any) => c?.status === 'acknowledged',
      { what: 'answer on hub-a' },
    );
    expect(cell.via).toBe('hub-b');
    // Each hop is on the record, and both logs verify.
    for (const hub of [a, b]) {
      const verify = await hub.admin.get('/audit/verify');
      expect(verify.status).toBe(200);
      expect(verify.body.ok ?? verify.body.valid).toBe(true);
    }
  });

  it('keeps a hub incident home, and an item narrowed to hub out of a connected one', async () => {
    const home = await declare(asA, 'hub', { title: 'Home only 5521' });
    const shared = await declare(asA, 'connected', { title: 'Shared 5521' });
    await asA.be.api.post(`/incidents/${home.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/home-5521',
      channel: 'referral',
    });
    const narrowed = await asA.be.api.post(`/incidents/${shared.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/narrow-5521',
      channel: 'referral',
      distribution: 'hub',
    });
    expect(narrowed.status).toBe(201);
    const open = await asA.be.api.post(`/incidents/${shared.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/open-5521',
      channel: 'referral',
    });
    expect(open.status).toBe(201);
    const mirrorId = await waitFor(() => mirrorOf(b, shared.id), Boolean, { what: 'mirror' });
    await waitFor(
      async () =>
        (await b.sql.query(`SELECT count(*)::int AS n FROM items WHERE incident_id = $1`, [mirrorId])).rows[0]
          .n,
      (n: number) => n === 1,
      { what: 'the open item' },
    );
    const leaked = await b.sql.query(
      `SELECT (SELECT count(*) FROM incidents WHERE title LIKE '%Home only 5521%')::int AS incidents,
              (SELECT count(*) FROM incident_events WHERE data::text LIKE '%home-5521%' OR data::text LIKE '%narrow-5521%')::int AS events,
              (SELECT count(*) FROM items WHERE url LIKE '%home-5521%' OR url LIKE '%narrow-5521%')::int AS items`,
    );
    expect(leaked.rows[0]).toEqual({ incidents: 0, events: 0, items: 0 });
    // Widening is refused at the edge.
    const widen = await asA.be.api.post(`/incidents/${home.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/widen-5521',
      channel: 'referral',
      distribution: 'all',
    });
    expect(widen.status).toBe(400);
    expect(JSON.stringify(widen.body)).toContain('distribution');
  });

  it('a peer token reaches the federation routes and nothing else', async () => {
    const peer = b.client(link.ab.token);
    expect((await a.client(link.ab.token).get('/incidents')).status).toBe(403);
    expect((await a.client(link.ab.token).get('/federation/events')).status).toBe(200);
    expect((await peer.get('/federation/events')).status).toBe(401);
  });
});
