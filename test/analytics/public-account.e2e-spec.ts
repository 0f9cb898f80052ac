import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ApiModule } from '@hub/api';
import { HUB_OPTIONS } from '@hub/app';
import { PublicAccountUseCase } from '@hub/domain';
import { startHub, type RunningHub } from '@hub/platform';
import {
  declareIncident,
  pdqHash,
  startTestHub,
  TEST_REDIS_URL,
  type Cast,
  type TestHub,
} from '@hub/testing';
import { insertElection, joinElection, minutesAfter, overdueOf, SteppedClock } from './analytics-fixtures';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const DAY = 24 * 60;
const ELECTION = 'Regional elections 2026';

/** Recognisable strings planted wherever people write: none may reach the public account. */
const PLANTED = {
  title: 'Planted title 5521',
  url: 'https://videoshare.example/v/planted-account-5521',
  hash: pdqHash(),
  handle: 'planted_handle_5521',
  legalReference: 'Order BE-PLANTED-5521',
  reason: 'Planted reason 5521',
  closing: 'Planted closing summary 5521',
  message: 'Planted message 5521',
};

/**
 * The public account: off by default (404), on with HUB_PUBLIC_TRANSPARENCY; only closed live incidents
 * closed more than HUB_TRANSPARENCY_DELAY_DAYS ago are counted; no personal data; rebuilt at most once a
 * minute of the hub's clock, which the test moves by hand.
 */
