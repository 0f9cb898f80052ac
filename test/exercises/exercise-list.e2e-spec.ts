import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/** A slow drill: started runs stay running for the length of the test. */
const DRILL = `
name: Listing drill
category: other
level: incident
organisations:
  coord: { kind: coordinator, name: EU coordination }
  videoshare: { kind: platform, name: VideoShare, platformKey: videoshare, domains: [videoshare.example] }
injects:
  - { at: 0m, by: coord, do: activate, title: Listing drill }
  - { at: 10h, by: coord, do: close, summary: Drill concluded. }
expectations:
  - { platform: videoshare, acknowledgeWithin: 15m }
`;

describe('exercises: listing runs', () => {
  let t: TestHub;
  let as: Cast;
  let scenarioId: string;
  const runs: any[] = [];

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'exerciselist' });
    as = await t.seed();
    const created = await as.coordinator.api.post('/scenarios', DRILL, {
      'content-type': 'application/yaml',
    });
    expect(created.status).toBe(201);
    scenarioId = created.body.id;
    for (let i = 0; i < 3; i++) {
      const res = await as.coordinator.api.post('/exercises', { scenarioId, speed: 1 });
      expect(res.status).toBe(201);
      runs.push(res.body);
    }
  });
  afterAll(() => t?.close());

  const list = (query = '') => as.coordinator.api.get(`/exercises${query}`);

  it('lists the started runs newest first, each as GET /exercises/:id shows it', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: any) => r.id)).toEqual(runs.map((r) => r.id).reverse());
    expect(res.body.next).toBeUndefined();
    const newest = res.body.items[0];
    expect(newest).toMatchObject({
      id: runs[2].id,
      scenarioId,
      incidentId: runs[2].incidentId,
      status: 'running',
      speed: 1,
      injects: { total: 2, fired: 1 },
      score: { provisional: true, expectations: [expect.objectContaining({ platformKey: 'videoshare' })] },
    });
    const single = (await as.coordinator.api.get(`/exercises/${runs[2].id}`)).body;
    const { clock: _a, ...listedRest } = newest;
    const { clock: _b, ...singleRest } = single;
    expect(listedRest).toEqual(singleRest);
  });

  it('pages with limit and the next cursor', async () => {
    const first = await list('?limit=2');
    expect(first.body.items.map((r: any) => r.id)).toEqual([runs[2].id, runs[1].id]);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await list(`?limit=2&after=${encodeURIComponent(first.body.next)}`);
    expect(second.status).toBe(200);
    expect(second.body.items.map((r: any) => r.id)).toEqual([runs[0].id]);
    expect(second.body.next).toBeUndefined();
  });

  it('finds the run of an exercise incident by incidentId', async () => {
    const incident = (await as.coordinator.api.get(`/incidents/${runs[1].incidentId}`)).body;
    expect(incident.mode).toBe('exercise');
    const res = await list(`?incidentId=${incident.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ id: runs[1].id, incidentId: incident.id });
    const none = await list('?incidentId=00000000-0000-4000-8000-000000000000');
    expect(none.status).toBe(200);
    expect(none.body.items).toEqual([]);
  });

  it('shows a paused run as paused', async () => {
    expect((await as.coordinator.api.post(`/exercises/${runs[0].id}/pause`)).status).toBe(200);
    const listed = await waitFor(
      async () => (await list(`?incidentId=${runs[0].incidentId}`)).body.items[0],
      (r) => r?.status === 'paused',
      { what: 'paused run listed' },
    );
    expect(listed.clock.paused).toBe(true);
  });

  it('refuses a bad incidentId or cursor, naming the field', async () => {
    const bad = await list('?incidentId=not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('incidentId');
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'incidentId' })]);
    const cursor = await list('?after=nonsense');
    expect(cursor.status).toBe(400);
    expect(cursor.body.details).toEqual([expect.objectContaining({ field: 'after' })]);
    expect((await list('?limit=0')).status).toBe(400);
    expect((await list('?status=running')).status).toBe(400);
  });

  it('is for coordinators only', async () => {
    expect((await as.be.api.get('/exercises')).status).toBe(403);
    expect((await as.videoshare.api.get('/exercises')).status).toBe(403);
    expect((await as.observer.api.get('/exercises')).status).toBe(403);
    expect((await t.anonymous.get('/exercises')).status).toBe(401);
  });
});
