import { ApiClient, startProcessHub, waitFor, type ProcessHub } from '@hub/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The exercise clock lives in the database: the api and the worker run as processes of their own, the
 * worker is killed with SIGKILL in the middle of a run and started again, and the run completes with
 * every inject fired exactly once.
 */
describe('exercises: a worker killed mid-run', () => {
  let hub: ProcessHub;
  let worker: ProcessHub['worker'];
  let coordinator: ApiClient;

  beforeAll(async () => {
    hub = await startProcessHub({ label: 'exrestart' });
    worker = hub.worker;
    coordinator = new ApiClient(hub.url, hub.cast.coordinator.token);
  });

  afterAll(() => hub?.close());

  const injectCounts = async (incidentId: string): Promise<Map<number, number>> => {
    const { rows } = await hub.db.sql.query(
      `SELECT (data ->> 'index')::int AS index, count(*)::int AS n FROM incident_events
        WHERE incident_id = $1 AND type = 'exercise.inject' GROUP BY 1`,
      [incidentId],
    );
    return new Map(rows.map((r) => [r.index, r.n]));
  };

  it('completes after a restart, each inject fired once', async () => {
    const text = readFileSync(join(ROOT, 'scenarios', 'livestream-attack.yaml'), 'utf8');
    const scenario = await coordinator.post('/scenarios', text, { 'content-type': 'application/yaml' });
    expect(scenario.status).toBe(201);
    const total = scenario.body.injects as number;
    const started = await coordinator.post('/exercises', { scenarioId: scenario.body.id, speed: 1000 });
    expect(started.status).toBe(201);
    const { id, incidentId } = started.body;

    // Kill the worker once the clock is well under way (3 h of scenario take 10.8 s at this speed).
    await waitFor(
      () => injectCounts(incidentId),
      (c) => c.size >= 10,
      { timeoutMs: 20_000, intervalMs: 20, what: `ten injects fired (worker: ${worker.output.slice(-300)})` },
    );
    await worker.kill('SIGKILL');
    const firedAtKill = (await injectCounts(incidentId)).size;
    expect(firedAtKill).toBeLessThan(total);
    // Nothing fires while no worker runs: the api only answers requests.
    const { rows: before } = await hub.db.sql.query(`SELECT status FROM exercise_runs WHERE id = $1`, [id]);
    expect(before[0].status).toBe('running');

    worker.start();
    const done = await waitFor(
      () => coordinator.get(`/exercises/${id}`).then((r) => r.body),
      (r) => r.status === 'completed',
      { timeoutMs: 60_000, intervalMs: 100, what: `run completed (worker: ${worker.output.slice(-500)})` },
    );
    expect(done.injects).toEqual({ total, fired: total });
    const counts = await injectCounts(incidentId);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([...Array(total).keys()]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Each inject's action happened once too: one item per share, one close.
    const { rows: events } = await hub.db.sql.query(
      `SELECT type, count(*)::int AS n FROM incident_events WHERE incident_id = $1 GROUP BY type`,
      [incidentId],
    );
    const n = Object.fromEntries(events.map((r) => [r.type, r.n]));
    expect(n['item.shared']).toBe(9);
    expect(n['item.reported_again']).toBeUndefined();
    expect(n['incident.closed']).toBe(1);
    expect(n['exercise.completed']).toBe(1);
    expect(n['exercise.started']).toBe(1);
  });
});
