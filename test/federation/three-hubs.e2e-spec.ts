import type { Cast, TestHub } from '@hub/testing';
import {
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

/** Connects two hubs both ways (each issues a token to the other and registers it). */
async function link(
  x: { name: string; hub: TestHub },
  y: { name: string; hub: TestHub },
): Promise<{ yOnX: string }> {
  const onX = await issue(x.hub, y.name);
  const onY = await issue(y.hub, x.name);
  await register(x.hub, {
    name: y.name,
    url: y.hub.url,
    token: onY.token,
    organisationId: onX.organisationId,
  });
  await register(y.hub, {
    name: x.name,
    url: x.hub.url,
    token: onX.token,
    organisationId: onY.organisationId,
  });
  // The token x issued to y: what y presents on x.
  return { yOnX: onX.token };
}

/**
 * A chain hub-a – hub-b – hub-c (hub-a and hub-c not connected): `connected` stops at the next hub, `all`
 * goes on through hub-b, answers made on hub-c go back through hub-b to hub-a, and nothing loops. Then hub-a
 * and hub-c are connected too (a triangle): what reaches hub-c both ways is applied once.
 */
describe('federation: a chain of three hubs, then a triangle', () => {
  let a: TestHub;
  let b: TestHub;
  let c: TestHub;
  let asA: Cast;
  let asC: Cast;
  /** The token hub-b issued to hub-c. */
  let cOnB: string;
  /** The connected incident of the chain, and its item: hub-c must never touch them. */
  const chain: { connected?: { id: string; ref: string }; item?: { id: string } } = {};
  const tag = `t${Date.now().toString(36)}`;
  const u = (name: string) => `https://videoshare.example/v/${tag}-${name}`;

  beforeAll(async () => {
    [a, b, c] = await Promise.all(['hub-a', 'hub-b', 'hub-c'].map((n) => startNamedHub(n)));
    [asA, , asC] = await Promise.all([a.seed(), b.seed(), c.seed()]);
    await link({ name: 'hub-a', hub: a }, { name: 'hub-b', hub: b });
    cOnB = (await link({ name: 'hub-b', hub: b }, { name: 'hub-c', hub: c })).yOnX;
  }, 90_000);

  afterAll(async () => {
    await closeAll([a, b, c]);
  }, 60_000);

  const count = async (hub: TestHub, sql: string, values: unknown[] = []) =>
    (await hub.sql.query(`SELECT count(*)::int AS n FROM (${sql}) x`, values)).rows[0].n as number;

  it('connected reaches hub-b only; all reaches hub-c through hub-b, each event once; answers come back', async () => {
    const connected = await declare(asA, 'connected', { title: `${tag} connected` });
    const connItem = await share(asA, connected.id, u('connected'));
    const all = await declare(asA, 'all', { title: `${tag} all` });
    const allItems = [await share(asA, all.id, u('all-1')), await share(asA, all.id, u('all-2'))];
    const narrowed = await share(asA, all.id, u('all-connected'), 'connected');
    const last = await share(asA, all.id, u('all-last'));

    Object.assign(chain, { connected, item: connItem });
    const onC = (await until(() => mirrorOf(c, all.id), Boolean, 'the all incident on hub-c')) as string;
    await until(
      () => copiesOf(c, last.id),
      (x) => x.items === 1,
      'the last item on hub-c',
    );
    await until(
      () => copiesOf(b, last.id),
      (x) => x.items === 1,
      'the last item on hub-b',
    );

    // hub-b: both incidents, the connected one stopping there.
    expect(await copiesOf(b, connItem.id)).toEqual({ items: 1, events: 1 });
    const mirrorsOnB = await b.sql.query(`SELECT origin_id::text AS id, distribution FROM incidents`);
    expect(Object.fromEntries(mirrorsOnB.rows.map((r) => [r.id, r.distribution]))).toEqual({
      [connected.id]: 'hub',
      [all.id]: 'all',
    });
    expect(await copiesOf(b, narrowed.id)).toEqual({ items: 1, events: 1 });
    // hub-c: only the `all` incident, from hub-a through hub-b, each item once.
    expect(await mirrorOf(c, connected.id)).toBeUndefined();
    expect(await traces(c, u('connected'))).toEqual({ incidents: 0, items: 0, events: 0 });
    expect(await traces(c, `${tag} connected`)).toEqual({ incidents: 0, items: 0, events: 0 });
    expect(await traces(c, u('all-connected'))).toEqual({ incidents: 0, items: 0, events: 0 });
    for (const item of [...allItems, last])
      expect(await copiesOf(c, item.id)).toEqual({ items: 1, events: 1 });
    const mirror = await c.sql.query(`SELECT origin_hub, distribution FROM incidents WHERE id = $1`, [onC]);
    expect(mirror.rows[0]).toEqual({ origin_hub: 'hub-a', distribution: 'all' });
    const shared = await c.sql.query(
      `SELECT data->'federation'->'path' AS path FROM incident_events WHERE incident_id = $1 AND type = 'item.shared'`,
      [onC],
    );
    for (const r of shared.rows) expect(r.path).toEqual(['hub-a', 'hub-b', 'hub-c']);
    expect(
      await count(c, `SELECT 1 FROM incident_events WHERE incident_id = $1 AND type LIKE 'incident.%'`, [
        onC,
      ]),
    ).toBe(1);

    // hub-c's videoshare liaison acknowledges: the answer goes to hub-b and on to hub-a, "via hub-c".
    const cItems = (await asC.coordinator.api.get(`/incidents/${onC}/items`)).body.items as any[];
    const target = cItems.find((i) => i.origin.id === allItems[0].id);
    const ack = await asC.videoshare.api.post(`/incidents/${onC}/items/${target.id}/containment/videoshare`, {
      status: 'acknowledged',
    });
    expect(ack.status).toBe(200);
    const cellOnA = await until(
      async () =>
        (
          await asA.coordinator.api.get(`/incidents/${all.id}/items/${allItems[0].id}`)
        ).body.containment?.find((x: any) => x.platformKey === 'videoshare'),
      (x: any) => x?.status === 'acknowledged',
      'the answer on hub-a',
    );
    expect(cellOnA.via).toBe('hub-c');
    const onB = (await mirrorOf(b, all.id))!;
    const cellOnB = await b.sql.query(
      `SELECT cc.status, cc.via_hub FROM containment_cells cc JOIN items i ON i.id = cc.item_id
        WHERE i.origin_item_id = $1 AND cc.platform_key = 'videoshare'`,
      [allItems[0].id],
    );
    expect(cellOnB.rows).toEqual([{ status: 'acknowledged', via_hub: 'hub-c' }]);

    // A message from hub-c afterwards: once it is on hub-a, anything that would loop has had its chance.
    const note = `${tag} note from hub-c`;
    expect((await asC.coordinator.api.post(`/incidents/${onC}/messages`, { text: note })).status).toBe(201);
    await until(
      () => traces(a, note),
      (t) => t.events === 1,
      'the message on hub-a',
    );
    // Nothing loops: the answer is once on each hub, the message once on each, the items once on hub-b.
    const answers = (hub: TestHub, incidentId: string) =>
      count(hub, `SELECT 1 FROM incident_events WHERE incident_id = $1 AND type = 'containment.updated'`, [
        incidentId,
      ]);
    expect(await answers(a, all.id)).toBe(1);
    expect(await answers(b, onB)).toBe(1);
    expect(await answers(c, onC)).toBe(1);
    for (const hub of [a, b, c]) expect((await traces(hub, note)).events).toBe(1);
    for (const item of [...allItems, last])
      expect(await copiesOf(b, item.id)).toEqual({ items: 1, events: 1 });
    expect(
      await count(a, `SELECT 1 FROM incident_events WHERE incident_id = $1 AND type = 'item.shared'`, [
        all.id,
      ]),
    ).toBe(4);
    // A level change on hub-a follows to both (an update to what was synced already arrives).
    const level = await asA.coordinator.api.post(`/incidents/${all.id}/level`, {
      level: 'incident',
      rationale: 'Contained',
    });
    expect(level.status).toBeLessThan(300);
    for (const [hub, id] of [
      [b, onB],
      [c, onC],
    ] as const) {
      await until(
        async () => (await hub.sql.query(`SELECT level FROM incidents WHERE id = $1`, [id])).rows[0].level,
        (l) => l === 'incident',
        'the level change',
      );
      expect(
        await count(
          hub,
          `SELECT 1 FROM incident_events WHERE incident_id = $1 AND type = 'incident.level_changed'`,
          [id],
        ),
      ).toBe(1);
    }
    for (const hub of [a, b, c]) await verifies(hub);
  });

  it('a triangle: with hub-a and hub-c connected too, hub-c gets each item of an all incident once', async () => {
    await link({ name: 'hub-a', hub: a }, { name: 'hub-c', hub: c });
    const all = await declare(asA, 'all', { title: `${tag} triangle` });
    const triangle: { id: string }[] = [];
    for (let i = 0; i < 10; i++) triangle.push(await share(asA, all.id, u(`triangle-${i}`)));
    for (const hub of [b, c])
      await until(
        () => copiesOf(hub, triangle[9].id),
        (x) => x.items === 1,
        `the last item on ${hub.hub.config.HUB_NAME}`,
      );
    // Both ways have had their chance: hub-c pushes what it got from one way to the other, refused there as had.
    await until(
      async () => (await c.admin.get('/peers')).body.items.every((p: any) => p.backlog === 0),
      Boolean,
      'hub-c’s peers to be up to date',
    );
    await until(
      async () => (await b.admin.get('/peers')).body.items.every((p: any) => p.backlog === 0),
      Boolean,
      'hub-b’s peers to be up to date',
    );
    for (const hub of [b, c]) {
      const mirror = (await mirrorOf(hub, all.id))!;
      expect(await count(hub, `SELECT 1 FROM incidents WHERE origin_id = $1`, [all.id])).toBe(1);
      expect(
        await count(hub, `SELECT 1 FROM incident_events WHERE incident_id = $1 AND type LIKE 'incident.%'`, [
          mirror,
        ]),
      ).toBe(1);
      for (const item of triangle) expect(await copiesOf(hub, item.id)).toEqual({ items: 1, events: 1 });
    }
    // hub-a has nothing back of its own.
    expect(await count(a, `SELECT 1 FROM items WHERE incident_id = $1`, [all.id])).toBe(10);
    expect(await count(a, `SELECT 1 FROM incident_events WHERE data ? 'federation'`)).toBeGreaterThan(0);
    expect(
      await count(a, `SELECT 1 FROM incident_events WHERE incident_id = $1 AND data ? 'federation'`, [
        all.id,
      ]),
    ).toBe(0);
    for (const hub of [a, b, c]) await verifies(hub);
  });

  it('hub-c cannot answer on, or write into, hub-b’s mirror of an incident that stopped at hub-b', async () => {
    const incident = { hub: 'hub-a', id: chain.connected!.id, ref: chain.connected!.ref };
    const base = { originHub: 'hub-c', path: ['hub-c'], incident, at: new Date().toISOString() };
    const res = await b.client(cOnB).post('/federation/events', {
      hub: 'hub-c',
      after: '0:0',
      cursor: '999999999:2',
      more: false,
      events: [
        {
          ...base,
          id: 'hub-c:999999991',
          type: 'answer',
          cursor: '999999999:1',
          data: {
            item: { hub: 'hub-a', id: chain.item!.id },
            platformKey: 'videoshare',
            status: 'acknowledged',
          },
        },
        {
          ...base,
          id: 'hub-c:999999992',
          type: 'message',
          cursor: '999999999:2',
          data: { text: 'sideways 7731', organisation: 'Hub C' },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(0);
    expect(res.body.refused.map((r: any) => r.id).sort()).toEqual(['hub-c:999999991', 'hub-c:999999992']);
    for (const hub of [a, b]) expect((await traces(hub, 'sideways 7731')).events).toBe(0);
    const cells = await b.sql.query(
      `SELECT count(*)::int AS n FROM containment_cells cc JOIN items i ON i.id = cc.item_id
        WHERE i.origin_item_id = $1 AND cc.via_hub IS NOT NULL`,
      [chain.item!.id],
    );
    expect(cells.rows[0].n).toBe(0);
  });
});
