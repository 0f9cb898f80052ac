import { HUB_OPTIONS } from '@hub/app';
import { QueueFactory } from '@hub/platform';
import { startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCENARIO = `name: Deadlines on the exercise clock
category: terrorist_content
level: crisis
organisations:
  coord: { kind: coordinator, name: EU coordination }
  be: { kind: authority, country: BE, name: Federal police }
  videoshare: { kind: platform, platformKey: videoshare, domains: [videoshare.example] }
injects:
  - { at: 0m, by: coord, do: activate, title: Clock drill }
  - { at: 1m, by: be, do: share, as: clip, item: { kind: url, url: "https://videoshare.example/v/clock", channel: referral } }
  - { at: 40m, by: coord, do: post, text: Still waiting for the platform }
expectations:
  - { platform: videoshare, acknowledgeWithin: 15m }
`;

/** Answers 29 and 34 scenario minutes after the share: in time for its windows of 30 and 45 minutes. */
const LATE_TICK = `name: A tick held back
category: terrorist_content
level: crisis
organisations:
  coord: { kind: coordinator, name: EU coordination }
  be: { kind: authority, country: BE, name: Federal police }
  videoshare: { kind: platform, platformKey: videoshare, domains: [videoshare.example] }
injects:
  - { at: 0m, by: coord, do: activate, title: Late tick drill }
  - { at: 1m, by: be, do: share, as: clip, item: { kind: url, url: "https://videoshare.example/v/late", channel: referral } }
  - { at: 30m, by: videoshare, do: contain, item: clip, status: acknowledged }
  - { at: 35m, by: videoshare, do: contain, item: clip, status: removed }
  - { at: 50m, by: coord, do: close, summary: Contained }
expectations:
  - { platform: videoshare, acknowledgeWithin: 30m, actWithin: 45m }
`;

/** The run lock's key (PgExerciseRunRepository.withRunLock): holding it holds every tick of the run. */
const RUN_LOCK = 'SELECT pg_advisory_xact_lock(72011402, hashtext($1))';

describe('exercises on their own clock', () => {
  let t: TestHub;
  let as: Cast;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'exclock' });
    as = await t.seed();
  });
  afterAll(() => t?.close());

  it('runs deadlines and overdue escalation at the replay speed', async () => {
    const scenario = await as.coordinator.api.request('POST', '/scenarios', SCENARIO, {
      'content-type': 'application/yaml',
    });
    expect(scenario.status).toBe(201);
    const run = (await as.coordinator.api.post('/exercises', { scenarioId: scenario.body.id, speed: 600 }))
      .body;
    const item: any = await waitFor(
      async () => (await as.coordinator.api.get(`/incidents/${run.incidentId}/items`)).body.items[0],
      Boolean,
      { what: 'the shared item' },
    );
    // 15 scenario minutes at 600× are 1.5 s of wall time.
    const cell = item.containment.find((c: any) => c.platformKey === 'videoshare');
    expect(new Date(cell.ackDueAt).getTime() - new Date(item.createdAt).getTime()).toBe(1500);
    const overdue: any = await waitFor(
      async () =>
        (await as.coordinator.api.get(`/incidents/${run.incidentId}/events?limit=500`)).body.items.find(
          (e: any) => e.type === 'containment.overdue',
        ),
      Boolean,
      { timeoutMs: 20_000, what: 'overdue on the exercise clock' },
    );
    expect(overdue.data).toMatchObject({ itemId: item.id, platformKey: 'videoshare', kind: 'ack' });
    const done = await waitFor(
      () => as.coordinator.api.get(`/exercises/${run.id}`).then((r) => r.body),
      (b) => b.status === 'completed',
      { timeoutMs: 30_000, what: 'completion' },
    );
    expect(done.score.expectations).toEqual([
      expect.objectContaining({ platformKey: 'videoshare', kind: 'acknowledge', met: false }),
    ]);
    // The report measures the containment on the same clock as the score: 15 minutes, missed (not the
    // 1.5 s of wall time it once showed as "0 min").
    const report = (await as.coordinator.api.get(`/incidents/${run.incidentId}/report?format=json`)).body;
    expect(report.containment).toMatchObject({ clock: 'exercise', ackDeadlineMinutes: 15 });
    expect(report.containment.rows).toEqual([
      expect.objectContaining({
        platformKey: 'videoshare',
        metAckDeadline: 'no',
        minutesToAcknowledge: null,
      }),
    ]);
    expect(report.containment.platforms).toEqual([
      expect.objectContaining({ platformKey: 'videoshare', withinDeadlineShare: 0 }),
    ]);
    const html = await as.coordinator.api.get(`/incidents/${run.incidentId}/report?format=html`);
    expect(String(html.body)).toContain('Deadlines on the exercise clock');
    expect(String(html.body)).toContain('Acknowledgement deadline at this level: 15 min.');
    expect(String(html.body)).toContain('<svg');
    const md = await as.coordinator.api.get(`/incidents/${run.incidentId}/report?format=md`);
    expect(String(md.body)).toContain('data:image/svg+xml;base64,');
  });

  it('holds the deadlines still while the exercise is paused, and moves them on resume', async () => {
    const scenario = await as.coordinator.api.request(
      'POST',
      '/scenarios',
      SCENARIO.replace('Deadlines on the exercise clock', 'Paused deadlines'),
      {
        'content-type': 'application/yaml',
      },
    );
    const run = (await as.coordinator.api.post('/exercises', { scenarioId: scenario.body.id, speed: 600 }))
      .body;
    const item: any = await waitFor(
      async () => (await as.coordinator.api.get(`/incidents/${run.incidentId}/items`)).body.items[0],
      Boolean,
      { what: 'the shared item' },
    );
    expect((await as.coordinator.api.post(`/exercises/${run.id}/pause`)).status).toBeLessThan(300);
    const due = new Date(item.containment[0].ackDueAt).getTime();
    const events = async () =>
      (await as.coordinator.api.get(`/incidents/${run.incidentId}/events?limit=500`)).body.items as any[];
    // Well past the due time while paused: the deadline check finds the clock stopped and stays silent.
    await waitFor(
      () => Date.now(),
      (now) => now > due + 2_500,
      { what: 'past the due time' },
    );
    await waitFor(
      async () => (await t.hub.app.get(QueueFactory).counts())['hub-deadlines'],
      (c: any) => !c || c.active === 0,
      { what: 'idle deadline checks' },
    );
    expect((await events()).filter((e) => e.type === 'containment.overdue')).toHaveLength(0);
    expect((await as.coordinator.api.post(`/exercises/${run.id}/resume`)).status).toBeLessThan(300);
    const resumed = (await events()).find((e) => e.type === 'exercise.resumed');
    expect(resumed.data.deadlinesMoved).toBeGreaterThanOrEqual(1);
    const moved = (await as.coordinator.api.get(`/incidents/${run.incidentId}/items/${item.id}`)).body
      .containment[0];
    expect(new Date(moved.ackDueAt).getTime() - due).toBeGreaterThanOrEqual(resumed.data.pausedForMs - 1);
    await waitFor(async () => (await events()).some((e) => e.type === 'containment.overdue'), Boolean, {
      timeoutMs: 20_000,
      what: 'overdue after resume',
    });
  });

  it('runs a scenario from the command line and prints the score table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    const file = join(dir, 'drill.yaml');
    writeFileSync(file, SCENARIO.replace('Deadlines on the exercise clock', 'CLI drill'));
    const out = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [
        join(__dirname, '..', '..', 'bin', 'hub.js'),
        '--url',
        t.url,
        '--token',
        as.coordinator.token,
        'exercise',
        'run',
        file,
        '--speed',
        '1000',
      ]);
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.on('close', (status) => resolve({ status, stdout }));
    });
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/score \d+ \/ 100/);
    expect(out.stdout).toContain('videoshare\tacknowledge\t15');
    expect(out.stdout).toContain('be share');
  });

  it('refuses a bad --speed before uploading anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    const file = join(dir, 'drill.yaml');
    writeFileSync(file, SCENARIO.replace('Deadlines on the exercise clock', 'CLI speed drill'));
    const hub = (speed: string) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [
          join(__dirname, '..', '..', 'bin', 'hub.js'),
          '--url',
          t.url,
          '--token',
          as.coordinator.token,
          'exercise',
          'run',
          file,
          '--speed',
          speed,
        ]);
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stderr }));
      });
    const scenarios = async () =>
      Number((await t.sql.query('SELECT count(*)::int AS n FROM scenarios')).rows[0].n);
    const before = await scenarios();
    for (const speed of ['fast', '0', '5000']) {
      const out = await hub(speed);
      expect({ speed, status: out.status }).toEqual({ speed, status: 1 });
      expect(out.stderr).toContain('--speed must be a number from 1 to 1000');
    }
    expect(await scenarios()).toBe(before);
  }, 120_000);

  it('scores a late tick on the scenario clock: its actions carry their scripted time', async () => {
    const scenario = await as.coordinator.api.request('POST', '/scenarios', LATE_TICK, {
      'content-type': 'application/yaml',
    });
    expect(scenario.status).toBe(201);
    const run = (await as.coordinator.api.post('/exercises', { scenarioId: scenario.body.id, speed: 600 }))
      .body;
    const state = () => as.coordinator.api.get(`/exercises/${run.id}`).then((r) => r.body);
    await waitFor(state, (r) => r.injects.fired >= 2, { what: 'the share fired' });
    // A busy machine, played by holding the run's lock: the ticks due at 30m and 35m wait until 70m.
    // One connection of the test's pool for the whole transaction: the lock is held until its COMMIT.
    const held = await t.sql.connect();
    try {
      await held.query('BEGIN');
      await held.query(RUN_LOCK, [run.id]);
      expect((await state()).injects.fired).toBe(2);
      await waitFor(state, (r) => r.clock.scenarioSeconds >= 70 * 60, {
        timeoutMs: 20_000,
        what: 'the clock past 70m',
      });
      await held.query('COMMIT');
    } finally {
      held.release(true); // closed, not pooled: a failure above must not leave the lock held
    }
    const done = await waitFor(state, (r) => r.status === 'completed', { timeoutMs: 20_000, what: 'done' });
    // In wall time the answers came about 69 minutes after the share; in exercise time, 29 and 34.
    expect(done.score).toMatchObject({
      overall: 100,
      expectations: [
        { kind: 'acknowledge', actualMinutes: 29, met: true },
        { kind: 'act', actualMinutes: 34, met: true },
      ],
    });
    const item = (await as.coordinator.api.get(`/incidents/${run.incidentId}/items`)).body.items[0];
    const cell = item.containment.find((c: any) => c.platformKey === 'videoshare');
    // 29 and 34 scenario minutes at 600x are 2.9 s and 3.4 s of wall time after the share.
    expect(new Date(cell.acknowledgedAt).getTime() - new Date(item.createdAt).getTime()).toBe(2900);
    expect(new Date(cell.actedAt).getTime() - new Date(item.createdAt).getTime()).toBe(3400);
  });
});
