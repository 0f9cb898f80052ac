import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { HubClient, RoomClient, seedDemo } from '@hub/client';
import type { EventView } from '@hub/contracts';
import {
  declareIncident,
  pdqHash,
  startTestHub,
  waitFor,
  type ApiClient,
  type Cast,
  type TestHub,
} from '@hub/testing';

/**
 * What a flagger shares is seen by the coordination circle, the platforms concerned and its own
 * organisation, never by another flagger: party B tries every way the hub offers to read party A's flags.
 */
describe('who sees a flag', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  /** A's URL (concerning videoshare only), A's hash (every platform), A's open item (participants). */
  let url: any;
  let hash: any;
  let open: any;
  const SECRET_URL = 'https://videoshare.example/watch/rival-flag-a1';
  const SECRET_NOTE = 'tipster in the rival campaign';
  const hashValue = pdqHash();
  const clients: RoomClient[] = [];

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'flag-visibility' });
    as = await t.seed();
    const flaggers = await seedDemo(new HubClient({ url: t.url, token: t.adminToken }), [
      { key: 'partyA', name: 'Party A', kind: 'party', member: 'A campaign', role: 'flagger' },
      { key: 'partyB', name: 'Party B', kind: 'party', member: 'B campaign', role: 'flagger' },
      { key: 'checker', name: 'Fact checkers', kind: 'fact_checker', member: 'Checker', role: 'flagger' },
    ]);
    for (const [key, member] of Object.entries(flaggers))
      as[key] = { ...member, api: t.client(member.token) };
    incident = await declareIncident(as, {
      participants: ['be', 'videoshare', 'clipcast', 'partyA', 'partyB', 'checker'],
    });
    const share = async (body: object) => {
      const res = await as.partyA.api.post(`/incidents/${incident.id}/items`, { channel: 'alert', ...body });
      expect(res.status).toBe(201);
      return res.body.item;
    };
    url = await share({
      kind: 'url',
      url: `${SECRET_URL}?utm_source=a-list`,
      platformKey: 'videoshare',
      metadata: { notes: SECRET_NOTE },
    });
    hash = await share({ kind: 'hash', hash: { algorithm: 'pdq', value: hashValue, quality: 90 } });
    open = await share({
      kind: 'url',
      url: 'https://clipcast.example/v/open-warning',
      platformKey: 'clipcast',
      visibility: 'participants',
    });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(() => t?.close());

  const hiddenIds = () => [url.id, hash.id];
  /** Nothing of A's coordination flags in a raw answer: not their ids, the URL, the hash or A's note. */
  const expectNothingOfA = (raw: string, what: string) => {
    for (const needle of [...hiddenIds(), 'rival-flag-a1', hashValue, SECRET_NOTE, 'a-list']) {
      if (raw.toLowerCase().includes(needle.toLowerCase())) {
        throw new Error(`${what} tells of A's flag: it holds ${needle}`);
      }
    }
  };
  const raw = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));
  const get = async (api: ApiClient, path: string) => {
    const res = await api.get(path);
    return { status: res.status, text: raw(res.body), body: res.body };
  };

  it("stores a flagger's share as coordination by default, and the asked visibility otherwise", () => {
    expect(url).toMatchObject({ visibility: 'coordination', platformKey: 'videoshare' });
    expect(url.containment.map((c: any) => c.platformKey)).toEqual(['videoshare']);
    expect(hash.visibility).toBe('coordination');
    expect(open.visibility).toBe('participants');
  });

  it('refuses a visibility that is not one, naming the field, and stores nothing', async () => {
    const res = await as.partyA.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/watch/bad-visibility',
      channel: 'alert',
      visibility: 'everyone',
    });
    expect(res.status).toBe(400);
    expect(raw(res.body)).toContain('visibility');
    const { rows } = await t.sql.query(`SELECT 1 FROM items WHERE url LIKE '%bad-visibility%'`);
    expect(rows).toHaveLength(0);
  });

  it("an authority's share is seen by every participant by default", async () => {
    const res = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/watch/authority-share',
      channel: 'referral',
    });
    expect(res.status).toBe(201);
    expect(res.body.item.visibility).toBe('participants');
    expect((await get(as.partyB.api, `/incidents/${incident.id}/items/${res.body.item.id}`)).status).toBe(
      200,
    );
  });

  it('the coordination circle, A and the platform concerned see the URL; the other platform does not', async () => {
    for (const who of ['coordinator', 'be', 'observer', 'partyA', 'videoshare']) {
      const one = await get(as[who].api, `/incidents/${incident.id}/items/${url.id}`);
      expect({ who, status: one.status }).toEqual({ who, status: 200 });
      expect(one.body).toMatchObject({ visibility: 'coordination', reporters: [as.partyA.organisation.id] });
      const list = await get(as[who].api, `/incidents/${incident.id}/items?limit=100`);
      expect(list.body.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([url.id, hash.id]));
    }
    expect((await get(as.partyA.api, `/incidents/${incident.id}/items/${url.id}`)).body.metadata).toEqual({
      notes: SECRET_NOTE,
    });
    const clipcast = await get(as.clipcast.api, `/incidents/${incident.id}/items/${url.id}`);
    expect(clipcast.status).toBe(404);
    expect(clipcast.text).not.toContain('rival-flag-a1');
    // The hash concerns every platform of the incident: clipcast sees it.
    expect((await get(as.clipcast.api, `/incidents/${incident.id}/items/${hash.id}`)).status).toBe(200);
    const list = await get(as.clipcast.api, `/incidents/${incident.id}/items?limit=100`);
    expect(list.body.items.map((i: any) => i.id)).not.toContain(url.id);
    expect(list.text).not.toContain('rival-flag-a1');
  });

  it("B reads items every way and finds nothing of A's coordination flags, but the open one", async () => {
    const base = `/incidents/${incident.id}/items`;
    for (const path of [
      base,
      `${base}?limit=100`,
      `${base}?platformKey=videoshare`,
      `${base}?platformKey=clipcast`,
      `${base}?status=pending`,
      `${base}/${url.id}`,
      `${base}/${hash.id}`,
    ]) {
      const res = await get(as.partyB.api, path);
      expect([200, 404]).toContain(res.status);
      expectNothingOfA(res.text, `GET ${path}`);
    }
    expect((await get(as.partyB.api, `${base}/${url.id}`)).status).toBe(404);
    expect((await get(as.partyB.api, `${base}/${hash.id}`)).status).toBe(404);
    // Page by page, one at a time: no cursor leads to A's flags.
    const seen: string[] = [];
    for (let path = `${base}?limit=1`; ;) {
      const res = await get(as.partyB.api, path);
      expectNothingOfA(res.text, `page ${path}`);
      seen.push(...res.body.items.map((i: any) => i.id));
      if (!res.body.next) break;
      path = `${base}?limit=1&after=${res.body.next}`;
    }
    expect(seen).toContain(open.id);
    const openSeen = await get(as.partyB.api, `${base}/${open.id}`);
    expect(openSeen.status).toBe(200);
    expect(openSeen.body).toMatchObject({
      visibility: 'participants',
      reporters: [as.partyA.organisation.id],
    });
    // The fact-checker, another flagger, fares no better.
    expectNothingOfA((await get(as.checker.api, `${base}?limit=100`)).text, "the fact-checker's list");
  });

  it("B's events keep every seq, with a bodiless stand-in for each event about A's flags", async () => {
    const res = await get(as.partyB.api, `/incidents/${incident.id}/events?limit=500`);
    expect(res.status).toBe(200);
    expectNothingOfA(res.text, 'the events');
    const events: EventView[] = res.body.items;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const stand = events.filter((e) => e.type === 'incident.event_hidden');
    expect(stand.length).toBeGreaterThanOrEqual(2);
    for (const e of stand)
      expect(e).toMatchObject({ actor: { memberId: null, organisationId: null }, data: {} });
    expect(events.find((e) => e.type === 'item.shared' && e.data.itemId === open.id)).toBeDefined();
    // The coordinator reads them whole.
    const full = await get(as.coordinator.api, `/incidents/${incident.id}/events?limit=500`);
    expect(full.body.items.filter((e: any) => e.type === 'incident.event_hidden')).toEqual([]);
    expect(full.text).toContain('rival-flag-a1');
  });

  it("B's containment summary counts only the items B sees", async () => {
    const total = (body: any) => body.platforms.reduce((n: number, p: any) => n + p.total, 0);
    const b = await get(as.partyB.api, `/incidents/${incident.id}/containment`);
    const c = await get(as.coordinator.api, `/incidents/${incident.id}/containment`);
    expect(b.status).toBe(200);
    // The URL has one cell (videoshare), the hash one per platform (two).
    expect(total(c.body) - total(b.body)).toBe(3);
  });

  it("an incident's overdue count, shown and listed, leaves out A's flags for B", async () => {
    await t.sql.query(
      `UPDATE containment_cells SET ack_due_at = now() - interval '1 minute' WHERE incident_id = $1`,
      [incident.id],
    );
    try {
      const overdue = async (who: string) => {
        const one = (await get(as[who].api, `/incidents/${incident.id}`)).body.overdueCount ?? 0;
        const listed =
          (await get(as[who].api, `/incidents?limit=100`)).body.items.find((i: any) => i.id === incident.id)
            .overdueCount ?? 0;
        expect(listed).toBe(one);
        return one;
      };
      // A's URL (one cell) and hash (two) are overdue too, for those who see them.
      expect((await overdue('coordinator')) - (await overdue('partyB'))).toBe(3);
      expect((await overdue('coordinator')) - (await overdue('clipcast'))).toBe(1);
      expect(await overdue('partyA')).toBe(await overdue('coordinator'));
    } finally {
      await t.sql.query(
        `UPDATE containment_cells SET ack_due_at = now() + interval '15 minutes' WHERE incident_id = $1`,
        [incident.id],
      );
    }
  });

  it('every report format and every export leaves A out for B, and holds it for the coordinator', async () => {
    for (const format of ['json', 'md', 'html', 'csv']) {
      const b = await get(as.partyB.api, `/incidents/${incident.id}/report?format=${format}`);
      expect({ format, status: b.status }).toEqual({ format, status: 200 });
      expectNothingOfA(b.text, `the ${format} report`);
    }
    // The public account waits for the incident's close (409 until then): asked again once closed, below.
    for (const format of ['public', 'public-html']) {
      const b = await get(as.partyB.api, `/incidents/${incident.id}/report?format=${format}`);
      expect([200, 409]).toContain(b.status);
      expectNothingOfA(b.text, `the ${format} report`);
    }
    const report = await get(as.coordinator.api, `/incidents/${incident.id}/report?format=json`);
    expect(report.text).toContain(url.id);
    for (const format of ['stix', 'misp', 'te']) {
      const b = await get(as.partyB.api, `/incidents/${incident.id}/export?format=${format}`);
      expect({ format, status: b.status }).toEqual({ format, status: 200 });
      expectNothingOfA(b.text, `the ${format} export`);
      const c = await get(as.coordinator.api, `/incidents/${incident.id}/export?format=${format}`);
      expect(c.text.toLowerCase()).toContain(hashValue.toLowerCase());
    }
  });

  it('TAXII: objects, manifest, an object by id and its versions leave A out for B', async () => {
    const TAXII = 'application/taxii+json;version=2.1';
    const taxii = async (who: string, path: string) => {
      const res = await fetch(`${t.url}/taxii2/hub/collections/${incident.id}${path}`, {
        headers: { accept: TAXII, authorization: `Bearer ${as[who].token}` },
      });
      const text = await res.text();
      return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
    };
    const all = await taxii('coordinator', '/objects/');
    expect(all.status).toBe(200);
    const indicator = all.body.objects.find(
      (o: any) => o.type === 'indicator' && String(o.pattern).includes('rival-flag-a1'),
    );
    expect(indicator).toBeDefined();
    const report = (body: any) => body.objects.find((o: any) => o.type === 'report');
    for (const path of [
      '/objects/',
      '/manifest/',
      '/objects/?match[type]=indicator',
      `/objects/?match[id]=${indicator.id}`,
    ]) {
      const b = await taxii('partyB', path);
      expect({ path, status: b.status }).toEqual({ path, status: 200 });
      expectNothingOfA(b.text, `TAXII ${path}`);
      expect(b.text).not.toContain(indicator.id);
    }
    for (const path of [`/objects/${indicator.id}/`, `/objects/${indicator.id}/versions/`]) {
      const b = await taxii('partyB', path);
      expect({ path, status: b.status }).toEqual({ path, status: 404 });
      expect(b.text).not.toContain('rival-flag-a1');
      expect((await taxii('coordinator', path)).status).toBe(200);
    }
    // The report refers to what B sees only; the coordinator's to A's indicator too.
    expect(report(all.body).object_refs).toContain(indicator.id);
    const bReport = report((await taxii('partyB', '/objects/?match[type]=report')).body);
    expect(bReport.object_refs).not.toContain(indicator.id);
  });

  it("/hashes/match does not answer A's hash to B, and does to the coordinator", async () => {
    const match = (who: string) => as[who].api.post('/hashes/match', { algorithm: 'pdq', value: hashValue });
    await waitFor(
      async () => (await match('coordinator')).body,
      (body: any) => body.matches?.some((m: any) => m.itemId === hash.id),
      { timeoutMs: 20_000, intervalMs: 200, what: 'the index to hold A’s hash' },
    );
    for (const who of ['partyA', 'observer', 'clipcast']) {
      expect((await match(who)).body.matches.map((m: any) => m.itemId)).toContain(hash.id);
    }
    for (const who of ['partyB', 'checker']) {
      const res = await match(who);
      expect(res.status).toBe(200);
      expectNothingOfA(raw(res.body), `${who}'s match`);
    }
  });

  it("feedback and containment on A's flag answer B and the other platform as if it did not exist", async () => {
    const feedback = await as.partyB.api.post(`/incidents/${incident.id}/items/${url.id}/feedback`, {
      verdict: 'disagree',
    });
    expect(feedback.status).toBe(404);
    expectNothingOfA(raw(feedback.body), 'feedback');
    // Flaggers record no containment; the other platform has no cell on the URL.
    const byB = await as.partyB.api.post(`/incidents/${incident.id}/items/${url.id}/containment/videoshare`, {
      status: 'acknowledged',
    });
    expect(byB.status).toBe(403);
    const byClipcast = await as.clipcast.api.post(
      `/incidents/${incident.id}/items/${url.id}/containment/clipcast`,
      { status: 'acknowledged' },
    );
    expect(byClipcast.status).toBe(404);
    expectNothingOfA(raw(byClipcast.body), "clipcast's containment");
    // A sees its own flag and may give feedback on it.
    const own = await as.partyA.api.post(`/incidents/${incident.id}/items/${url.id}/feedback`, {
      verdict: 'agree',
    });
    expect(own.status).toBe(201);
  });

  async function connect(who: string): Promise<{ client: RoomClient; events: EventView[] }> {
    const client = new RoomClient({ url: t.url, token: as[who].token });
    clients.push(client);
    const events: EventView[] = [];
    client.onEvent((e) => events.push(e));
    await client.connected();
    return { client, events };
  }

  it('the room replays and pushes stand-ins to B and the other platform, whole events to the rest', async () => {
    const b = await connect('partyB');
    const clip = await connect('clipcast');
    const video = await connect('videoshare');
    const coordinator = await connect('coordinator');
    const joined = await b.client.join(incident.id, 0);
    await clip.client.join(incident.id, 0);
    await video.client.join(incident.id, 0);
    await coordinator.client.join(incident.id, 0);
    expect(b.events.map((e) => e.seq)).toEqual(b.events.map((_, i) => i + 1));
    expect(b.events.length).toBe(joined.lastSeq);
    expectNothingOfA(raw(b.events), "B's replay");
    expect(raw(clip.events)).not.toContain('rival-flag-a1');
    expect(raw(video.events)).toContain('rival-flag-a1');
    // Live: A flags another URL on videoshare, and moves on its first one.
    const live = await as.partyA.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/watch/rival-flag-a1-live',
      channel: 'alert',
    });
    expect(live.status).toBe(201);
    const moved = await as.videoshare.api.post(
      `/incidents/${incident.id}/items/${url.id}/containment/videoshare`,
      { status: 'acknowledged' },
    );
    expect(moved.status).toBe(200);
    await as.be.api.post(`/incidents/${incident.id}/messages`, { text: 'after the flags' });
    const last = (await get(as.coordinator.api, `/incidents/${incident.id}`)).body.lastSeq;
    for (const who of [b, clip, video, coordinator]) {
      await waitFor(
        () => who.events[who.events.length - 1]?.seq,
        (seq) => seq === last,
        { what: 'the live events' },
      );
      expect(who.events.map((e) => e.seq)).toEqual(who.events.map((_, i) => i + 1));
    }
    expectNothingOfA(raw(b.events), "B's live events");
    expect(raw(b.events)).not.toContain(live.body.item.id);
    expect(raw(clip.events)).not.toContain('rival-flag-a1');
    expect(raw(clip.events)).not.toContain(live.body.item.id);
    const shared = (events: EventView[]) =>
      events.find((e) => e.type === 'item.shared' && e.data.itemId === live.body.item.id);
    expect(shared(coordinator.events)).toBeDefined();
    expect(shared(video.events)).toBeDefined();
    // The live share and the containment move reach B as stand-ins; the message whole.
    const after = b.events.filter((e) => e.seq > joined.lastSeq);
    expect(after.filter((e) => e.type === 'incident.event_hidden').length).toBeGreaterThanOrEqual(2);
    expect(after[after.length - 1].type).toBe('message.posted');
  });

  it('a rival re-reporting the URL learns neither A nor its note; A does not learn B', async () => {
    const again = await as.partyB.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: SECRET_URL,
      channel: 'alert',
      metadata: { notes: 'B saw it too' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      duplicate: true,
      item: {
        id: url.id,
        visibility: 'coordination',
        reporters: [as.partyB.organisation.id],
        metadata: {},
        submittedUrl: SECRET_URL,
      },
    });
    const text = raw(again.body);
    expect(text).not.toContain(as.partyA.organisation.id);
    expect(text).not.toContain(SECRET_NOTE);
    expect(text).not.toContain('a-list');
    // B now reports it: B sees it, still without A, and not A's share in the log.
    const seen = await get(as.partyB.api, `/incidents/${incident.id}/items/${url.id}`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain(as.partyA.organisation.id);
    const events = await get(as.partyB.api, `/incidents/${incident.id}/events?limit=500`);
    const aboutUrl = events.body.items.filter((e: any) => e.data.itemId === url.id);
    expect(aboutUrl.map((e: any) => e.type)).not.toContain('item.shared');
    expect(aboutUrl.map((e: any) => e.type)).toContain('item.reported_again');
    expect(events.text).not.toContain(SECRET_NOTE);
    // A sees its flag with itself alone as reporter, and B's report as a stand-in.
    const byA = await get(as.partyA.api, `/incidents/${incident.id}/items/${url.id}`);
    expect(byA.body.reporters).toEqual([as.partyA.organisation.id]);
    const aEvents = await get(as.partyA.api, `/incidents/${incident.id}/events?limit=500`);
    expect(aEvents.body.items.filter((e: any) => e.type === 'item.reported_again')).toEqual([]);
    // The coordinator sees both reporters and both reports.
    const byCoordinator = await get(as.coordinator.api, `/incidents/${incident.id}/items/${url.id}`);
    expect(byCoordinator.body.reporters).toEqual([as.partyA.organisation.id, as.partyB.organisation.id]);
    // The bulk route answers a repeat the same way.
    const bulk = await as.partyB.api.post(`/incidents/${incident.id}/items/bulk`, {
      items: [{ kind: 'hash', hash: { algorithm: 'pdq', value: hashValue, quality: 90 }, channel: 'alert' }],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results[0]).toMatchObject({
      status: 200,
      item: { id: hash.id, reporters: [as.partyB.organisation.id], metadata: {} },
    });
    expect(raw(bulk.body)).not.toContain(as.partyA.organisation.id);
    const { rows } = await t.sql.query(`SELECT visibility, reporters FROM items WHERE id = $1`, [url.id]);
    expect(rows[0].visibility).toBe('coordination');
  });

  it('the public account of the closed incident leaves A out for B too', async () => {
    const post = (path: string, body: object) =>
      as.coordinator.api.post(`/incidents/${incident.id}/${path}`, body);
    expect((await post('stand-down', { rationale: 'contained' })).status).toBe(200);
    expect((await post('close', { summary: 'Contained' })).status).toBe(200);
    for (const format of ['public', 'public-html', 'json', 'csv']) {
      const b = await get(as.partyB.api, `/incidents/${incident.id}/report?format=${format}`);
      expect({ format, status: b.status }).toEqual({ format, status: 200 });
      // B reports the URL and the hash itself by now: A's later URL and A's note stay out.
      for (const needle of ['rival-flag-a1-live', SECRET_NOTE, 'a-list']) {
        expect({ format, holds: b.text.toLowerCase().includes(needle) }).toEqual({ format, holds: false });
      }
    }
  });
});
