import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type Cast, type TestHub } from '@hub/testing';
import { DRILL, DRILL_INJECTS } from './exercise-drill';

describe('exercises: scenarios', () => {
  let t: TestHub;
  let as: Cast;
  let drillId: string;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'scenarios' });
    as = await t.seed();
    const created = await as.coordinator.api.post('/scenarios', DRILL, {
      'content-type': 'application/yaml',
    });
    expect(created.status).toBe(201);
    drillId = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('scenarios', () => {
    it('stores a YAML scenario and lists it', async () => {
      const list = await as.coordinator.api.get('/scenarios');
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: drillId,
            name: 'Drill with every action',
            category: 'terrorist_content',
            level: 'incident',
            injects: DRILL_INJECTS,
            expectations: 2,
            createdAt: expect.any(String),
          }),
        ]),
      );
    });

    it('stores a JSON scenario sent as an object', async () => {
      const res = await as.coordinator.api.post('/scenarios', {
        name: 'JSON drill',
        category: 'other',
        level: 'awareness',
        organisations: { coord: { kind: 'coordinator' } },
        injects: [
          { at: '0m', by: 'coord', do: 'activate', title: 'JSON drill' },
          { at: '5m', by: 'coord', do: 'close', summary: 'Done.' },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'JSON drill', injects: 2, expectations: 0 });
    });

    it('refuses a malformed scenario, naming the line and the field', async () => {
      const yaml = DRILL.replace('{ at: 12m, by: fi, do: post', '{ at: 12m, by: nl, do: post');
      const line = yaml.split('\n').findIndex((l) => l.includes('by: nl')) + 1;
      const res = await as.coordinator.api.post('/scenarios', yaml, { 'content-type': 'text/yaml' });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(`line ${line}`);
      expect(res.body.details).toEqual(
        expect.arrayContaining([{ field: 'injects[8].by', line, message: 'no cast member "nl"' }]),
      );
    });

    it('refuses YAML that does not parse, and bad durations, with their lines', async () => {
      const broken = await as.coordinator.api.post('/scenarios', 'name: x\ninjects: [\n  { at: 0m\n', {
        'content-type': 'application/yaml',
      });
      expect(broken.status).toBe(400);
      expect(broken.body.details[0]).toMatchObject({ line: expect.any(Number) });
      expect(broken.body.message).toMatch(/not valid YAML/);

      const late = DRILL.replace('at: 43m', 'at: 43 minutes');
      const line = late.split('\n').findIndex((l) => l.includes('43 minutes')) + 1;
      const res = await as.coordinator.api.post('/scenarios', late, { 'content-type': 'application/yaml' });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'injects[10].at', line })]),
      );
    });

    it('refuses a JSON scenario that breaks the timeline, naming the field', async () => {
      const res = await as.coordinator.api.post('/scenarios', {
        name: 'Out of order',
        category: 'other',
        level: 'incident',
        organisations: { coord: { kind: 'coordinator' } },
        injects: [
          { at: '0m', by: 'coord', do: 'post', text: 'before any declaration' },
          { at: '1m', by: 'coord', do: 'activate', title: 'late' },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'injects[0].do', line: expect.any(Number) }),
        ]),
      );
    });

    it('is for coordinators only', async () => {
      const res = await as.be.api.post('/scenarios', DRILL, { 'content-type': 'application/yaml' });
      expect(res.status).toBe(403);
      expect((await as.videoshare.api.get('/scenarios')).status).toBe(403);
      expect((await as.be.api.post('/exercises', { scenarioId: drillId, speed: 10 })).status).toBe(403);
    });

    it('refuses a speed out of range and an unknown scenario', async () => {
      const fast = await as.coordinator.api.post('/exercises', { scenarioId: drillId, speed: 5000 });
      expect(fast.status).toBe(400);
      const unknown = await as.coordinator.api.post('/exercises', {
        scenarioId: '00000000-0000-4000-8000-000000000000',
        speed: 10,
      });
      expect(unknown.status).toBe(404);
    });
  });

  describe('one copy of a scenario, reused by its runs, deleted by admins once no run uses it', () => {
    const count = async (query: string): Promise<number> => Number((await t.sql.query(query)).rows[0].n);
    const scenarios = () => count('SELECT count(*)::int AS n FROM scenarios');
    const standIns = () => count('SELECT count(*)::int AS n FROM organisations WHERE simulated');
    const yaml = { 'content-type': 'application/yaml' };

    it('answers the scenario already stored from the same text: 200, the same id, no new row', async () => {
      const before = await scenarios();
      const again = await as.coordinator.api.post('/scenarios', DRILL, yaml);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(drillId);
      expect(await scenarios()).toBe(before);
      const edited = await as.coordinator.api.post('/scenarios', `${DRILL}\n# edited\n`, yaml);
      expect(edited.status).toBe(201);
      expect(edited.body.id).not.toBe(drillId);
    });

    it('runs of one scenario share the organisations that stand in for the missing cast', async () => {
      const runs: string[] = [];
      for (let i = 0; i < 2; i++) {
        const run = await as.coordinator.api.post('/exercises', { scenarioId: drillId, speed: 10 });
        expect(run.status).toBe(201);
        runs.push(run.body.id);
        if (i === 0) expect(await standIns()).toBeGreaterThan(0);
      }
      const first = await standIns();
      const bindings = await t.sql.query(
        'SELECT cast_binding FROM exercise_runs WHERE id = ANY($1) ORDER BY created_at',
        [runs],
      );
      const simulatedOf = (binding: Record<string, { organisationId: string; simulated: boolean }>) =>
        Object.entries(binding)
          .filter(([, b]) => b.simulated)
          .map(([key, b]) => `${key}=${b.organisationId}`)
          .sort();
      expect(simulatedOf(bindings.rows[0].cast_binding)).not.toEqual([]);
      expect(simulatedOf(bindings.rows[1].cast_binding)).toEqual(simulatedOf(bindings.rows[0].cast_binding));
      expect(await standIns()).toBe(first);
      for (const id of runs) await as.coordinator.api.post(`/exercises/${id}/abort`);
    });

    it('lets an admin delete a scenario no run uses, and refuses one a run uses', async () => {
      const spare = await as.coordinator.api.post(
        '/scenarios',
        DRILL.replace('every action', 'a spare'),
        yaml,
      );
      expect(spare.status).toBe(201);
      expect((await as.coordinator.api.delete(`/scenarios/${spare.body.id}`)).status).toBe(403);
      const used = await t.admin.delete(`/scenarios/${drillId}`);
      expect(used).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
      expect((await t.admin.delete('/scenarios/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await t.admin.delete(`/scenarios/${spare.body.id}`)).status).toBe(204);
      expect(await count(`SELECT count(*)::int AS n FROM scenarios WHERE id = '${spare.body.id}'`)).toBe(0);
      expect((await t.admin.delete(`/scenarios/${spare.body.id}`)).status).toBe(404);
      expect(await count(`SELECT count(*)::int AS n FROM scenarios WHERE id = '${drillId}'`)).toBe(1);
    });
  });
});
