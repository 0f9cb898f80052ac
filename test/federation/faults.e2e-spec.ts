import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { RoomClient } from '@hub/client';
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
  closeAll,
} from './federation-fixtures';

type Mode = 'fail' | 'hang' | 'forward';

/** Stands between hub-a and hub-b: answers 500, never answers, or forwards, as the test says. */
async function startDoor(target: () => string): Promise<{ url: string; mode: Mode; close(): Promise<void> }> {
  const hanging: ServerResponse[] = [];
  const door = { url: '', mode: 'fail' as Mode, close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (door.mode === 'fail') {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"code":"INTERNAL","message":"down"}');
        return;
      }
      if (door.mode === 'hang') {
        hanging.push(res);
        return;
      }
      const body = Buffer.concat(chunks);
      void fetch(`${target()}${req.url}`, {
        method: req.method,
        headers: {
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
        },
        ...(body.length ? { body } : {}),
      })
        .then(async (r) =>
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()),
        )
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  door.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  door.close = async () => {
    for (const r of hanging) r.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return door;
}

/** hub-x as hub-b calls it: takes every push (nothing to apply), and has nothing to give. */
async function startQuietPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = req.method === 'POST' ? JSON.parse(Buffer.concat(chunks).toString() || '{}') : {};
      const answer =
        req.method === 'POST'
          ? { applied: 0, refused: [], cursor: body.cursor }
          : { hub: 'hub-x', events: [], cursor: '0:0', more: false };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Bad input and faults. hub-a reaches hub-b through a door the test opens and shuts (500, no answer,
 * through); hub-b never reads hub-a's feed, so all it has was pushed. On hub-b, a made-up peer hub-x
 * pushes pages the test writes: repeats, gaps, claims it may not make.
 */
