import 'reflect-metadata';
import { CELL_STATUSES } from '@hub/contracts';
import { canTransition } from '@hub/domain';
import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';

/** How to bring a fresh cell to each status before trying a move from it. */
const PATH_TO: Record<string, string[]> = {
  pending: [],
  notified: ['notified'],
  acknowledged: ['acknowledged'],
  clarification_requested: ['clarification_requested'],
  removed: ['removed'],
  restricted: ['restricted'],
  labelled: ['labelled'],
  not_found: ['not_found'],
  no_action: ['no_action'],
  cannot_comply: ['cannot_comply'],
  demoted: ['demoted'],
};

describe('containment cells', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'containment' });
    as = await t.seed();
    incident = await declareIncident(as, { participants: ['be', 'videoshare', 'clipcast'] });
  });
  afterAll(() => t?.close());

  const update = (who: string, itemId: string, platformKey: string, status: string, reason?: string) =>
    as[who].api.post(`/incidents/${incident.id}/items/${itemId}/containment/${platformKey}`, {
      status,
      ...(reason ? { reason } : {}),
    });

  it('allows exactly the transitions of the state machine, for every pair', async () => {
    const pairs = CELL_STATUSES.flatMap((from) => CELL_STATUSES.map((to) => [from, to] as const));
    const bulk = await as.be.api.post(`/incidents/${incident.id}/items/bulk`, {
      items: pairs.map((_, i) => ({
        kind: 'url',
        url: `https://videoshare.example/pair/${i}`,
        channel: 'referral',
      })),
    });
    const ids: string[] = bulk.body.results.map((r: any) => r.item.id);
    const outcomes: string[] = [];
    for (const [i, [from, to]] of pairs.entries()) {
      for (const step of PATH_TO[from])
        expect((await update('videoshare', ids[i], 'videoshare', step, 'setup reason')).status).toBe(200);
      const res = await update('videoshare', ids[i], 'videoshare', to, 'a reason');
      const expected = from !== to && canTransition(from, to) ? 200 : 409;
      if (res.status !== expected) outcomes.push(`${from} -> ${to}: ${res.status} ${res.body.message ?? ''}`);
      if (res.status === 200)
        expect(res.body).toMatchObject({ itemId: ids[i], platformKey: 'videoshare', status: to });
      else expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    }
    expect(outcomes).toEqual([]);
  });

  it('records times, requires reasons, and lets only the platform liaison or a coordinator move a cell', async () => {
    const item = (
      await as.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'hash',
        hash: { algorithm: 'pdq', value: pdqHash(), quality: 70 },
        channel: 'alert',
      })
    ).body.item;
    expect((await update('clipcast', item.id, 'videoshare', 'acknowledged')).body).toMatchObject({
      statusCode: 403,
      code: 'WRONG_PLATFORM',
    });
    expect((await update('be', item.id, 'videoshare', 'acknowledged')).status).toBe(403);
    expect((await update('observer', item.id, 'videoshare', 'acknowledged')).status).toBe(403);
    expect((await update('videoshare', item.id, 'videoshare', 'no_action')).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('reason'),
    });
    expect((await update('videoshare', item.id, 'videoshare', 'teleported')).status).toBe(400);
    expect((await update('coordinator', item.id, 'nosuch', 'acknowledged')).status).toBe(404);
    expect((await update('videoshare', item.id, 'nosuch', 'acknowledged')).status).toBe(403);
    const ack = await update('videoshare', item.id, 'videoshare', 'acknowledged');
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).toBeDefined();
    const removed = await update('videoshare', item.id, 'videoshare', 'removed');
    expect(removed.body).toMatchObject({ status: 'removed', acknowledgedAt: ack.body.acknowledgedAt });
    expect(removed.body.actedAt).toBeDefined();
    const onBehalf = await update('coordinator', item.id, 'clipcast', 'not_found');
    expect(onBehalf.status).toBe(200);
    const events = (await as.coordinator.api.get(`/incidents/${incident.id}/events?limit=500`)).body.items;
    const recorded = events.filter((e: any) => e.type === 'containment.updated' && e.data.itemId === item.id);
    expect(
      recorded.map((e: any) => [e.data.platformKey, e.data.from, e.data.status, e.data.onBehalf]),
    ).toEqual([
      ['videoshare', 'pending', 'acknowledged', false],
      ['videoshare', 'acknowledged', 'removed', false],
      ['clipcast', 'pending', 'not_found', true],
    ]);
  });

  it('pauses the clock while clarification is requested', async () => {
    const item = (
      await as.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url: 'https://clipcast.example/pause',
        channel: 'removal_order',
        legalReference: 'TCO art. 3',
      })
    ).body.item;
    const before = item.containment[0];
    await update('clipcast', item.id, 'clipcast', 'clarification_requested', 'Which video exactly?');
    const resumed = await update('clipcast', item.id, 'clipcast', 'acknowledged');
    expect(new Date(resumed.body.actionDueAt).getTime()).toBeGreaterThan(
      new Date(before.actionDueAt).getTime(),
    );
  });

  it('summarises containment per platform', async () => {
    const res = await as.coordinator.api.get(`/incidents/${incident.id}/containment`);
    expect(res.status).toBe(200);
    const video = res.body.platforms.find((p: any) => p.platformKey === 'videoshare');
    expect(video.total).toBeGreaterThan(100);
    expect(video.counts.removed).toBeGreaterThan(0);
    expect(video.ackMinutes.median).not.toBeNull();
    expect(typeof video.overdue).toBe('number');
    expect(video.withinDeadlineShare).toBeGreaterThan(0);
    expect(res.body.platforms.map((p: any) => p.platformKey)).toEqual(['clipcast', 'videoshare']);
  });
});
