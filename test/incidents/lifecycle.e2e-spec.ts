import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';

describe('the incident lifecycle', () => {
  let t: TestHub;
  let as: Cast;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'lifecycle' });
    as = await t.seed();
  });
  afterAll(() => t?.close());

  const types = async (id: string) =>
    (await as.coordinator.api.get(`/incidents/${id}/events?limit=500`)).body.items.map((e: any) => e.type);

  it('a coordinator declares straight to active with the creator and platforms taking part', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    expect(incident).toMatchObject({
      status: 'active',
      level: 'crisis',
      mode: 'live',
      protocol: 'terrorist-content',
      lastSeq: 1,
    });
    expect(incident.ref).toMatch(/^CH-\d{4}-\d{4}$/);
    expect(incident.participants).toEqual(
      expect.arrayContaining([
        as.coordinator.organisation.id,
        as.be.organisation.id,
        as.videoshare.organisation.id,
      ]),
    );
    expect(incident.platforms).toEqual(['videoshare']);
    expect(await types(incident.id)).toEqual(['incident.activated']);
  });

  it('an authority notifies, the coordinator activates; or rejects', async () => {
    const notified = await as.be.api.post('/incidents', {
      title: 'Possible crisis',
      summary: 'Reports of a livestream',
      category: 'terrorist_content',
      level: 'incident',
      mode: 'live',
      participants: [],
      platforms: ['videoshare'],
    });
    expect(notified.status).toBe(201);
    expect(notified.body.status).toBe('assessing');
    const activated = await as.coordinator.api.post(`/incidents/${notified.body.id}/activate`, {
      level: 'crisis',
      rationale: 'Criteria met',
      criteria: ['content produced by the perpetrator'],
    });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ status: 'active', level: 'crisis' });
    expect(await types(notified.body.id)).toEqual(['incident.notified', 'incident.activated']);

    const hoax = await as.fr.api.post('/incidents', {
      title: 'Rumour',
      summary: 'Unverified',
      category: 'election_integrity',
      level: 'awareness',
      mode: 'live',
      participants: [],
      platforms: [],
    });
    expect(hoax.body).toMatchObject({ status: 'assessing', protocol: 'election-integrity' });
    const rejected = await as.coordinator.api.post(`/incidents/${hoax.body.id}/reject`, {
      rationale: 'Criteria not met',
    });
    expect(rejected.body.status).toBe('rejected');
    expect((await as.coordinator.api.post(`/incidents/${hoax.body.id}/activate`, {})).body.code).toBe(
      'INCIDENT_CLOSED',
    );
    // Refused on role before any lookup, so the answer is the same whether or not the incident exists.
    expect((await as.be.api.post(`/incidents/${hoax.body.id}/activate`, {})).status).toBe(403);
    expect((await as.fr.api.post(`/incidents/${hoax.body.id}/activate`, {})).status).toBe(403);
  });

  it('walks active → standing_down → closed → reviewed, refusing what the state forbids with 409', async () => {
    const incident = await declareIncident(as);
    const post = (action: string, body: object = {}) =>
      as.coordinator.api.post(`/incidents/${incident.id}/${action}`, body);
    expect((await post('activate')).body).toMatchObject({ statusCode: 409, code: 'ILLEGAL_TRANSITION' });
    expect((await post('reject')).status).toBe(409);
    expect((await post('review', { summary: 'x' })).status).toBe(409);
    expect((await post('level', { level: 'incident' })).body.level).toBe('incident');
    expect((await post('level', { level: 'incident' })).status).toBe(409);
    expect((await post('level', {})).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('level'),
    });
    expect((await post('stand-down', { rationale: 'volume dropped' })).body.status).toBe('standing_down');
    expect((await post('close', {})).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('summary'),
    });
    expect((await post('close', { summary: 'Contained within 40 minutes' })).body.status).toBe('closed');
    const share = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/late',
      channel: 'referral',
    });
    expect(share.body).toMatchObject({ statusCode: 409, code: 'INCIDENT_CLOSED' });
    expect((await as.be.api.post(`/incidents/${incident.id}/messages`, { text: 'late' })).status).toBe(409);
    expect((await post('stand-down')).body.code).toBe('INCIDENT_CLOSED');
    expect((await post('review', { summary: 'Debrief held' })).body.status).toBe('reviewed');
    expect(await types(incident.id)).toEqual([
      'incident.activated',
      'incident.level_changed',
      'incident.standing_down',
      'incident.closed',
      'incident.reviewed',
    ]);
  });

  it('adding a platform creates its cells for the hash items already shared', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const hash = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'hash',
      hash: { algorithm: 'pdq', value: pdqHash(), quality: 90 },
      channel: 'alert',
    });
    const url = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/1',
      channel: 'referral',
    });
    expect(hash.body.item.containment.map((c: any) => c.platformKey)).toEqual(['videoshare']);
    expect(url.body.item.containment.map((c: any) => c.platformKey)).toEqual(['videoshare']);
    const added = await as.coordinator.api.post(`/incidents/${incident.id}/participants`, {
      platformKey: 'clipcast',
    });
    expect(added.status).toBe(200);
    expect(added.body.platforms).toEqual(['videoshare', 'clipcast']);
    expect(added.body.participants).toContain(as.clipcast.organisation.id);
    const items = await as.clipcast.api.get(`/incidents/${incident.id}/items?platformKey=clipcast`);
    expect(items.status).toBe(200);
    expect(items.body.items.map((i: any) => i.id)).toEqual([hash.body.item.id]);
    const again = await as.coordinator.api.post(`/incidents/${incident.id}/participants`, {
      organisationId: as.clipcast.organisation.id,
    });
    expect(again.status).toBe(409);
    const nobody = await as.coordinator.api.post(`/incidents/${incident.id}/participants`, {
      platformKey: 'nosuchplatform',
    });
    expect(nobody.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('platforms') });
  });

  it('moves the acknowledgement deadline of open cells when the level changes', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'], level: 'incident' });
    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/level',
      channel: 'referral',
    });
    const cell = shared.body.item.containment[0];
    expect(new Date(cell.ackDueAt).getTime() - new Date(shared.body.item.createdAt).getTime()).toBe(
      60 * 60_000,
    );
    await as.coordinator.api.post(`/incidents/${incident.id}/level`, { level: 'crisis' });
    const after = await as.be.api.get(`/incidents/${incident.id}/items/${shared.body.item.id}`);
    expect(
      new Date(after.body.containment[0].ackDueAt).getTime() - new Date(shared.body.item.createdAt).getTime(),
    ).toBe(15 * 60_000);
  });

  it('lists only visible incidents, newest first, with paging and filters', async () => {
    const mine = await declareIncident(as, { participants: ['de', 'socialnet'], title: 'Visible to DE' });
    const notMine = await declareIncident(as, { participants: ['fr'], title: 'Not for DE' });
    const de = await as.de.api.get('/incidents');
    expect(de.body.items.map((i: any) => i.id)).toContain(mine.id);
    expect(de.body.items.map((i: any) => i.id)).not.toContain(notMine.id);
    expect((await as.de.api.get(`/incidents/${notMine.id}`)).status).toBe(404);
    expect((await as.observer.api.get(`/incidents/${notMine.id}`)).status).toBe(200);
    expect((await t.admin.get(`/incidents/${mine.id}`)).status).toBe(404);
    const page = await as.coordinator.api.get('/incidents?limit=2');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.next).toBeDefined();
    const next = await as.coordinator.api.get(`/incidents?limit=2&after=${page.body.next}`);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    const closed = await as.coordinator.api.get('/incidents?status=reviewed');
    expect(closed.body.items.every((i: any) => i.status === 'reviewed')).toBe(true);
    expect((await as.coordinator.api.get('/incidents?status=bogus')).status).toBe(400);
    expect((await as.coordinator.api.get('/incidents?limit=100000')).status).toBe(400);
  });
});
