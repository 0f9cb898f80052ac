import { ApiModule } from '@hub/api';
import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type ApiClient, type Cast, type TestHub } from '@hub/testing';
import { minutesAfter, SteppedClock } from '../analytics/analytics-fixtures';

const T0 = new Date('2026-05-10T08:00:00.000Z');
const DAY_MINUTES = 24 * 60;
const ELECTION = 'Parliamentary elections 2026';

/** What people typed: none of it may reach the bulletin or the public page. */
const PLANTED = {
  factcheck: 'Fact-check desk 7731',
  greens: 'Green list 7731',
  liberals: 'Liberal list 7731',
  chatwave: 'ChatWave 7731',
  title: 'Pencil ballots hoax 7731',
  narrative: 'Ballots marked in pencil are void 7731',
  example: 'https://chatwave.example/c/elect/example-7731',
  chatUrl: 'https://chatwave.example/c/elect/post-7731',
  deepfake: 'https://videoshare.example/v/deepfake-7731',
  warningTitle: 'Deepfake of our candidate 7731',
  warningText: 'A fabricated confession video 7731',
  reportedBy: 'ChatWave duty officer 7731',
  reason: 'Labelled with the commission correction 7731',
  message: 'Commission confirms pencil is valid 7731',
  closing: 'Closing summary 7731',
};

/**
 * An election week end to end, through the routes people use: flaggers (a fact-checker, two rival parties)
 * flag a narrative and posts under an election, a party warns the others, a platform answers in the hub, a
 * platform outside the code is answered for by the coordinator (by phone and by e-mail), and the day's
 * bulletin and, a week after the close, the public page carry the figures and none of what people typed.
 */
