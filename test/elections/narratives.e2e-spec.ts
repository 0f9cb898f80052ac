import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { EventView } from '@hub/contracts';
import { declareIncident, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/** Narratives, DISARM techniques, and answers as platforms really give them (by phone, in meetings). */
describe('narratives, techniques and recorded answers', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  const rooms: RoomClient[] = [];
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'narratives' });
    as = await t.seed();
    // A fact-checker: a flagger notifies, but never records a platform's answer.
    const org = await t.admin.post('/organisations', { name: 'Fact Check Lab', kind: 'fact_checker' });
    expect(org.status).toBe(201);
    const member = await t.admin.post(`/organisations/${org.body.id}/members`, {
      displayName: 'Checker',
      role: 'flagger',
    });
    expect(member.status).toBe(201);
    as.checker = {
      key: 'checker',
      organisation: org.body,
      memberId: member.body.member.id,
      role: 'flagger',
      token: member.body.token,
      api: t.client(member.body.token),
    };
    incident = await declareIncident(as, {
      participants: ['be', 'videoshare', 'clipcast', 'checker'],
      category: 'election_integrity',
    });
  });
  afterAll(async () => {
    for (const room of rooms) room.close();
    await t?.close();
  });

  const share = (who: string, body: Record<string, unknown>) =>
    as[who].api.post(`/incidents/${incident.id}/items`, { channel: 'referral', ...body });
  const contain = (who: string, itemId: string, platformKey: string, body: Record<string, unknown>) =>
    as[who].api.post(`/incidents/${incident.id}/items/${itemId}/containment/${platformKey}`, body);
  const itemRows = async () =>
    (await t.sql.query('SELECT kind, dedup_key, narrative, techniques FROM items ORDER BY created_at')).rows;
  const containmentEvents = async (itemId: string) =>
    (await as.coordinator.api.get(`/incidents/${incident.id}/events?limit=500`)).body.items.filter(
      (e: any) => e.type === 'containment.updated' && e.data.itemId === itemId,
    );

  let narrative: any;

  it('shares a narrative: cells on every platform, example URLs canonicalised, techniques kept', async () => {
    const res = await share('be', {
      kind: 'narrative',
      narrative: {
        title: '  Marking two boxes   counts double ',
        description: 'A forged ballot instruction circulating before the vote.',
        keywords: ['ballot', 'double vote'],
        languages: ['fr', 'NL'],
        examples: ['HTTPS://Videoshare.example/v/forged?b=2&a=1#t=3', 'https://clipcast.example/c/9'],
      },
      techniques: ['T0022.001', 't0002'],
    });
    expect(res.status).toBe(201);
    narrative = res.body.item;
    expect(narrative).toMatchObject({
      kind: 'narrative',
      narrative: {
        title: 'Marking two boxes counts double',
        keywords: ['ballot', 'double vote'],
        languages: ['fr', 'nl'],
        examples: ['https://videoshare.example/v/forged?a=1&b=2', 'https://clipcast.example/c/9'],
      },
      techniques: ['T0022.001', 'T0002'],
    });
    expect(narrative.containment.map((c: any) => c.platformKey).sort()).toEqual(['clipcast', 'videoshare']);
    const [row] = await itemRows();
    expect(row).toMatchObject({
      kind: 'narrative',
      dedup_key: 'narrative:marking two boxes counts double',
      techniques: ['T0022.001', 'T0002'],
    });
    expect(row.narrative.title).toBe('Marking two boxes counts double');
    const shared = (
      await as.coordinator.api.get(`/incidents/${incident.id}/events?limit=500`)
    ).body.items.find((e: any) => e.type === 'item.shared' && e.data.itemId === narrative.id);
    expect(shared.data).toMatchObject({ kind: 'narrative', techniques: ['T0022.001', 'T0002'] });
    expect(shared.data.cells).toHaveLength(2);
  });

  it('answers a repeat of the same claim (case, spacing) with the existing item', async () => {
    const again = await share('coordinator', {
      kind: 'narrative',
      narrative: { title: 'marking TWO boxes counts double' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, item: { id: narrative.id } });
    expect(await itemRows()).toHaveLength(1);
  });

  it('refuses a narrative without a title and an unknown technique by name, storing nothing', async () => {
    const before = await itemRows();
    for (const body of [{ kind: 'narrative' }, { kind: 'narrative', narrative: { keywords: ['x'] } }]) {
      const res = await share('be', body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('narrative.title');
    }
    const unknown = await share('be', {
      kind: 'url',
      url: 'https://videoshare.example/v/unknown-technique',
      techniques: ['T0002', 'T9999'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'techniques[1]' })]);
    const tooMany = await share('be', {
      kind: 'url',
      url: 'https://videoshare.example/v/too-many',
      techniques: Array.from({ length: 21 }, () => 'T0002'),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('techniques');
    const badExample = await share('be', {
      kind: 'narrative',
      narrative: { title: 'Another claim', examples: ['https://ok.example/', 'javascript:alert(1)'] },
    });
    expect(badExample.status).toBe(400);
    expect(badExample.body.details).toEqual([expect.objectContaining({ field: 'narrative.examples[1]' })]);
    expect(await itemRows()).toEqual(before);
  });

  let url: any;

  it('names techniques on a URL item, and lists the framework for any member', async () => {
    const res = await share('be', {
      kind: 'url',
      url: 'https://videoshare.example/v/ballot-deepfake',
      techniques: ['T0022'],
    });
    expect(res.status).toBe(201);
    url = res.body.item;
    expect(url).toMatchObject({ kind: 'url', platformKey: 'videoshare', techniques: ['T0022'] });
    expect(url.containment.map((c: any) => c.platformKey)).toEqual(['videoshare']);
    const listed = await as.checker.api.get('/techniques');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual({
      id: 'T0022.001',
      name: 'Amplify Existing Conspiracy Theory Narratives',
      tactic: 'TA14',
    });
    expect(listed.body.licence).toBe('CC BY-SA 4.0');
    expect((await t.anonymous.get('/techniques')).status).toBe(401);

    // A repeat may tag the item further: the new techniques are added, once, in the row and the log.
    const again = await share('coordinator', {
      kind: 'url',
      url: 'https://videoshare.example/v/ballot-deepfake',
      techniques: ['T0022', 'T0002'],
    });
    expect(again.body).toMatchObject({
      duplicate: true,
      item: { id: url.id, techniques: ['T0022', 'T0002'] },
    });
    const row = (await t.sql.query('SELECT techniques FROM items WHERE id = $1', [url.id])).rows[0];
    expect(row.techniques).toEqual(['T0022', 'T0002']);
    url = again.body.item;
  });

  it('records a demotion, and an oral answer a coordinator was given by phone', async () => {
    const demoted = await contain('videoshare', narrative.id, 'videoshare', { status: 'demoted' });
    expect(demoted.status).toBe(200);
    expect(demoted.body).toMatchObject({ status: 'demoted' });
    expect(demoted.body.actedAt).toBeDefined();
    const oral = await contain('coordinator', narrative.id, 'clipcast', {
      status: 'labelled',
      via: 'phone',
      reportedBy: 'ClipCast elections desk',
    });
    expect(oral.status).toBe(200);
    const events = await containmentEvents(narrative.id);
    expect(
      events.map((e: any) => [e.data.platformKey, e.data.status, e.data.via, e.data.reportedBy]),
    ).toEqual([
      ['videoshare', 'demoted', 'hub', undefined],
      ['clipcast', 'labelled', 'phone', 'ClipCast elections desk'],
    ]);
    expect(events[1]).toMatchObject({
      actor: { organisationId: as.coordinator.organisation.id, memberId: as.coordinator.memberId },
      data: { onBehalf: true },
    });

    const json = (await as.coordinator.api.get(`/incidents/${incident.id}/report?format=json`)).body;
    expect(json.containment.platforms.find((p: any) => p.platformKey === 'videoshare').counts.demoted).toBe(
      1,
    );
    expect(json.items.byKind.narrative).toBe(1);
    expect(json.items.byTechnique).toEqual({ T0002: 2, T0022: 1, 'T0022.001': 1 });
    expect(json.items.narratives).toEqual([
      expect.objectContaining({
        itemId: narrative.id,
        title: 'Marking two boxes counts double',
        examples: 2,
      }),
    ]);
    const row = json.containment.rows.find(
      (r: any) => r.itemId === narrative.id && r.platformKey === 'clipcast',
    );
    expect(row).toMatchObject({
      target: 'narrative: Marking two boxes counts double',
      answeredVia: 'phone',
      reportedBy: 'ClipCast elections desk',
      recordedBy: 'coordinator',
      answer: 'answered by phone, reported by ClipCast elections desk, recorded by a coordinator',
    });
    const md = String((await as.coordinator.api.get(`/incidents/${incident.id}/report?format=md`)).body);
    expect(md).toContain('answered by phone, reported by ClipCast elections desk, recorded by a coordinator');
    expect(md).toMatch(/\| Platform \| removed \| restricted \| labelled \| demoted \|/);
    const csv = String((await as.coordinator.api.get(`/incidents/${incident.id}/report?format=csv`)).body);
    expect(csv).toContain('phone,ClipCast elections desk,coordinator');
  });

  it('refuses a liaison naming another channel (400 via), a flagger (403), and stores nothing', async () => {
    const before = await containmentEvents(url.id);
    const liaison = await contain('videoshare', url.id, 'videoshare', { status: 'removed', via: 'phone' });
    expect(liaison.status).toBe(400);
    expect(liaison.body.details).toEqual([expect.objectContaining({ field: 'via' })]);
    const hub = await contain('coordinator', url.id, 'videoshare', { status: 'removed', via: 'hub' });
    expect(hub.status).toBe(400);
    expect(hub.body.details).toEqual([expect.objectContaining({ field: 'via' })]);
    const unknown = await contain('coordinator', url.id, 'videoshare', { status: 'removed', via: 'pigeon' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('via');
    const long = await contain('coordinator', url.id, 'videoshare', {
      status: 'removed',
      via: 'email',
      reportedBy: 'x'.repeat(201),
    });
    expect(long.status).toBe(400);
    expect(long.body.message).toContain('reportedBy');
    const flagger = await contain('checker', url.id, 'videoshare', { status: 'removed', via: 'phone' });
    expect(flagger.status).toBe(403);
    expect(flagger.body).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/coordinator or liaison; you are flagger/),
    });
    expect(await containmentEvents(url.id)).toEqual(before);
    const cell = (await as.coordinator.api.get(`/incidents/${incident.id}/items/${url.id}`)).body
      .containment[0];
    expect(cell.status).not.toBe('removed');
  });

  it('shares a narrative and records an answer from the command line', async () => {
    // The built command line, run as a script would: `npm run build` first.
    const hub = (who: string, ...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'hub.js'), ...args], {
          env: { ...process.env, HUB_URL: t.url, HUB_TOKEN: as[who].token, HUB_BOOTSTRAP_TOKEN: '' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const shared = await hub(
      'be',
      'incident',
      'share',
      incident.ref,
      '--narrative',
      'Polling stations close at noon',
      '--example',
      'https://clipcast.example/c/noon?a=1,2',
      '--technique',
      'T0022,T0002',
      '--channel',
      'referral',
      '--json',
    );
    expect(shared).toMatchObject({ status: 0 });
    const item = JSON.parse(shared.stdout).item;
    expect(item).toMatchObject({
      kind: 'narrative',
      narrative: {
        title: 'Polling stations close at noon',
        examples: ['https://clipcast.example/c/noon?a=1,2'],
      },
      techniques: ['T0022', 'T0002'],
    });
    const answered = await hub(
      'coordinator',
      'incident',
      'contain',
      incident.ref,
      item.id,
      'clipcast',
      'removed',
      '--via',
      'letter',
      '--reported-by',
      'ClipCast legal',
    );
    expect(answered).toMatchObject({ status: 0 });
    expect(answered.stdout).toMatch(/^clipcast: removed/);
    const [event] = await containmentEvents(item.id);
    expect(event.data).toMatchObject({ via: 'letter', reportedBy: 'ClipCast legal', onBehalf: true });
  });

  it('takes the same fields over the room socket', async () => {
    const coordinator = new RoomClient({ url: t.url, token: as.coordinator.token });
    rooms.push(coordinator);
    const events: EventView[] = [];
    coordinator.onEvent((e) => events.push(e));
    await coordinator.connected();
    await coordinator.join(incident.id);
    const answer = await coordinator.updateContainment({
      incidentId: incident.id,
      itemId: url.id,
      platformKey: 'videoshare',
      status: 'removed',
      via: 'meeting',
      reportedBy: 'VideoShare policy lead',
    });
    expect(answer).toMatchObject({ ok: true, cell: { itemId: url.id, status: 'removed' } });
    const event = await waitFor(
      () => events.find((e) => e.type === 'containment.updated' && e.data.itemId === url.id),
      Boolean,
      { what: 'the recorded answer in the room' },
    );
    expect(event!.data).toMatchObject({
      via: 'meeting',
      reportedBy: 'VideoShare policy lead',
      onBehalf: true,
    });

    const liaison = new RoomClient({ url: t.url, token: as.clipcast.token });
    rooms.push(liaison);
    await liaison.connected();
    const refused = await liaison.updateContainment({
      incidentId: incident.id,
      itemId: narrative.id,
      platformKey: 'clipcast',
      status: 'removed',
      via: 'letter',
    });
    expect(refused).toMatchObject({ ok: false, error: { statusCode: 400 } });
  });

  it('drafts statements of reasons for content, never for a narrative', async () => {
    const res = await as.coordinator.api.get(
      `/incidents/${incident.id}/statements-of-reasons?platformKey=videoshare`,
    );
    expect(res.status).toBe(200);
    // The narrative's videoshare cell is demoted, the URL's removed: only the URL is one piece of content.
    expect(res.body.statements.map((s: any) => s.itemId)).toEqual([url.id]);
  });
});
