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
});