describe('an election week, end to end', () => {
  let t: TestHub;
  let as: Cast;
  const clock = new SteppedClock(T0);
  const at = (minutes: number) => clock.set(minutesAfter(T0, minutes));
  const flaggers: Record<string, { id: string; api: ApiClient }> = {};
  let chatwave: { id: string };
  let electionId: string;
  let incidentId: string;
  const items: Record<string, string> = {};

  async function flagger(key: string, name: string, kind: string) {
    const org = await t.admin.post('/organisations', { name, kind });
    expect(org.status).toBe(201);
    const member = await t.admin.post(`/organisations/${org.body.id}/members`, {
      displayName: `${name} desk`,
      role: 'flagger',
    });
    expect(member.status).toBe(201);
    flaggers[key] = { id: org.body.id, api: t.client(member.body.token) };
  }

  const share = async (api: ApiClient, body: object): Promise<string> => {
    const res = await api.post(`/incidents/${incidentId}/items`, body);
    expect(res.status).toBe(201);
    return res.body.item.id;
  };
  const answer = async (api: ApiClient, item: string, platformKey: string, body: object) => {
    const res = await api.post(
      `/incidents/${incidentId}/items/${items[item]}/containment/${platformKey}`,
      body,
    );
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, {
      label: 'election-week',
      parts: [(config, runtime) => ApiModule.forRoot(config, runtime)],
      options: { clock },
      env: { HUB_PUBLIC_TRANSPARENCY: 'true' },
    });
    as = await t.seed();
    await flagger('factcheck', PLANTED.factcheck, 'fact_checker');
    await flagger('greens', PLANTED.greens, 'party');
    await flagger('liberals', PLANTED.liberals, 'party');
    // A platform outside the code of conduct: no webhook, no liaison in the hub.
    const org = await t.admin.post('/organisations', {
      name: PLANTED.chatwave,
      kind: 'platform',
      platformKey: 'chatwave',
      domains: ['chatwave.example'],
    });
    expect(org.status).toBe(201);
    chatwave = { id: org.body.id };
  });
  afterAll(() => t?.close());

  it('runs from the election window to the public page', async () => {
    at(-DAY_MINUTES);
    const election = await as.coordinator.api.post('/elections', {
      name: ELECTION,
      country: 'BE',
      votingDays: ['2026-05-12'],
      activeFrom: minutesAfter(T0, -DAY_MINUTES).toISOString(),
      activeUntil: minutesAfter(T0, 20 * DAY_MINUTES).toISOString(),
      participants: [flaggers.factcheck.id, flaggers.greens.id, flaggers.liberals.id, as.be.organisation.id],
      platforms: ['videoshare', 'chatwave'],
    });
    expect(election.status).toBe(201);
    electionId = election.body.id;

    // A fact-checker notifies under the election: the incident takes its cast and waits for assessment.
    at(0);
    const declared = await flaggers.factcheck.api.post('/incidents', {
      title: PLANTED.title,
      summary: 'A post says ballots marked in pencil are void.',
      category: 'election_integrity',
      level: 'incident',
      mode: 'live',
      participants: [],
      platforms: [],
      electionId,
    });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ status: 'assessing', electionId });
    expect(declared.body.platforms).toEqual(expect.arrayContaining(['videoshare', 'chatwave']));
    incidentId = declared.body.id;
    at(4);
    expect((await as.coordinator.api.post(`/incidents/${incidentId}/activate`, {})).status).toBe(200);

    at(6);
    items.narrative = await share(flaggers.factcheck.api, {
      kind: 'narrative',
      narrative: { title: PLANTED.narrative, keywords: ['pencil'], examples: [PLANTED.example] },
      channel: 'referral',
      techniques: ['T0022', 'T0023'],
    });
    at(7);
    items.chat = await share(flaggers.factcheck.api, {
      kind: 'url',
      url: PLANTED.chatUrl,
      channel: 'referral',
      techniques: ['T0023'],
    });

    // The party's pledge: it warns the others, then flags the deepfake (seen by the coordination only).
    at(10);
    const warning = await flaggers.greens.api.post(`/elections/${electionId}/warnings`, {
      title: PLANTED.warningTitle,
      text: PLANTED.warningText,
      severity: 'urgent',
    });
    expect(warning.status).toBe(201);
    at(11);
    expect((await flaggers.liberals.api.post(`/warnings/${warning.body.id}/acknowledge`, {})).status).toBe(
      200,
    );
    at(12);
    items.deepfake = await share(flaggers.greens.api, {
      kind: 'url',
      url: PLANTED.deepfake,
      channel: 'referral',
      techniques: ['T0087.001'],
    });
    const warnings = await flaggers.greens.api.get(`/elections/${electionId}/warnings`);
    expect(warnings.body.items[0].acknowledgements).toEqual([
      { organisationId: flaggers.liberals.id, at: minutesAfter(T0, 11).toISOString() },
    ]);
    expect(warnings.body.items[0].pending.sort()).toEqual(
      // Every other participant, the platforms taking part included.
      [flaggers.factcheck.id, as.be.organisation.id, as.videoshare.organisation.id, chatwave.id].sort(),
    );
    const rivalView = JSON.stringify(
      (await flaggers.liberals.api.get(`/incidents/${incidentId}/items`)).body,
    );
    expect(rivalView).not.toContain(PLANTED.deepfake);
    expect(rivalView).not.toContain(items.deepfake);

    // videoshare answers in the hub; chatwave answers by phone and e-mail, recorded by the coordinator.
    at(20);
    await answer(as.videoshare.api, 'deepfake', 'videoshare', { status: 'acknowledged' });
    at(30);
    await answer(as.videoshare.api, 'narrative', 'videoshare', { status: 'demoted' });
    at(38);
    await answer(as.videoshare.api, 'deepfake', 'videoshare', { status: 'removed' });
    at(45);
    const oral = await answer(as.coordinator.api, 'chat', 'chatwave', {
      status: 'acknowledged',
      via: 'phone',
      reportedBy: PLANTED.reportedBy,
    });
    expect(oral).toMatchObject({ status: 'acknowledged' });
    at(60);
    await answer(as.coordinator.api, 'narrative', 'chatwave', {
      status: 'labelled',
      via: 'email',
      reason: PLANTED.reason,
    });
    at(90);
    await answer(as.coordinator.api, 'chat', 'chatwave', { status: 'removed', via: 'email' });
    expect(
      (await flaggers.factcheck.api.post(`/incidents/${incidentId}/messages`, { text: PLANTED.message }))
        .status,
    ).toBe(201);

    // The cell's history says how each answer came and who recorded it.
    const events = (await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`)).body.items;
    const chatAnswers = events.filter(
      (e: any) => e.type === 'containment.updated' && e.data.itemId === items.chat,
    );
    expect(chatAnswers.map((e: any) => [e.data.status, e.data.via, e.actor.organisationId])).toEqual([
      ['acknowledged', 'phone', as.coordinator.organisation.id],
      ['removed', 'email', as.coordinator.organisation.id],
    ]);
    expect(chatAnswers[0].data.reportedBy).toBe(PLANTED.reportedBy);
    const hubAnswer = events.find(
      (e: any) => e.type === 'containment.updated' && e.data.itemId === items.deepfake,
    );
    expect(hubAnswer.data.via).toBe('hub');

    at(110);
    const act = (action: string, body: object) =>
      as.coordinator.api.post(`/incidents/${incidentId}/${action}`, body);
    expect((await act('stand-down', { rationale: 'down or labelled everywhere' })).status).toBe(200);
    at(120);
    expect((await act('close', { summary: PLANTED.closing })).status).toBe(200);

    // The day's bulletin: the figures, and nothing anybody typed.
    for (const format of ['json', 'md', 'html']) {
      const res = await flaggers.liberals.api.get(
        `/elections/${electionId}/bulletin?date=2026-05-10&format=${format}`,
      );
      expect(res.status).toBe(200);
      expectNothingPlanted(typeof res.body === 'string' ? res.body : JSON.stringify(res.body), [
        items.deepfake,
        items.chat,
        items.narrative,
      ]);
    }
    const bulletin = (await as.coordinator.api.get(`/elections/${electionId}/bulletin?date=2026-05-10`)).body;
    expect(bulletin.flags.total).toBe(3);
    expect(countsOf(bulletin.flags.byKind)).toEqual({ narrative: 1, url: 2 });
    expect(countsOf(bulletin.flags.byTechnique)).toEqual({ T0022: 1, T0023: 2, 'T0087.001': 1 });
    expect(bulletin.warnings).toMatchObject({ total: 1 });
    expect(countsOf(bulletin.warnings.bySeverity)).toEqual({ urgent: 1 });
    const byPlatform = Object.fromEntries(bulletin.platforms.map((p: any) => [p.platformKey, p]));
    // videoshare: the deepfake acknowledged after 8 minutes, the narrative demoted after 24.
    expect(byPlatform.videoshare).toMatchObject({ cells: 2, replied: 2 });
    // chatwave: the post acknowledged (by phone) after 38 minutes, the narrative labelled after 54.
    expect(byPlatform.chatwave).toMatchObject({ cells: 2, replied: 2 });

    // The public page: nothing before the delay, then the closed incident's figures, anonymous.
    const early = await fetch(`${t.url}/transparency.json`);
    expect(early.status).toBe(200);
    expect(((await early.json()) as { incidents: number }).incidents).toBe(0);
    clock.set(minutesAfter(T0, 8 * DAY_MINUTES + 5));
    const page = await fetch(`${t.url}/transparency.json`);
    const text = await page.text();
    expectNothingPlanted(text, [items.deepfake, items.chat, items.narrative, incidentId, chatwave.id]);
    const account = JSON.parse(text);
    expect(account.incidents).toBe(1);
    expect(account.elections).toEqual([expect.objectContaining({ name: ELECTION, incidents: 1 })]);
    expect(account.platforms.map((p: any) => p.platformKey).sort()).toEqual(['chatwave', 'videoshare']);
    const html = await fetch(`${t.url}/transparency`);
    expect(html.status).toBe(200);
    expectNothingPlanted(await html.text(), [items.deepfake, items.chat, items.narrative]);
  }, 60_000);
});

const countsOf = (rows: { key: string; count: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.count]));

function expectNothingPlanted(text: string, ids: string[]): void {
  for (const value of [...Object.values(PLANTED), ...ids]) expect(text).not.toContain(value);
  expect(text).not.toMatch(/7731/);
}
