import { randomUUID } from 'node:crypto';
import { ApiModule } from '@hub/api';
import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';
import { insertElection, joinElection, minutesAfter, overdueOf, SteppedClock } from './analytics-fixtures';

const DAY = new Date('2026-06-01T00:00:00.000Z');
const MORNING = new Date('2026-06-01T09:00:00.000Z');
const ELECTION = 'Test federal elections 2026';

/** Recognisable strings planted in every field people fill: none may reach a bulletin. */
const PLANTED = {
  title: 'Planted incident title 8812',
  url: 'https://videoshare.example/v/planted-bulletin-8812',
  hash: pdqHash(),
  handle: 'planted_handle_8812',
  legalReference: 'Order BE-PLANTED-8812',
  reason: 'Planted reason 8812',
  message: 'Planted message 8812',
  warningTitle: 'Planted warning title 8812',
  warningText: 'Planted warning text 8812',
  narrativeTitle: 'Planted narrative 8812',
  narrativeExample: 'https://clipcast.example/c/planted-8812',
  technique: 'Planted-technique-8812',
};

/**
 * An election's day in the record, read back as a bulletin: flags of its live incidents that day by kind and
 * DISARM technique, platforms' answers to the cells created that day, warnings by severity. Elections,
 * warnings, narratives and techniques are written with SQL (their routes are other features').
 */