describe('federation: bad input and faults', () => {
  let a: TestHub;
  let b: TestHub;
  let asA: Cast;
  let asB: Cast;
  let door: Awaited<ReturnType<typeof startDoor>>;
  let quiet: Awaited<ReturnType<typeof startQuietPeer>>;
  let xToken: string;
  let abPeer: string;
  let bPeerToken: string;
  const tag = `f${Date.now().toString(36)}`;
  const u = (name: string) => `https://videoshare.example/v/${tag}-${name}`;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startNamedHub('hub-a', { HUB_WEBHOOK_TIMEOUT_MS: '1000' }),
      startNamedHub('hub-b'),
    ]);
    [asA, asB] = await Promise.all([a.seed(), b.seed()]);
    door = await startDoor(() => b.url);
    const onA = await issue(a, 'hub-b');
    const onB = await issue(b, 'hub-a');
    bPeerToken = onA.token;
    abPeer = await register(a, {
      name: 'hub-b',
      url: door.url,
      token: onB.token,
      organisationId: onA.organisationId,
    });
    await register(b, { name: 'hub-a', url: AWAY, token: onA.token, organisationId: onB.organisationId });
    const x = await issue(b, 'hub-x');
    xToken = x.token;
    quiet = await startQuietPeer();
    await register(b, {
      name: 'hub-x',
      url: quiet.url,
      token: 'hub-x-never-called-0000',
      organisationId: x.organisationId,
    });
  }, 90_000);

  afterAll(async () => {
    await door?.close();
    await quiet?.close();
    await closeAll([a, b]);
  }, 60_000);

  const fieldIn = (body: unknown, field: string) => expect(JSON.stringify(body)).toContain(field);

  it('POST /peers refuses bad input naming the field', async () => {
    const org = await a.admin.post('/organisations', { name: `Hub ${tag}`, kind: 'hub' });
    const good = {
      name: 'hub-q',
      url: 'http://127.0.0.1:9',
      token: 'a-token-long-enough-0000',
      organisationId: org.body.id,
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, name: 'Hub Q!' }, 'name'],
      [{ ...good, name: '' }, 'name'],
      [{ ...good, url: 'ftp://hub-q.example' }, 'url'],
      [{ ...good, url: 'not a url' }, 'url'],
      [{ ...good, name: 'hub-a' }, 'name'],
      [{ ...good, organisationId: asA.videoshare.organisation.id }, 'organisationId'],
      [{ ...good, organisationId: 'nope' }, 'organisationId'],
      [{ ...good, token: 'short' }, 'token'],
    ];
    for (const [body, field] of cases) {
      const res = await a.admin.post('/peers', body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      fieldIn(res.body, field);
    }
    const twice = await a.admin.post('/peers', { ...good, name: 'hub-b' });
    expect(twice.status).toBe(409);
    fieldIn(twice.body, 'name');
    // Only an admin connects hubs.
    expect((await asA.coordinator.api.post('/peers', good)).status).toBe(403);
    // Registered, then disconnected: its token reaches nothing any more.
    const q = await issue(a, 'hub-q2');
    const registered = await a.admin.post('/peers', {
      ...good,
      name: 'hub-q2',
      organisationId: q.organisationId,
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ name: 'hub-q2', state: 'new' });
    expect(JSON.stringify(registered.body)).not.toContain(good.token);
    expect((await a.client(q.token).get('/federation/events')).status).toBe(200);
    expect((await a.admin.delete(`/peers/${registered.body.id}`)).status).toBe(204);
    expect((await a.admin.delete(`/peers/${registered.body.id}`)).status).toBe(404);
    const badId = await a.admin.delete('/peers/not-an-id');
    expect(badId.status).toBe(400);
    fieldIn(badId.body, 'id');
    expect((await a.client(q.token).get('/federation/events')).status).toBe(403);
    expect((await a.admin.get('/peers')).body.items.map((p: any) => p.name)).toEqual(['hub-b']);
  });

  it('a sharing group naming an unknown peer, and a widening item, are refused naming the field', async () => {
    const group = await asA.coordinator.api.post('/sharing-groups', {
      name: 'ghosts',
      peers: [abPeer, randomUUID()],
    });
    expect(group.status).toBe(400);
    fieldIn(group.body, 'peers');
    const bad = await asA.coordinator.api.post('/incidents', {
      title: 'x',
      summary: 'y',
      category: 'terrorist_content',
      level: 'crisis',
      mode: 'live',
      participants: [asA.be.organisation.id],
      platforms: [],
      distribution: { sharingGroup: randomUUID() },
    });
    expect(bad.status).toBe(400);
    fieldIn(bad.body, 'distribution');
    const connected = await declare(asA, 'connected', { title: `${tag} widen` });
    for (const wider of ['all']) {
      const res = await asA.be.api.post(`/incidents/${connected.id}/items`, {
        kind: 'url',
        url: u('wider'),
        channel: 'referral',
        distribution: wider,
      });
      expect(res.status).toBe(400);
      fieldIn(res.body, 'distribution');
    }
    expect(
      (await a.sql.query(`SELECT count(*)::int AS n FROM items WHERE url LIKE $1`, [`%${tag}-wider%`]))
        .rows[0].n,
    ).toBe(0);
  });

  it('a peer token reaches nothing but the federation routes, on HTTP and on the socket', async () => {
    const peer = a.client(bPeerToken);
    expect((await peer.get('/incidents')).status).toBe(403);
    expect((await peer.get('/peers')).status).toBe(403);
    expect((await peer.get('/me')).status).toBe(403);
    expect((await peer.post('/incidents', { title: 'x' })).status).toBe(403);
    expect((await peer.get('/federation/events')).status).toBe(200);
    const badCursor = await peer.get('/federation/events?after=yesterday');
    expect(badCursor.status).toBe(400);
    fieldIn(badCursor.body, 'after');
    const badLimit = await peer.get('/federation/events?limit=100000');
    expect(badLimit.status).toBe(400);
    fieldIn(badLimit.body, 'limit');
    // Another hub's token means nothing here.
    expect((await b.client(bPeerToken).get('/federation/events')).status).toBe(401);
    // A normal member cannot read the feed.
    expect((await asA.coordinator.api.get('/federation/events')).status).toBe(403);
    const room = new RoomClient({ url: a.url, token: bPeerToken, socketOptions: { reconnection: false } });
    try {
      await expect(room.connected()).rejects.toThrow();
    } finally {
      room.close();
    }
  });

  describe('what a peer pushes', () => {
    const xIncident = { hub: 'hub-x', id: randomUUID(), ref: 'X-2026-0001' };
    const at = () => new Date().toISOString();
    const incidentEvent = (n: number, over: Record<string, unknown> = {}) => ({
      id: `hub-x:${n}`,
      originHub: 'hub-x',
      path: ['hub-x'],
      incident: xIncident,
      type: 'incident',
      at: at(),
      cursor: `${n < 10 ? 5000 : 5002}:${n}`,
      data: {
        ref: xIncident.ref,
        title: `${tag} from hub-x`,
        summary: 'An incident of hub-x.',
        category: 'terrorist_content',
        protocol: 'no-such-protocol',
        level: 'crisis',
        mode: 'live',
        status: 'active',
        platforms: ['videoshare'],
        distribution: 'hub',
      },
      ...over,
    });
    const itemEvent = (
      n: number,
      itemId: string,
      url: string,
      over: Record<string, unknown> = {},
      data: Record<string, unknown> = {},
    ) => ({
      // (Cursors: those of hub-x's log, after those of the first page.)
      id: `hub-x:${n}`,
      originHub: 'hub-x',
      path: ['hub-x'],
      incident: xIncident,
      type: 'item',
      at: at(),
      cursor: `${n < 10 ? 5000 : 5002}:${n}`,
      data: {
        item: { hub: 'hub-x', id: itemId },
        kind: 'url',
        dedupKey: url,
        url,
        channel: 'referral',
        metadata: {},
        visibility: 'participants',
        distribution: 'hub',
        ...data,
      },
      ...over,
    });
    const push = (events: unknown[], after: string, cursor: string) =>
      b.client(xToken).post('/federation/events', { hub: 'hub-x', after, cursor, more: false, events });
    const xPeer = async () => (await b.admin.get('/peers')).body.items.find((p: any) => p.name === 'hub-x');
    const items = [randomUUID(), randomUUID()];

    it('applies a page once, however often it comes, and refuses a gap with its own cursor', async () => {
      const page = [incidentEvent(1), itemEvent(2, items[0], u('x-1')), itemEvent(3, items[1], u('x-2'))];
      const first = await push(page, '0:0', '5000:3');
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ applied: 3, refused: [], cursor: '5000:3' });
      // The same page again, and the same events again under later cursors (a sender that lost its place).
      const again = await push(page, '0:0', '5000:3');
      expect(again.body).toMatchObject({ applied: 0, refused: [], cursor: '5000:3' });
      const renumbered = page.map((e, i) => ({ ...e, cursor: `5001:${i + 1}` }));
      const third = await push(renumbered, '5000:3', '5001:3');
      expect(third.body).toMatchObject({ applied: 0, refused: [], cursor: '5001:3' });
      for (const id of items) expect(await copiesOf(b, id)).toEqual({ items: 1, events: 1 });
      const mirror = await mirrorOf(b, xIncident.id);
      expect(mirror).toBeDefined();
      expect(
        (await b.sql.query(`SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1`, [mirror]))
          .rows[0].n,
      ).toBe(3);
      // Out of order: a page past a gap is not applied; the answer says where to start again.
      const gap = await push([itemEvent(9, randomUUID(), u('x-after-gap'))], '5002:7', '5002:9');
      expect(gap.status).toBe(409);
      expect(gap.body).toMatchObject({ applied: 0, cursor: '5001:3' });
      expect(await traces(b, u('x-after-gap'))).toEqual({ incidents: 0, items: 0, events: 0 });
      // A malformed page is a 400 naming the field.
      const malformed = await b
        .client(xToken)
        .post('/federation/events', { hub: 'hub-x', after: 'soon', cursor: '1:1', more: false, events: [] });
      expect(malformed.status).toBe(400);
      fieldIn(malformed.body, 'after');
      const notMine = await b.client(xToken).post('/federation/events', {
        hub: 'hub-a',
        after: '5001:3',
        cursor: '5001:4',
        more: false,
        events: [],
      });
      expect(notMine.status).toBe(403);
      fieldIn(notMine.body, 'hub');
    });

    it('refuses what a peer may not claim or change, keeps it on record, and shows it on GET /peers', async () => {
      const own = await declare(asB, 'hub', { title: `${tag} b own` });
      const ownItem = await share(asB, own.id, u('b-own'));
      const sharedOwn = await declare(asB, 'connected', { title: `${tag} b connected` });
      const hubOnly = await share(asB, sharedOwn.id, u('b-hub-only'), 'hub');
      const open = await share(asB, sharedOwn.id, u('b-open'));
      const bIncident = (i: { id: string; ref: string }) => ({ hub: 'hub-b', id: i.id, ref: i.ref });
      const before = (await xPeer()).refusals;
      const events = [
        // A path that does not end with the sender: hub-x speaking for hub-y.
        itemEvent(10, randomUUID(), u('claim-path'), { id: 'hub-y:10', originHub: 'hub-y', path: ['hub-y'] }),
        // An item of another hub's incident, claimed by hub-x as its own.
        itemEvent(11, randomUUID(), u('claim-origin'), {
          incident: { hub: 'hub-q', id: randomUUID(), ref: 'Q-1' },
        }),
        // Changing hub-b's own incident.
        incidentEvent(12, {
          incident: bIncident(own),
          data: { ...incidentEvent(0).data, ref: own.ref, title: `${tag} hijacked`, status: 'closed' },
        }),
        // Answering on an incident not shared with hub-x.
        {
          ...itemEvent(13, ownItem.id, u('b-own')),
          type: 'answer',
          incident: bIncident(own),
          data: { item: { hub: 'hub-b', id: ownItem.id }, platformKey: 'videoshare', status: 'acknowledged' },
        },
        // Answering on an item narrowed to hub-b alone, in an incident that was shared.
        {
          ...itemEvent(14, hubOnly.id, u('b-hub-only')),
          type: 'answer',
          incident: bIncident(sharedOwn),
          data: { item: { hub: 'hub-b', id: hubOnly.id }, platformKey: 'videoshare', status: 'acknowledged' },
        },
        // Answering for a platform that takes no part in the incident.
        {
          ...itemEvent(19, open.id, u('b-open')),
          type: 'answer',
          incident: bIncident(sharedOwn),
          data: {
            item: { hub: 'hub-b', id: open.id },
            platformKey: 'nosuchplatform',
            status: 'acknowledged',
          },
        },
        // Widening: an item shared with all hubs on an incident that came as `hub`.
        itemEvent(15, randomUUID(), u('widened'), {}, { distribution: 'all' }),
        // An event that is not one: refused naming its field.
        { ...itemEvent(16, randomUUID(), u('malformed')), path: 'hub-x' },
      ];
      const res = await push(events, '5001:3', '5002:19');
      expect(res.status).toBe(200);
      expect(res.body.applied).toBe(0);
      const refused = Object.fromEntries(res.body.refused.map((r: any) => [r.id, r.reason]));
      expect(Object.keys(refused).sort()).toEqual([
        'hub-x:11',
        'hub-x:12',
        'hub-x:13',
        'hub-x:14',
        'hub-x:15',
        'hub-x:16',
        'hub-x:19',
        'hub-y:10',
      ]);
      expect(refused['hub-x:19']).toContain('takes no part');
      expect(refused['hub-x:16']).toContain('path');
      expect(refused['hub-x:15']).toMatch(/widen/);
      // Nothing of it stored.
      for (const name of ['claim-path', 'claim-origin', 'widened', 'malformed'])
        expect({ name, ...(await traces(b, u(name))) }).toEqual({ name, incidents: 0, items: 0, events: 0 });
      const ownNow = await asB.coordinator.api.get(`/incidents/${own.id}`);
      expect(ownNow.body.status).not.toBe('closed');
      expect(ownNow.body.title).toBe(`${tag} b own`);
      const cells = await b.sql.query(
        `SELECT count(*)::int AS n FROM containment_cells WHERE item_id = ANY($1::uuid[]) AND (status <> 'pending' OR via_hub IS NOT NULL)`,
        [[ownItem.id, hubOnly.id]],
      );
      expect(cells.rows[0].n).toBe(0);
      // On record, and on the console.
      const peer = await xPeer();
      expect(peer.refusals - before).toBe(8);
      // The exchange itself works (state `ok`); the trouble shows as refusals and the last error.
      expect(peer.lastError.message).toContain('refused');
      const logged = await b.sql.query(
        `SELECT count(*)::int AS n FROM federation_refusals WHERE event_key = ANY($1)`,
        [Object.keys(refused)],
      );
      expect(logged.rows[0].n).toBe(8);
      // The page moved the cursor on: the same page again applies nothing, and refuses only what it cannot
      // place at all (an event that is not one has no cursor to be behind).
      const again = await push(events, '5001:3', '5002:19');
      expect(again.body.applied).toBe(0);
      expect(again.body.refused.map((r: any) => r.id)).toEqual(['hub-x:16']);
      // In one run of items, a widening one is refused alone: its neighbours are applied (nothing lost),
      // and an event repeated in the page is applied once.
      const fine = randomUUID();
      const run = [
        itemEvent(21, fine, u('run-fine')),
        itemEvent(22, randomUUID(), u('run-widened'), {}, { distribution: 'all' }),
        itemEvent(21, fine, u('run-fine')),
      ];
      const mixed = await push(run, '5002:19', '5002:22');
      expect(mixed.status).toBe(200);
      expect(mixed.body.applied).toBe(1);
      expect(mixed.body.refused.map((r: any) => r.id)).toEqual(['hub-x:22']);
      expect(await copiesOf(b, fine)).toEqual({ items: 1, events: 1 });
      expect(await traces(b, u('run-widened'))).toEqual({ incidents: 0, items: 0, events: 0 });
      // What hub-x may do: answer for a platform of hub-b's incident shared with it, shown "via hub-x".
      const answer = {
        ...itemEvent(23, open.id, u('b-open')),
        type: 'answer',
        incident: bIncident(sharedOwn),
        data: { item: { hub: 'hub-b', id: open.id }, platformKey: 'videoshare', status: 'acknowledged' },
      };
      const fine2 = await push([answer], '5002:22', '5002:23');
      expect(fine2.body).toEqual({ applied: 1, refused: [], cursor: '5002:23' });
      const cell = (
        await asB.coordinator.api.get(`/incidents/${sharedOwn.id}/items/${open.id}`)
      ).body.containment.find((c: any) => c.platformKey === 'videoshare');
      expect(cell).toMatchObject({ status: 'acknowledged', via: 'hub-x' });
    });

    it('a mirror is its origin’s: local shares and lifecycle actions are refused with 409', async () => {
      const mirror = (await mirrorOf(b, xIncident.id))!;
      const local = await asB.coordinator.api.post(`/incidents/${mirror}/items`, {
        kind: 'url',
        url: u('local'),
        channel: 'referral',
      });
      expect(local.status).toBe(409);
      const level = await asB.coordinator.api.post(`/incidents/${mirror}/level`, { level: 'incident' });
      expect(level.status).toBe(409);
      const close = await asB.coordinator.api.post(`/incidents/${mirror}/stand-down`, {});
      expect(close.status).toBe(409);
      expect(await traces(b, u('local'))).toEqual({ incidents: 0, items: 0, events: 0 });
    });
  });

  it('a peer that answers 500 or not at all shows failing with its backlog, and catches up once it answers', async () => {
    const peerOnA = async () => (await a.admin.get('/peers')).body.items.find((p: any) => p.name === 'hub-b');
    door.mode = 'fail';
    const incident = await declare(asA, 'connected', { title: `${tag} while away` });
    const shares: { id: string }[] = [];
    for (let i = 0; i < 5; i++) shares.push(await share(asA, incident.id, u(`away-${i}`)));
    const failing = await until(
      peerOnA,
      (p: any) => p?.state === 'failing' && /500/.test(p.lastError?.message ?? ''),
      'hub-b failing (500)',
    );
    expect(failing.backlog).toBeGreaterThanOrEqual(6);
    door.mode = 'hang';
    const hung = await until(
      peerOnA,
      (p: any) => p?.state === 'failing' && /did not answer/.test(p.lastError?.message ?? ''),
      'hub-b failing (no answer)',
    );
    expect(hung.backlog).toBeGreaterThanOrEqual(6);
    expect(await mirrorOf(b, incident.id)).toBeUndefined();
    door.mode = 'forward';
    await until(
      () => copiesOf(b, shares[4].id),
      (c) => c.items === 1,
      'the items on hub-b',
    );
    for (const s of shares) expect(await copiesOf(b, s.id)).toEqual({ items: 1, events: 1 });
    const ok = await until(peerOnA, (p: any) => p?.state === 'ok' && p.backlog === 0, 'hub-b ok');
    expect(ok.lastContactAt).not.toBeNull();
  });
});
