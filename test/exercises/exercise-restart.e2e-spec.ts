import { ApiClient, seedDemo } from '@hub/client';
import {
  createTestDatabase,
  freePort,
  HubProcess,
  TEST_REDIS_URL,
  waitFor,
  type TestDatabase,
  migrateFromBuild,
} from '@hub/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');

/**
 * The exercise clock lives in the database: the api and the worker run as processes of their own, the
 * worker is killed with SIGKILL in the middle of a run and started again, and the run completes with
 * every inject fired exactly once.
 */
describe('exercises: a worker killed mid-run', () => {
  let db: TestDatabase;
  let sql: Client;
  let api: HubProcess;
  let worker: HubProcess;
  let coordinator: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase('exrestart');
    expect(migrateFromBuild(db.url).status).toBe(0);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const port = await freePort();
    const token = `exercise-restart-admin-${port}-0123456789abcdef`;
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      HUB_KEY_PREFIX: `x${randomBytes(5).toString('hex')}`,
      PORT: String(port),
      HUB_BOOTSTRAP_TOKEN: token,
      HUB_RATE_LIMIT_PER_MINUTE: '100000',
    };
    api = new HubProcess('apps/api/src/main.js', env).start();
    worker = new HubProcess('apps/worker/src/main.js', env).start();
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      () => fetch(`${url}/health/ready`).then((r) => r.status),
      (s) => s === 200,
      { timeoutMs: 30_000, what: `api ready ${api.output}` },
    );
    const cast = await seedDemo(new ApiClient(url, token));
    coordinator = new ApiClient(url, cast.coordinator.token);
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await api?.kill('SIGTERM');
    await sql?.end();
    await db?.drop();
  });

  const injectCounts = async (incidentId: string): Promise<Map<number, number>> => {
    const { rows } = await sql.query(
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
    const { rows: before } = await sql.query(`SELECT status FROM exercise_runs WHERE id = $1`, [id]);
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
    const { rows: events } = await sql.query(
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