describe('GET /elections/:id/bulletin', () => {
  let t: TestHub;
  let as: Cast;
  const clock = new SteppedClock(minutesAfter(MORNING, -24 * 60));
  let electionId: string;
  const ids: string[] = [];
  const at = (minutes: number) => clock.set(minutesAfter(MORNING, minutes));
  const share = async (incidentId: string, body: object) => {
    const res = await as.be.api.post(`/incidents/${incidentId}/items`, body);
    expect(res.status).toBe(201);
    return res.body.item.id as string;
  };
  const hashItem = () => ({
    kind: 'hash',
    hash: { algorithm: 'pdq', value: pdqHash(), quality: 90 },
    channel: 'alert',
  });
  const contain = async (incidentId: string, itemId: string, status: string, reason?: string) =>
    expect(
      (
        await as.videoshare.api.post(`/incidents/${incidentId}/items/${itemId}/containment/videoshare`, {
          status,
          ...(reason ? { reason } : {}),
        })
      ).status,
    ).toBe(200);
  const warn = (severity: string, when: Date) =>
    t.sql.query(
      `INSERT INTO election_warnings (id, election_id, title, text, severity, organisation_id, member_id, recipients, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9)`,
      [
        randomUUID(),
        electionId,
        PLANTED.warningTitle,
        PLANTED.warningText,
        severity,
        as.be.organisation.id,
        as.be.memberId,
        [as.videoshare.organisation.id],
        when,
      ],
    );
  const bulletin = (query: string, by = 'coordinator', id = electionId) =>
    as[by].api.get(`/elections/${id}/bulletin${query}`);

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, {
      label: 'bulletin',
      parts: [(config, runtime) => ApiModule.forRoot(config, runtime)],
      options: { clock },
    });
    as = await t.seed();
    const participants = ['be', 'videoshare'];
    electionId = await insertElection(t.sql, {
      name: ELECTION,
      participants: participants.map((k) => as[k].organisation.id),
      from: minutesAfter(DAY, -10 * 24 * 60),
      until: minutesAfter(DAY, 10 * 24 * 60),
    });
    // The day before: an incident of the election and a flag in it, answered on the day.
    const before = await declareIncident(as, {
      participants,
      category: 'election_integrity',
      title: PLANTED.title,
    });
    await joinElection(t.sql, before.id, electionId);
    const yesterday = await share(before.id, hashItem());
    await warn('urgent', clock.now());

    // The day: flags in yesterday's incident and in a new one.
    at(0);
    const today = await declareIncident(as, {
      participants,
      category: 'election_integrity',
      title: PLANTED.title,
    });
    await joinElection(t.sql, today.id, electionId);
    const url = await share(before.id, {
      kind: 'url',
      url: PLANTED.url,
      channel: 'removal_order',
      legalReference: PLANTED.legalReference,
    });
    const hash = await share(before.id, hashItem());
    const account = await share(today.id, {
      kind: 'account',
      account: { platformKey: 'videoshare', handle: PLANTED.handle },
      channel: 'referral',
    });
    const removed = await share(today.id, hashItem());
    ids.push(before.id, today.id, yesterday, url, hash, account, removed);
    await as.be.api.post(`/incidents/${today.id}/messages`, { text: PLANTED.message });
    // What other features write: techniques on items, a narrative, warnings.
    await t.sql.query(`UPDATE items SET techniques = $2 WHERE id = $1`, [url, ['T0022', 'T0022.001']]);
    await t.sql.query(`UPDATE items SET techniques = $2 WHERE id = $1`, [
      account,
      ['T0022', PLANTED.technique],
    ]);
    await t.sql.query(
      `INSERT INTO items (id, incident_id, kind, dedup_key, channel, reporters, created_at, narrative, techniques)
       VALUES ($1, $2, 'narrative', $3, 'alert', $4::uuid[], $5, $6, $7)`,
      [
        randomUUID(),
        today.id,
        `narrative:${PLANTED.narrativeTitle}`,
        [as.be.organisation.id],
        minutesAfter(MORNING, 5),
        { title: PLANTED.narrativeTitle, examples: [PLANTED.narrativeExample] },
        ['T0085'],
      ],
    );
    await warn('urgent', minutesAfter(MORNING, 20));
    await warn('urgent', minutesAfter(MORNING, 30));
    await warn('info', minutesAfter(MORNING, 40));
    at(15);
    await contain(before.id, url, 'acknowledged');
    await contain(before.id, yesterday, 'acknowledged');
    at(45);
    await contain(today.id, removed, 'removed', PLANTED.reason);

    // Not the election's: an incident of no election, and an exercise of the election.
    const other = await declareIncident(as, { participants });
    await share(other.id, hashItem());
    const drill = await declareIncident(as, { participants, mode: 'exercise' });
    await joinElection(t.sql, drill.id, electionId);
    await share(drill.id, hashItem());
    // The next day's warning.
    await warn('warning', minutesAfter(DAY, 24 * 60 + 60));
    at(180);
  });
  afterAll(() => t?.close());

  it('counts the day’s flags, answers and warnings', async () => {
    const res = await bulletin('?date=2026-06-01');
    expect(res.status).toBe(200);
    const cells = (
      await t.sql.query(`SELECT * FROM containment_cells WHERE item_id = ANY($1::uuid[])`, [ids.slice(3)])
    ).rows;
    expect(res.body).toEqual({
      election: { id: electionId, name: ELECTION },
      date: '2026-06-01',
      generatedAt: clock.now().toISOString(),
      incidents: { declared: 1, withFlags: 2 },
      flags: {
        total: 5,
        byKind: [
          { key: 'account', count: 1 },
          { key: 'hash', count: 2 },
          { key: 'narrative', count: 1 },
          { key: 'url', count: 1 },
        ],
        byTechnique: [
          { key: 'T0022', count: 2 },
          { key: 'T0022.001', count: 1 },
          { key: 'T0085', count: 1 },
        ],
      },
      platforms: [
        {
          platformKey: 'videoshare',
          cells: 4,
          replied: 2,
          medianFirstReplyMinutes: 15,
          p90FirstReplyMinutes: 45,
          medianOutcomeMinutes: 45,
          p90OutcomeMinutes: 45,
          outcomes: { acknowledged: 1, pending: 2, removed: 1 },
          overdue: overdueOf(cells, clock.now()),
        },
      ],
      warnings: {
        total: 3,
        bySeverity: [
          { key: 'info', count: 1 },
          { key: 'urgent', count: 2 },
        ],
      },
    });
    const empty = await bulletin('?date=2026-05-20');
    expect(empty.body).toMatchObject({
      incidents: { declared: 0, withFlags: 0 },
      flags: { total: 0, byKind: [], byTechnique: [] },
      platforms: [],
      warnings: { total: 0, bySeverity: [] },
    });
  });

  it.each([
    ['md', 'text/markdown', '| videoshare |'],
    ['html', 'text/html', '<td>videoshare</td>'],
  ])('renders %s as %s', async (format, type, row) => {
    const res = await bulletin(`?date=2026-06-01&format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    const text = String(res.body);
    expect(text).toContain(`Bulletin: ${ELECTION}`);
    expect(text).toContain(row);
    expect(text).toContain('T0022.001');
  });

  it.each(['json', 'md', 'html'])('in %s carries no target, name, contact or text', async (format) => {
    const res = await bulletin(`?date=2026-06-01&format=${format}`);
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
    for (const planted of Object.values(PLANTED)) expect(text).not.toContain(planted);
    for (const member of Object.values(as)) {
      expect(text).not.toContain(member.organisation.name);
      expect(text).not.toContain(member.organisation.id);
      expect(text).not.toContain(member.memberId);
    }
    for (const name of ['Duty coordinator', 'BE referral officer', 'VideoShare liaison']) {
      expect(text).not.toContain(name);
    }
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toMatch(/CH-\d{4}-\d+/);
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
  });

  it('is for the election’s participants, coordinators and observers', async () => {
    for (const who of ['coordinator', 'observer', 'be', 'videoshare']) {
      expect((await bulletin('?date=2026-06-01', who)).status).toBe(200);
    }
    for (const who of ['fr', 'clipcast']) expect((await bulletin('?date=2026-06-01', who)).status).toBe(404);
    expect((await t.admin.get(`/elections/${electionId}/bulletin?date=2026-06-01`)).status).toBe(403);
    expect((await bulletin('?date=2026-06-01', 'coordinator', randomUUID())).status).toBe(404);
  });

  it.each([
    ['', 'date'],
    ['?date=2026-06-31', 'date'],
    ['?date=01/06/2026', 'date'],
    ['?date=2026-06-01&format=pdf', 'format'],
  ])('refuses %s naming %s', async (query, field) => {
    const res = await bulletin(query);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it.each([
    ['md', 'pl', 'Biuletyn: ', '## Odpowiedzi platform'],
    ['html', 'fr', 'Bulletin : ', '<html lang="fr">'],
    ['md', 'de', 'Lagebericht: ', '| Plattform |'],
  ])('writes %s in ?lang=%s, the data as it is', async (format, lang, title, heading) => {
    const res = await bulletin(`?date=2026-06-01&format=${format}&lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe(lang);
    const text = String(res.body);
    expect(text).toContain(`${title}${ELECTION}`);
    expect(text).toContain(heading);
    expect(text).toContain('videoshare');
    expect(text).toContain('T0022.001');
    for (const english of ['Platforms’ answers', 'By DISARM technique', 'Counts and times only'])
      expect(text).not.toContain(english);
  });

  it('stays English without ?lang=, and keeps JSON as data in any language', async () => {
    const md = await bulletin('?date=2026-06-01&format=md');
    expect(md.headers.get('content-language')).toBe('en');
    expect(String(md.body)).toContain('Platforms’ answers');
    const json = await bulletin('?date=2026-06-01&lang=pl');
    expect(json.status).toBe(200);
    expect(json.body).toEqual((await bulletin('?date=2026-06-01')).body);
  });

  it.each(['pt', 'FR', 'english'])('refuses ?lang=%s naming the supported languages', async (lang) => {
    const res = await bulletin(`?date=2026-06-01&format=md&lang=${lang}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('lang must be one of en, fr, de, nl, it, es, pl');
  });

  it('refuses an election id that is not a UUID', async () => {
    const res = await bulletin('?date=2026-06-01', 'coordinator', 'not-an-id');
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('id');
  });
});