describe('the public account', () => {
  let t: TestHub;
  let off: RunningHub;
  let as: Cast;
  const clock = new SteppedClock(T0);
  const counted: string[] = [];
  const notCounted: any[] = [];
  const at = (minutes: number) => clock.set(minutesAfter(T0, minutes));
  const get = (url: string, path: string) => fetch(`${url}${path}`);

  const share = async (incidentId: string, body: object) => {
    const res = await as.be.api.post(`/incidents/${incidentId}/items`, body);
    expect(res.status).toBe(201);
    return res.body.item.id as string;
  };
  const contain = async (incidentId: string, itemId: string, status: string, reason?: string) =>
    expect(
      (
        await as.videoshare.api.post(`/incidents/${incidentId}/items/${itemId}/containment/videoshare`, {
          status,
          ...(reason ? { reason } : {}),
        })
      ).status,
    ).toBe(200);
  const close = async (incidentId: string) => {
    const act = (action: string, body: object) =>
      as.coordinator.api.post(`/incidents/${incidentId}/${action}`, body);
    expect((await act('stand-down', { rationale: 'volume dropped' })).status).toBe(200);
    expect((await act('close', { summary: PLANTED.closing })).status).toBe(200);
  };
  const hashItem = () => ({
    kind: 'hash',
    hash: { algorithm: 'pdq', value: pdqHash(), quality: 90 },
    channel: 'alert',
  });

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, {
      label: 'public-account',
      parts: [(config, runtime) => ApiModule.forRoot(config, runtime)],
      options: { clock },
      env: { HUB_PUBLIC_TRANSPARENCY: 'true' },
    });
    // The same database, the account left off (the default).
    off = await startHub({
      ...HUB_OPTIONS,
      name: 'crisis-hub-off',
      parts: [(config, runtime) => ApiModule.forRoot(config, runtime)],
      migrate: false,
      env: {
        DATABASE_URL: t.db.url,
        REDIS_URL: TEST_REDIS_URL,
        HUB_KEY_PREFIX: t.hub.config.HUB_KEY_PREFIX,
        PORT: '0',
        LOG_LEVEL: 'warn',
      },
    });
    as = await t.seed();
    const participants = ['be', 'videoshare'];

    // A: answered at 10 (acknowledged) and 30 (removed) minutes; closed after an hour.
    const a = await declareIncident(as, { participants, title: PLANTED.title });
    const a1 = await share(a.id, hashItem());
    const a2 = await share(a.id, {
      kind: 'url',
      url: PLANTED.url,
      channel: 'removal_order',
      legalReference: PLANTED.legalReference,
    });
    await share(a.id, {
      kind: 'account',
      account: { platformKey: 'clipcast', handle: PLANTED.handle },
      channel: 'referral',
    });
    await as.be.api.post(`/incidents/${a.id}/messages`, { text: PLANTED.message });
    at(10);
    await contain(a.id, a1, 'acknowledged');
    at(30);
    await contain(a.id, a2, 'removed', PLANTED.reason);
    at(60);
    await close(a.id);
    counted.push(a.id);

    // B: an election's, answered at 4 minutes.
    at(70);
    const b = await declareIncident(as, { participants, category: 'election_integrity' });
    const electionId = await insertElection(t.sql, {
      name: ELECTION,
      participants: participants.map((k) => as[k].organisation.id),
      from: T0,
      until: minutesAfter(T0, 30 * DAY),
    });
    await joinElection(t.sql, b.id, electionId);
    const b1 = await share(b.id, hashItem());
    at(74);
    await contain(b.id, b1, 'acknowledged');
    at(120);
    await close(b.id);
    counted.push(b.id);

    // Not counted: an exercise closed as long ago, a live incident still open, one closed too recently.
    const drill = await declareIncident(as, { participants, mode: 'exercise' });
    await contain(drill.id, await share(drill.id, hashItem()), 'acknowledged');
    await close(drill.id);
    const open = await declareIncident(as, { participants });
    await contain(open.id, await share(open.id, hashItem()), 'acknowledged');
    at(10 * DAY);
    const recent = await declareIncident(as, { participants });
    const r1 = await share(recent.id, hashItem());
    at(10 * DAY + 1);
    await contain(recent.id, r1, 'acknowledged');
    await close(recent.id);
    notCounted.push(drill, open, recent);

    // Now: twelve days after; the delay (7 days) reaches back to day five.
    at(12 * DAY);
  });
  afterAll(async () => {
    await off?.close();
    await t?.close();
  });

  it('does not exist while HUB_PUBLIC_TRANSPARENCY is off', async () => {
    for (const path of ['/transparency', '/transparency.json']) {
      expect((await get(off.url!, path)).status).toBe(404);
    }
  });

  it('counts closed live incidents closed more than the delay ago, per platform, category and election', async () => {
    const res = await get(t.url, '/transparency.json');
    expect(res.status).toBe(200);
    const account = await res.json();
    const cells = (
      await t.sql.query(`SELECT * FROM containment_cells WHERE incident_id = ANY($1::uuid[])`, [counted])
    ).rows;
    expect(cells.map((c: any) => c.platform_key).sort()).toEqual(['videoshare', 'videoshare', 'videoshare']);
    expect(account).toEqual({
      generatedAt: clock.now().toISOString(),
      closedBefore: minutesAfter(T0, 5 * DAY).toISOString(),
      delayDays: 7,
      incidents: 2,
      platforms: [
        {
          platformKey: 'videoshare',
          cells: 3,
          replied: 3,
          // First answers at 4, 10 and 30 minutes; one outcome, at 30.
          medianFirstReplyMinutes: 10,
          p90FirstReplyMinutes: 30,
          medianOutcomeMinutes: 30,
          p90OutcomeMinutes: 30,
          outcomes: { acknowledged: 2, removed: 1 },
          overdue: overdueOf(cells, clock.now()),
        },
      ],
      categories: [
        {
          category: 'election_integrity',
          incidents: 1,
          cells: 1,
          replied: 1,
          medianFirstReplyMinutes: 4,
          p90FirstReplyMinutes: 4,
        },
        {
          category: 'terrorist_content',
          incidents: 1,
          cells: 2,
          replied: 2,
          medianFirstReplyMinutes: 10,
          p90FirstReplyMinutes: 30,
        },
      ],
      elections: [
        {
          name: ELECTION,
          incidents: 1,
          cells: 1,
          replied: 1,
          medianFirstReplyMinutes: 4,
          p90FirstReplyMinutes: 4,
        },
      ],
    });
  });

  it('answers as the OpenAPI document says, closed', async () => {
    const document: any = await (await get(t.url, '/docs-json')).json();
    const schema =
      document.paths['/transparency.json'].get.responses['200'].content['application/json'].schema;
    // Every object closed: a field the document does not list fails.
    const closed = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(closed);
      if (!v || typeof v !== 'object') return v;
      const out: Record<string, unknown> = Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, closed(x)]),
      );
      if (out.properties && out.type === 'object') out.unevaluatedProperties = false;
      return out;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: closed(document.components) } as object);
    const validate = ajv.compile(
      JSON.parse(JSON.stringify(closed(schema)).replace(/"#\/components\//g, '"doc#/components/')),
    );
    const answer = await (await get(t.url, '/transparency.json')).json();
    expect(validate(answer) ? [] : validate.errors).toEqual([]);
    expect(document.paths['/transparency'].get.responses['200'].content['text/html']).toBeDefined();
  });

  it('is a page anyone may read, with no personal data in either form', async () => {
    const page = await get(t.url, '/transparency');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<td>videoshare</td>');
    expect(html).toContain(ELECTION);
    const json = await (await get(t.url, '/transparency.json')).text();
    for (const text of [html, json]) {
      for (const planted of Object.values(PLANTED)) expect(text).not.toContain(planted);
      for (const member of Object.values(as)) {
        expect(text).not.toContain(member.organisation.name);
        expect(text).not.toContain(member.organisation.id);
        expect(text).not.toContain(member.memberId);
      }
      for (const id of [...counted, ...notCounted.map((i) => i.id)]) expect(text).not.toContain(id);
      expect(text).not.toMatch(/CH-\d{4}-\d+/);
      expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
      expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
    }
  });

  it('is written in ?lang=, else the Accept-Language of the browser, else English', async () => {
    const read = async (path: string, acceptLanguage?: string) => {
      const res = await fetch(`${t.url}${path}`, {
        headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('vary')).toMatch(/accept-language/i);
      return { language: res.headers.get('content-language'), html: await res.text() };
    };
    const polish = await read('/transparency?lang=pl', 'fr-FR,fr;q=0.9');
    expect(polish.language).toBe('pl');
    expect(polish.html).toContain('<html lang="pl">');
    expect(polish.html).toContain('Publiczne sprawozdanie: czasy reakcji platform');
    expect(polish.html).toContain('<td>videoshare</td>');
    expect(polish.html).toContain(ELECTION);
    const french = await read('/transparency', 'fr-BE,fr;q=0.9,en;q=0.5');
    expect(french.language).toBe('fr');
    expect(french.html).toContain('Par plateforme');
    expect(french.html).not.toContain('By platform');
    const english = await read('/transparency', 'pt-BR');
    expect(english.language).toBe('en');
    expect(english.html).toContain('By platform');
    const refused = await fetch(`${t.url}/transparency?lang=pt`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain(
      'lang must be one of en, fr, de, nl, it, es, pl',
    );
  });

  it('is rebuilt at most once a minute of the hub’s clock', async () => {
    const account = t.hub.app.get(PublicAccountUseCase);
    at(20 * DAY);
    const first: any = await (await get(t.url, '/transparency.json')).json();
    const builds = account.builds;
    // Another incident is found closed long ago, but within the minute the account stays as it was built.
    await t.sql.query(`UPDATE incidents SET status = 'closed', closed_at = $2 WHERE id = $1`, [
      notCounted[1].id,
      minutesAfter(T0, 2 * DAY),
    ]);
    clock.advance(0.5);
    const again = await (await get(t.url, '/transparency.json')).json();
    await get(t.url, '/transparency');
    expect(again).toEqual(first);
    expect(account.builds).toBe(builds);
    clock.advance(0.6);
    const rebuilt: any = await (await get(t.url, '/transparency.json')).json();
    expect(account.builds).toBe(builds + 1);
    expect(rebuilt.generatedAt).toBe(clock.now().toISOString());
    expect(rebuilt.incidents).toBe(first.incidents + 1);
  });
});
