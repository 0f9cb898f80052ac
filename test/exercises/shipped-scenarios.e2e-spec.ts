import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FOLDER = join(__dirname, '..', '..', 'scenarios');
const FILES = readdirSync(FOLDER)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/**
 * Every scenario shipped under scenarios/ runs from its declaration to its close at the top speed, with
 * each inject fired once and none refused by the hub's rules. The runs go side by side (4 h of scenario
 * time is 14.4 s at 1000x).
 */
describe('exercises: the shipped scenarios', () => {
  let t: TestHub;
  let as: Cast;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'exshipped' });
    as = await t.seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('include the three documented ones', () => {
    expect(FILES).toEqual(
      expect.arrayContaining(['election-hoax.yaml', 'hijacked-account.yaml', 'livestream-attack.yaml']),
    );
  });

  it('each run green at 1000x', async () => {
    const runs = await Promise.all(
      FILES.map(async (file) => {
        const text = readFileSync(join(FOLDER, file), 'utf8');
        const scenario = await as.coordinator.api.post('/scenarios', text, {
          'content-type': 'application/yaml',
        });
        expect(scenario.status).toBe(201);
        const started = await as.coordinator.api.post('/exercises', {
          scenarioId: scenario.body.id,
          speed: 1000,
        });
        expect(started.status).toBe(201);
        return {
          file,
          total: scenario.body.injects as number,
          ...(started.body as { id: string; incidentId: string }),
        };
      }),
    );
    for (const run of runs) {
      const done = await waitFor(
        () => as.coordinator.api.get(`/exercises/${run.id}`).then((r) => r.body),
        (r) => r.status === 'completed',
        { timeoutMs: 40_000, intervalMs: 200, what: `${run.file} completed` },
      );
      expect(done.injects).toEqual({ total: run.total, fired: run.total });
      expect(done.score.provisional).toBe(false);
      expect(done.score.overall).toEqual(expect.any(Number));
      const events = (await as.coordinator.api.get(`/incidents/${run.incidentId}/events?limit=500`)).body
        .items as any[];
      const injects = events.filter((e) => e.type === 'exercise.inject');
      expect(injects.map((e) => e.data.index).sort((a: number, b: number) => a - b)).toEqual([
        ...Array(run.total).keys(),
      ]);
      expect(injects.filter((e) => e.data.refused).map((e) => `${e.data.index}: ${e.data.refused}`)).toEqual(
        [],
      );
      const incident = (await as.coordinator.api.get(`/incidents/${run.incidentId}`)).body;
      expect(incident).toMatchObject({ mode: 'exercise', status: 'closed' });
    }
  }, 90_000);
});
