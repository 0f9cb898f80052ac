import type { Cast, TestHub } from '@hub/testing';
import {
  AWAY,
  copiesOf,
  declare,
  issue,
  mirrorOf,
  register,
  share,
  startNamedHub,
  traces,
  until,
  verifies,
  closeAll,
} from './federation-fixtures';

/**
 * Every distribution × both ways of delivery, on one origin (hub-a) and four peers:
 * - pushed while connected: hub-b (an exercise peer) and hub-c (not one), which cannot read hub-a's feed
 *   (their record of hub-a points nowhere), so whatever they have was pushed;
 * - caught up: hub-d (exercise peer) and hub-e, which hub-a cannot reach, and which register hub-a only
 *   after everything was shared, so whatever they have they read from `GET /federation/events`.
 * The sharing group names hub-b and hub-d. Each peer must hold exactly what its distribution gives it, and
 * no trace (incident, item, or any event's data) of anything else.
 */
describe('federation: every distribution, pushed and caught up, with zero leaks', () => {
  let a: TestHub;
  const peers: Record<string, TestHub> = {};
  let asA: Cast;
  const tag = `m${Date.now().toString(36)}`;
  const u = (name: string) => `https://videoshare.example/v/${tag}-${name}`;
  const shared: Record<string, { id: string; ref: string }> = {};
  const items: Record<string, string> = {};
  /** The tokens hub-a issued to its catch-up peers, given to them once everything is shared. */
  const late: Record<string, { organisationId: string; token: string }> = {};

  beforeAll(async () => {
    const [ha, hb, hc, hd, he] = await Promise.all(
      ['hub-a', 'hub-b', 'hub-c', 'hub-d', 'hub-e'].map((n) => startNamedHub(n)),
    );
    a = ha;
    Object.assign(peers, { 'hub-b': hb, 'hub-c': hc, 'hub-d': hd, 'hub-e': he });
    asA = await a.seed();
    await Promise.all(Object.values(peers).map((p) => p.seed()));
    const peerIds: Record<string, string> = {};
    for (const [name, hub] of Object.entries(peers)) {
      const exercise = name === 'hub-b' || name === 'hub-d';
      const onA = await issue(a, name);
      const onPeer = await issue(hub, 'hub-a');
      const pushed = name === 'hub-b' || name === 'hub-c';
      // hub-a reaches the pushed peers; the caught-up ones only reach hub-a (later).
      peerIds[name] = await register(a, {
        name,
        url: pushed ? hub.url : AWAY,
        token: onPeer.token,
        organisationId: onA.organisationId,
        exercise,
      });
      if (pushed) {
        await register(hub, {
          name: 'hub-a',
          url: AWAY,
          token: onA.token,
          organisationId: onPeer.organisationId,
          exercise,
        });
      } else {
        late[name] = { organisationId: onPeer.organisationId, token: onA.token };
      }
    }
    const group = await asA.coordinator.api.post('/sharing-groups', {
      name: 'b and d',
      peers: [peerIds['hub-b'], peerIds['hub-d']],
    });
    expect(group.status).toBe(201);
    const g = { sharingGroup: group.body.id };

    shared.home = await declare(asA, 'hub', { title: `${tag} home` });
    items.home = (await share(asA, shared.home.id, u('home'))).id;
    shared.conn = await declare(asA, 'connected', { title: `${tag} connected` });
    items.connOpen = (await share(asA, shared.conn.id, u('conn-open'))).id;
    items.connHub = (await share(asA, shared.conn.id, u('conn-narrow-hub'), 'hub')).id;
    items.connGroup = (await share(asA, shared.conn.id, u('conn-narrow-group'), g)).id;
    shared.all = await declare(asA, 'all', { title: `${tag} all` });
    items.allOpen = (await share(asA, shared.all.id, u('all-open'))).id;
    items.allHub = (await share(asA, shared.all.id, u('all-narrow-hub'), 'hub')).id;
    items.allConn = (await share(asA, shared.all.id, u('all-narrow-connected'), 'connected')).id;
    shared.group = await declare(asA, g, { title: `${tag} group` });
    items.groupOpen = (await share(asA, shared.group.id, u('group-open'))).id;
    items.groupHub = (await share(asA, shared.group.id, u('group-narrow-hub'), 'hub')).id;
    shared.exercise = await declare(asA, 'all', { title: `${tag} exercise`, mode: 'exercise' });
    items.exercise = (await share(asA, shared.exercise.id, u('exercise-open'))).id;
    // Last of all: once it is on a peer, everything before it in hub-a's log went by.
    items.last = (await share(asA, shared.all.id, u('all-last'))).id;

    // Only now do the caught-up peers connect to hub-a.
    for (const name of ['hub-d', 'hub-e']) {
      await register(peers[name], { name: 'hub-a', url: a.url, ...late[name], exercise: name === 'hub-d' });
    }
  }, 120_000);

  afterAll(async () => {
    await closeAll([a, ...Object.values(peers)]);
  }, 60_000);

  /** What each peer may have: incidents (by key) and items (by key). */
  const expected = (exercise: boolean, inGroup: boolean) => ({
    incidents: ['conn', 'all', ...(inGroup ? ['group'] : []), ...(exercise ? ['exercise'] : [])],
    items: [
      'connOpen',
      ...(inGroup ? ['connGroup', 'groupOpen'] : []),
      'allOpen',
      'allConn',
      ...(exercise ? ['exercise'] : []),
      'last',
    ],
  });
  const urlOf: Record<string, string> = {
    home: u('home'),
    connOpen: u('conn-open'),
    connHub: u('conn-narrow-hub'),
    connGroup: u('conn-narrow-group'),
    allOpen: u('all-open'),
    allHub: u('all-narrow-hub'),
    allConn: u('all-narrow-connected'),
    groupOpen: u('group-open'),
    groupHub: u('group-narrow-hub'),
    exercise: u('exercise-open'),
    last: u('all-last'),
  };

  it.each([
    ['hub-b', 'push', true, true],
    ['hub-c', 'push', false, false],
    ['hub-d', 'catch-up', true, true],
    ['hub-e', 'catch-up', false, false],
  ])('%s (%s) holds exactly what it may, and nothing else', async (name, _how, exercise, inGroup) => {
    const hub = peers[name];
    const want = expected(exercise, inGroup);
    await until(
      () => copiesOf(hub, items.last),
      (c) => c.items === 1,
      `the last item on ${name}`,
      45_000,
    );

    // Exactly the incidents it may have, each once, with their origin, and how far they go on from there.
    const { rows: mirrors } = await hub.sql.query(
      `SELECT origin_hub, origin_id::text, origin_ref, distribution, mode FROM incidents ORDER BY created_at`,
    );
    const byKey = Object.fromEntries(Object.entries(shared).map(([k, v]) => [v.id, k]));
    expect(mirrors.map((m) => byKey[m.origin_id]).sort()).toEqual([...want.incidents].sort());
    for (const m of mirrors) {
      expect(m.origin_hub).toBe('hub-a');
      expect(m.distribution).toBe(
        byKey[m.origin_id] === 'all' || byKey[m.origin_id] === 'exercise' ? 'all' : 'hub',
      );
    }
    // Exactly the items, each once, with their `item.shared` once.
    const { rows: got } = await hub.sql.query(`SELECT origin_item_id::text AS id, distribution FROM items`);
    const itemKey = Object.fromEntries(Object.entries(items).map(([k, v]) => [v, k]));
    expect(got.map((r) => itemKey[r.id]).sort()).toEqual([...want.items].sort());
    for (const key of want.items) expect(await copiesOf(hub, items[key])).toEqual({ items: 1, events: 1 });
    // An item narrowed to `connected` in an `all` incident stops here.
    expect(got.find((r) => r.id === items.allConn)?.distribution).toBe('hub');

    // Zero leaks: no trace of what it may not have, anywhere in its database.
    const forbidden = Object.keys(urlOf).filter((k) => !want.items.includes(k));
    for (const key of forbidden)
      expect({ key, ...(await traces(hub, urlOf[key])) }).toEqual({ key, incidents: 0, items: 0, events: 0 });
    for (const key of ['home', ...(inGroup ? [] : ['group']), ...(exercise ? [] : ['exercise'])])
      expect({ key, ...(await traces(hub, `${tag} ${key}`)) }).toEqual({
        key,
        incidents: 0,
        items: 0,
        events: 0,
      });
    for (const key of forbidden) expect((await traces(hub, items[key])).events).toBe(0);
    await verifies(hub);
  });

  it('hub-a’s feed for a catch-up peer lists exactly what that peer may have', async () => {
    // Read as hub-e would, from the start: the non-exercise peer outside the group.
    const page = await a.client(late['hub-e'].token).get('/federation/events?after=0:0');
    expect(page.status).toBe(200);
    const text = JSON.stringify(page.body);
    for (const key of ['home', 'connHub', 'connGroup', 'allHub', 'groupOpen', 'groupHub', 'exercise'])
      expect({ key, found: text.includes(urlOf[key]) }).toEqual({ key, found: false });
    for (const key of ['connOpen', 'allOpen', 'allConn', 'last']) expect(text).toContain(urlOf[key]);
    for (const e of page.body.events) expect(e.path).toEqual(['hub-a']);
    await verifies(a);
    expect(await mirrorOf(peers['hub-c'], shared.group.id)).toBeUndefined();
  });
});
