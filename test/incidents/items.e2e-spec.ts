import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';

describe('sharing items', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'items' });
    as = await t.seed();
    incident = await declareIncident(as, { participants: ['be', 'fr', 'videoshare', 'clipcast'] });
  });
  afterAll(() => t?.close());

  const share = (who: string, body: object, id = incident.id) =>
    as[who].api.post(`/incidents/${id}/items`, body);

  it('canonicalises a URL and attributes it to the platform owning the domain', async () => {
    const res = await share('be', {
      kind: 'url',
      url: 'HTTPS://M.VideoShare.example:443/v/abc?utm_source=x&b=2&a=1&fbclid=zz#t=10',
      channel: 'removal_order',
      legalReference: 'TCO art. 3',
      metadata: { contentType: 'video', language: 'nl', uploaderHandle: 'attacker01' },
    });
    expect(res.status).toBe(201);
    expect(res.body.duplicate).toBe(false);
    expect(res.body.item).toMatchObject({
      kind: 'url',
      url: 'https://m.videoshare.example/v/abc?a=1&b=2',
      submittedUrl: 'HTTPS://M.VideoShare.example:443/v/abc?utm_source=x&b=2&a=1&fbclid=zz#t=10',
      platformKey: 'videoshare',
      channel: 'removal_order',
      legalReference: 'TCO art. 3',
      reporters: [as.be.organisation.id],
    });
    const [cell] = res.body.item.containment;
    expect(cell).toMatchObject({ platformKey: 'videoshare', status: 'pending' });
    const created = new Date(res.body.item.createdAt).getTime();
    expect(new Date(cell.ackDueAt).getTime() - created).toBe(15 * 60_000);
    expect(new Date(cell.actionDueAt).getTime() - created).toBe(60 * 60_000);
    // The personal field is on the item, never in the append-only log.
    const events = await as.be.api.get(`/incidents/${incident.id}/events?limit=500`);
    const shared = events.body.items.find(
      (e: any) => e.type === 'item.shared' && e.data.itemId === res.body.item.id,
    );
    expect(shared.data.metadata).toEqual({ contentType: 'video', language: 'nl' });
    expect(JSON.stringify(events.body)).not.toContain('attacker01');
  });

  it('makes the same URL from two member states one item with two reporters', async () => {
    const first = await share('be', {
      kind: 'url',
      url: 'https://clipcast.example/c/77?utm_medium=social',
      channel: 'referral',
    });
    const second = await share('fr', {
      kind: 'url',
      url: 'https://CLIPCAST.example/c/77#x',
      channel: 'referral',
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.duplicate).toBe(true);
    expect(second.body.item.id).toBe(first.body.item.id);
    expect(second.body.item.reporters).toEqual([as.be.organisation.id, as.fr.organisation.id]);
    expect(second.body.item.containment).toHaveLength(1);
    const items = await as.be.api.get(`/incidents/${incident.id}/items?limit=500`);
    expect(items.body.items.filter((i: any) => i.url === 'https://clipcast.example/c/77')).toHaveLength(1);
    const events = await as.be.api.get(`/incidents/${incident.id}/events?limit=500`);
    expect(
      events.body.items.filter(
        (e: any) => e.type === 'item.reported_again' && e.data.itemId === first.body.item.id,
      ),
    ).toHaveLength(1);
  });

  it('a hash concerns every platform of the incident; the same hash twice is one item', async () => {
    const value = pdqHash();
    const first = await share('be', {
      kind: 'hash',
      hash: { algorithm: 'pdq', value: value.toUpperCase(), quality: 80 },
      channel: 'alert',
    });
    expect(first.body.item.hash).toEqual({ algorithm: 'pdq', value, quality: 80 });
    expect(first.body.item.containment.map((c: any) => c.platformKey).sort()).toEqual([
      'clipcast',
      'videoshare',
    ]);
    const again = await share('videoshare', {
      kind: 'hash',
      hash: { algorithm: 'pdq', value, quality: 80 },
      channel: 'alert',
    });
    expect(again.status).toBe(200);
    expect(again.body.item.reporters).toHaveLength(2);
  });

  it('an account concerns its platform', async () => {
    const res = await share('fr', {
      kind: 'account',
      account: { platformKey: 'videoshare', handle: '@Hijacked_Mayor' },
      channel: 'referral',
    });
    expect(res.status).toBe(201);
    expect(res.body.item.account).toEqual({ platformKey: 'videoshare', handle: 'Hijacked_Mayor' });
    expect(res.body.item.containment.map((c: any) => c.platformKey)).toEqual(['videoshare']);
    const again = await share('be', {
      kind: 'account',
      account: { platformKey: 'videoshare', handle: 'hijacked_mayor' },
      channel: 'referral',
    });
    expect(again.status).toBe(200);
  });

  it.each([
    [{ kind: 'url', url: 'ftp://videoshare.example/x', channel: 'alert' }, 'url'],
    [{ kind: 'url', url: 'not a url', channel: 'alert' }, 'url'],
    [{ kind: 'url', channel: 'alert' }, 'url'],
    [{ kind: 'url', url: `https://videoshare.example/${'a'.repeat(2100)}`, channel: 'alert' }, 'url'],
    [{ kind: 'hash', hash: { algorithm: 'pdq', value: 'abc' }, channel: 'alert' }, 'hash.value'],
    [
      { kind: 'hash', hash: { algorithm: 'pdq', value: pdqHash(), quality: 101 }, channel: 'alert' },
      'hash.quality',
    ],
    [{ kind: 'hash', hash: { algorithm: 'md5', value: 'z'.repeat(32) }, channel: 'alert' }, 'hash.value'],
    [{ kind: 'hash', hash: { algorithm: 'sha1', value: 'a'.repeat(41) }, channel: 'alert' }, 'hash.value'],
    [{ kind: 'hash', hash: { algorithm: 'crc32', value: 'abcd' }, channel: 'alert' }, 'hash.algorithm'],
    [
      { kind: 'account', account: { platformKey: 'nowhere', handle: 'x' }, channel: 'alert' },
      'account.platformKey',
    ],
    [{ kind: 'url', url: 'https://videoshare.example/x', channel: 'removal_order' }, 'legalReference'],
    [{ kind: 'url', url: 'https://videoshare.example/x', channel: 'telepathy' }, 'channel'],
    [
      {
        kind: 'url',
        url: 'https://videoshare.example/x',
        channel: 'alert',
        metadata: { contentType: 'hologram' },
      },
      'metadata.contentType',
    ],
    [
      { kind: 'url', url: 'https://videoshare.example/x', channel: 'alert', metadata: { secret: 1 } },
      'metadata.secret',
    ],
    [{ kind: 'url', url: 'https://videoshare.example/x', channel: 'alert', extra: true }, 'extra'],
    [{ kind: 'thing', channel: 'alert' }, 'kind'],
  ])('refuses %j naming %s, storing nothing', async (body, field) => {
    const before = (await as.be.api.get(`/incidents/${incident.id}`)).body.lastSeq;
    const res = await share('be', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
    expect((await as.be.api.get(`/incidents/${incident.id}`)).body.lastSeq).toBe(before);
  });

  it('refuses malformed JSON and oversized bodies with 4xx', async () => {
    const bad = await as.be.api.request('POST', `/incidents/${incident.id}/items`, '{"kind": ', {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
    const huge = await as.be.api.request(
      'POST',
      `/incidents/${incident.id}/items`,
      JSON.stringify({ kind: 'url', url: 'x'.repeat(3 * 1024 * 1024) }),
      { 'content-type': 'application/json' },
    );
    expect(huge.status).toBe(413);
  });

  it('lets only an authority issue a removal order', async () => {
    const res = await share('coordinator', {
      kind: 'url',
      url: 'https://videoshare.example/v/ro',
      channel: 'removal_order',
      legalReference: 'x',
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('removal order');
  });

  it('shares in bulk with a result per entry', async () => {
    const res = await as.be.api.post(`/incidents/${incident.id}/items/bulk`, {
      items: [
        { kind: 'url', url: 'https://videoshare.example/bulk/1', channel: 'referral' },
        { kind: 'url', url: 'https://videoshare.example/bulk/1?utm_campaign=z', channel: 'referral' },
        { kind: 'hash', hash: { algorithm: 'sha256', value: 'x' }, channel: 'alert' },
        {
          kind: 'hash',
          hash: { algorithm: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
          channel: 'alert',
        },
        'not an object',
        { kind: 'url', url: 'https://clipcast.example/c/77', channel: 'referral' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 200],
      [2, 400],
      [3, 201],
      [4, 400],
      [5, 200],
    ]);
    expect(res.body.results[2].error.message).toContain('hash.value');
    expect(res.body.results[1].item.id).toBe(res.body.results[0].item.id);
    const tooMany = await as.be.api.post(`/incidents/${incident.id}/items/bulk`, {
      items: Array.from({ length: 1001 }, () => ({})),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('items');
  });

  it('pages items and filters them by platform and status', async () => {
    const all: any[] = [];
    let next: string | undefined;
    do {
      const page = await as.be.api.get(
        `/incidents/${incident.id}/items?limit=3${next ? `&after=${next}` : ''}`,
      );
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      next = page.body.next;
    } while (next);
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    const clip = await as.clipcast.api.get(`/incidents/${incident.id}/items?platformKey=clipcast&limit=500`);
    expect(clip.body.items.length).toBeGreaterThan(0);
    expect(
      clip.body.items.every((i: any) => i.containment.some((c: any) => c.platformKey === 'clipcast')),
    ).toBe(true);
    expect((await as.be.api.get(`/incidents/${incident.id}/items?after=garbage`)).status).toBe(400);
  });

  it('judges each share on the incident as it is, right after it changed', async () => {
    const fresh = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const url = (path: string) => ({
      kind: 'url',
      url: `https://videoshare.example/${path}`,
      channel: 'alert',
    });
    // A share reads the incident; the next ones within moments may start from that reading.
    expect((await share('be', url('now/1'), fresh.id)).status).toBe(201);
    // Not yet a participant, then one: refused, then accepted at once.
    expect((await share('fr', url('now/2'), fresh.id)).status).toBe(404);
    await as.coordinator.api.post(`/incidents/${fresh.id}/participants`, {
      organisationId: as.fr.organisation.id,
    });
    expect((await share('fr', url('now/2'), fresh.id)).status).toBe(201);
    // The same URL again from the first reporter's peer: one item, two reporters.
    const again = await share('be', url('now/2'), fresh.id);
    expect(again.status).toBe(200);
    expect(again.body.item.reporters).toHaveLength(2);
    // Stood down and closed: the next share is refused, and nothing of it is stored.
    await as.coordinator.api.post(`/incidents/${fresh.id}/stand-down`, { rationale: 'contained' });
    await as.coordinator.api.post(`/incidents/${fresh.id}/close`, { summary: 'contained' });
    const late = await share('be', url('now/3'), fresh.id);
    expect(late.body).toMatchObject({ statusCode: 409, code: 'INCIDENT_CLOSED' });
    const { rows } = await t.sql.query(`SELECT url FROM items WHERE incident_id = $1 ORDER BY url`, [
      fresh.id,
    ]);
    expect(rows.map((r) => r.url)).toEqual([
      'https://videoshare.example/now/1',
      'https://videoshare.example/now/2',
    ]);
  });

  it('hides the incident from organisations that do not take part', async () => {
    expect(
      (await share('de', { kind: 'url', url: 'https://videoshare.example/de', channel: 'alert' })).status,
    ).toBe(404);
    expect((await as.de.api.get(`/incidents/${incident.id}/items`)).status).toBe(404);
    expect((await as.socialnet.api.get(`/incidents/${incident.id}/events`)).status).toBe(404);
    expect((await as.observer.api.get(`/incidents/${incident.id}/items`)).status).toBe(200);
    expect(
      (await share('observer', { kind: 'url', url: 'https://videoshare.example/o', channel: 'alert' }))
        .status,
    ).toBe(403);
  });

  it('records feedback and messages from participants, not observers', async () => {
    const item = (
      await share('be', { kind: 'url', url: 'https://videoshare.example/fb', channel: 'referral' })
    ).body.item;
    const fb = await as.videoshare.api.post(`/incidents/${incident.id}/items/${item.id}/feedback`, {
      verdict: 'false_positive',
      note: 'satire channel',
    });
    expect(fb.status).toBe(201);
    expect(fb.body).toMatchObject({
      type: 'item.feedback',
      data: { itemId: item.id, verdict: 'false_positive' },
    });
    expect(
      (
        await as.videoshare.api.post(`/incidents/${incident.id}/items/${item.id}/feedback`, {
          verdict: 'meh',
        })
      ).status,
    ).toBe(400);
    const msg = await as.fr.api.post(`/incidents/${incident.id}/messages`, { text: 'Second wave expected' });
    expect(msg.status).toBe(201);
    expect(msg.body).toMatchObject({ type: 'message.posted', data: { text: 'Second wave expected' } });
    expect((await as.observer.api.post(`/incidents/${incident.id}/messages`, { text: 'hi' })).status).toBe(
      403,
    );
    expect((await as.fr.api.post(`/incidents/${incident.id}/messages`, { text: '' })).status).toBe(400);
    const rows = await t.sql.query(`SELECT verdict FROM item_feedback WHERE item_id = $1`, [item.id]);
    expect(rows.rows).toEqual([{ verdict: 'false_positive' }]);
  });
});
