import { ApiModule } from '@hub/api';
import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';
import { insertElection, joinElection, minutesAfter, overdueOf, SteppedClock } from './analytics-fixtures';

const T0 = new Date('2026-05-04T08:00:00.000Z');
const DAY2 = new Date('2026-05-05T09:00:00.000Z');

/**
 * Response times across incidents, from cells answered through the routes at times the test sets: the hub's
 * clock stands still between steps, so the minutes are exact. The api alone runs (no worker): no delivery
 * moves a cell behind the test's back.
 */
describe('GET /analytics/response-times', () => {
  let t: TestHub;
  let as: Cast;
  const clock = new SteppedClock(T0);
  let live: any;
  let electionIncident: any;
  let electionId: string;
  const items: string[] = [];

  const contain = (incidentId: string, itemId: string, platformKey: string, status: string) =>
    as[platformKey].api.post(`/incidents/${incidentId}/items/${itemId}/containment/${platformKey}`, {
      status,
      ...(status === 'no_action' || status === 'cannot_comply' ? { reason: 'not ours' } : {}),
    });
  const at = async (minutes: number, from = T0) => clock.set(minutesAfter(from, minutes));
  const times = (query = '', by = 'coordinator') => as[by].api.get(`/analytics/response-times${query}`);
  const share = async (incidentId: string) => {
    const res = await as.be.api.post(`/incidents/${incidentId}/items`, {
      kind: 'hash',
      hash: { algorithm: 'pdq', value: pdqHash(), quality: 90 },
      channel: 'alert',
    });
    expect(res.status).toBe(201);
    return res.body.item.id as string;
  };

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, {
      label: 'response-times',
      parts: [(config, runtime) => ApiModule.forRoot(config, runtime)],
      options: { clock },
    });
    as = await t.seed();
    live = await declareIncident(as, { participants: ['be', 'videoshare', 'clipcast'] });
    for (let i = 0; i < 5; i++) items.push(await share(live.id));
    // videoshare: first answers at 10, 20, 30, 40 minutes; outcomes at 20, 40, 60; one never answered.
    await at(5);
    expect((await contain(live.id, items[0], 'clipcast', 'acknowledged')).status).toBe(200);
    await at(10);
    expect((await contain(live.id, items[0], 'videoshare', 'acknowledged')).status).toBe(200);
    await at(20);
    expect((await contain(live.id, items[0], 'videoshare', 'removed')).status).toBe(200);
    expect((await contain(live.id, items[1], 'videoshare', 'acknowledged')).status).toBe(200);
    await at(30);
    expect((await contain(live.id, items[2], 'videoshare', 'acknowledged')).status).toBe(200);
    await at(40);
    expect((await contain(live.id, items[3], 'videoshare', 'removed')).status).toBe(200);
    await at(60);
    expect((await contain(live.id, items[1], 'videoshare', 'labelled')).status).toBe(200);

    // An exercise: counted only when asked for.
    await at(70);
    const drill = await declareIncident(as, { participants: ['be', 'clipcast'], mode: 'exercise' });
    const drillItem = await share(drill.id);
    await at(71);
    expect((await contain(drill.id, drillItem, 'clipcast', 'acknowledged')).status).toBe(200);

    // The next day, an election incident of another category.
    clock.set(DAY2);
    electionIncident = await declareIncident(as, {
      participants: ['be', 'videoshare'],
      category: 'election_integrity',
    });
    electionId = await insertElection(t.sql, {
      name: 'Test federal elections 2026',
      participants: [as.be.organisation.id, as.videoshare.organisation.id],
      from: minutesAfter(DAY2, -60 * 24 * 3),
      until: minutesAfter(DAY2, 60 * 24 * 3),
    });
    await joinElection(t.sql, electionIncident.id, electionId);
    const electionItem = await share(electionIncident.id);
    await at(2, DAY2);
    expect((await contain(electionIncident.id, electionItem, 'videoshare', 'no_action')).status).toBe(200);
    await at(180, DAY2);
  });
  afterAll(() => t?.close());

  const cellRows = async (where: string, args: unknown[]) =>
    (
      await t.sql.query(
        `SELECT c.* FROM containment_cells c JOIN incidents i ON i.id = c.incident_id WHERE ${where}`,
        args,
      )
    ).rows;

  it('gives each platform its medians and p90s (nearest rank), statuses and overdue cells', async () => {
    const res = await times('?from=2026-05-04&to=2026-05-04');
    expect(res.status).toBe(200);
    const videoshareCells = await cellRows(`i.id = $1 AND c.platform_key = 'videoshare'`, [live.id]);
    const clipcastCells = await cellRows(`i.id = $1 AND c.platform_key = 'clipcast'`, [live.id]);
    // Every cell was created at T0, when the items were shared.
    for (const c of [...videoshareCells, ...clipcastCells]) expect(c.created_at).toEqual(T0);
    expect(res.body).toEqual({
      platforms: [
        {
          platformKey: 'clipcast',
          cells: 5,
          replied: 1,
          medianFirstReplyMinutes: 5,
          p90FirstReplyMinutes: 5,
          medianOutcomeMinutes: null,
          p90OutcomeMinutes: null,
          outcomes: { acknowledged: 1, pending: 4 },
          overdue: overdueOf(clipcastCells, clock.now()),
        },
        {
          platformKey: 'videoshare',
          cells: 5,
          replied: 4,
          medianFirstReplyMinutes: 20,
          p90FirstReplyMinutes: 40,
          medianOutcomeMinutes: 40,
          p90OutcomeMinutes: 60,
          outcomes: { acknowledged: 1, labelled: 1, pending: 1, removed: 2 },
          overdue: overdueOf(videoshareCells, clock.now()),
        },
      ],
    });
    // The crisis level asks for an acknowledgement within 15 minutes: the answers at 20, 30 and 40
    // minutes and the one never given are late at least.
    expect(res.body.platforms[1].overdue).toBeGreaterThanOrEqual(4);
  });

  it('filters by mode, category, election and period', async () => {
    const exercise = await times('?mode=exercise');
    expect(exercise.body.platforms).toEqual([
      expect.objectContaining({ platformKey: 'clipcast', cells: 1, replied: 1, medianFirstReplyMinutes: 1 }),
    ]);
    const election = {
      platformKey: 'videoshare',
      cells: 1,
      replied: 1,
      medianFirstReplyMinutes: 2,
      p90FirstReplyMinutes: 2,
      medianOutcomeMinutes: 2,
      p90OutcomeMinutes: 2,
      outcomes: { no_action: 1 },
      overdue: 0,
    };
    expect((await times('?category=election_integrity')).body).toEqual({ platforms: [election] });
    expect((await times(`?electionId=${electionId}`)).body).toEqual({ platforms: [election] });
    expect((await times('?from=2026-05-05T00:00:00Z')).body).toEqual({ platforms: [election] });
    expect((await times('?to=2026-05-05T00:00:00Z&category=election_integrity')).body).toEqual({
      platforms: [],
    });
    // Without filters: the live incidents of both days.
    const all = (await times()).body.platforms;
    expect(all.map((p: any) => [p.platformKey, p.cells])).toEqual([
      ['clipcast', 5],
      ['videoshare', 6],
    ]);
  });

  it('is for coordinators, observers and admins', async () => {
    expect((await times('', 'observer')).status).toBe(200);
    expect((await t.admin.get('/analytics/response-times')).status).toBe(200);
    for (const who of ['be', 'videoshare']) {
      const res = await times('', who);
      expect(res.status).toBe(403);
    }
    expect((await t.anonymous.get('/analytics/response-times')).status).toBe(401);
  });

  it.each([
    ['?from=yesterday', 'from'],
    ['?to=2026-13-40', 'to'],
    ['?category=gossip', 'category'],
    ['?electionId=42', 'electionId'],
    ['?mode=drill', 'mode'],
    ['?from=2026-05-05&to=2026-05-04', 'to'],
    ['?colour=red', 'colour'],
  ])('refuses %s naming %s', async (query, field) => {
    const res = await times(query);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
    expect(res.body.details.map((d: any) => d.field)).toContain(field);
  });
});
