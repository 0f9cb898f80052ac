import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, waitFor, WebhookReceiver, type Cast, type TestHub } from '@hub/testing';
import { DRILL, DRILL_INJECTS, exerciseApi } from './exercise-drill';

describe('exercises: runs', () => {
  let t: TestHub;
  let as: Cast;
  let drillId: string;
  const receiver = new WebhookReceiver();
  let liveHook: { id: string; url: string };

  beforeAll(async () => {
    const url = await receiver.start();
    t = await startTestHub(HUB_OPTIONS, { label: 'exercises' });
    as = await t.seed();
    const org = await t.admin.post('/organisations', {
      name: 'LiveOnly',
      kind: 'platform',
      platformKey: 'liveonly',
      domains: ['liveonly.example'],
      webhook: { url: `${url}/live`, secret: 'live-only-webhook-secret-0123456789' },
    });
    liveHook = { id: org.body.id, url };
    const created = await as.coordinator.api.post('/scenarios', DRILL, {
      'content-type': 'application/yaml',
    });
    expect(created.status).toBe(201);
    drillId = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const { run, eventsOf, injectCounts, start, until } = exerciseApi(() => as);

  describe('runs', () => {
    it('replays every kind of inject through the use cases and scores the run', async () => {
      const started = await start(drillId, 600);
      expect(started).toMatchObject({
        id: expect.any(String),
        incidentId: expect.any(String),
        status: 'running',
      });
      const done = await until(started.id, (r) => r.status === 'completed', 'drill completed');

      const counts = await injectCounts(started.incidentId);
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual([...Array(DRILL_INJECTS).keys()]);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);

      const events = await eventsOf(started.incidentId);
      const types = events.map((e) => e.type);
      expect(types.filter((x) => x === 'exercise.started')).toHaveLength(1);
      expect(types.filter((x) => x === 'exercise.completed')).toHaveLength(1);
      for (const type of [
        'incident.notified',
        'incident.activated',
        'item.shared',
        'containment.updated',
        'message.posted',
        'incident.level_changed',
        'incident.standing_down',
        'incident.closed',
      ]) {
        expect(types).toContain(type);
      }
      // No inject was refused: each produced its action's event, right before its record.
      const refused = events.filter((e) => e.type === 'exercise.inject' && e.data.refused);
      expect(refused).toEqual([]);
      for (const inject of events.filter((e) => e.type === 'exercise.inject')) {
        const result = events.find((e) => e.seq === inject.seq - 1);
        expect(result.type).not.toMatch(/^exercise\./);
        expect(result.actor.memberId).toEqual(expect.any(String));
      }

      const incident = (await as.coordinator.api.get(`/incidents/${started.incidentId}`)).body;
      expect(incident).toMatchObject({ mode: 'exercise', status: 'closed', level: 'crisis' });

      // The cast: real organisations where they exist, simulated ones where not.
      expect(done.cast.videoshare).toEqual({
        organisationId: as.videoshare.organisation.id,
        platformKey: 'videoshare',
        simulated: false,
      });
      expect(done.cast.be.organisationId).toBe(as.be.organisation.id);
      expect(done.cast.coord.organisationId).toBe(as.coordinator.organisation.id);
      expect(done.cast.fi).toMatchObject({ simulated: true });
      expect(done.cast.streamhub).toMatchObject({
        simulated: true,
        platformKey: expect.stringMatching(/^streamhub-sim-[0-9a-f]{6}$/),
      });
      expect(incident.participants).toEqual(
        expect.arrayContaining([as.videoshare.organisation.id, done.cast.streamhub.organisationId]),
      );
      // The simulated platform got its item and acknowledged it.
      const items = (await as.coordinator.api.get(`/incidents/${started.incidentId}/items`)).body
        .items as any[];
      const mirror = items.find((i) => i.url === 'https://streamhub.example/w/drill3');
      expect(mirror.containment).toEqual([
        expect.objectContaining({ platformKey: done.cast.streamhub.platformKey, status: 'acknowledged' }),
      ]);

      expect(done.score.provisional).toBe(false);
      expect(done.score.overall).toBe(50);
      expect(done.score.expectations).toEqual([
        {
          platformKey: 'videoshare',
          kind: 'acknowledge',
          withinMinutes: 15,
          actualMinutes: expect.any(Number),
          met: true,
        },
        {
          platformKey: 'clipcast',
          kind: 'acknowledge',
          withinMinutes: 15,
          actualMinutes: expect.any(Number),
          met: false,
        },
      ]);
      // Scenario minutes, within the jitter of the timers.
      expect(done.score.expectations[0].actualMinutes).toBeGreaterThan(2);
      expect(done.score.expectations[0].actualMinutes).toBeLessThan(8);
      expect(done.score.expectations[1].actualMinutes).toBeGreaterThan(30);
      expect(done.score.expectations[1].actualMinutes).toBeLessThan(50);
      expect(done.injects).toEqual({ total: DRILL_INJECTS, fired: DRILL_INJECTS });

      const completed = events.find((e) => e.type === 'exercise.completed');
      expect(completed.data).toMatchObject({ runId: started.id, aborted: false, score: { overall: 50 } });

      // The after-action report carries the exercise part.
      const report = await as.coordinator.api.get(`/incidents/${started.incidentId}/report?format=json`);
      expect(report.status).toBe(200);
      expect(report.body.exercise).toMatchObject({
        scenarioName: 'Drill with every action',
        speed: 600,
        status: 'completed',
        overall: 50,
        met: 1,
        missed: 1,
      });
      expect(report.body.exercise.injects).toHaveLength(DRILL_INJECTS);
      expect(report.body.exercise.injects.every((i: any) => i.firedAt && i.seq > 0)).toBe(true);
      const markdown = await as.coordinator.api.get(`/incidents/${started.incidentId}/report?format=md`);
      expect(markdown.status).toBe(200);
      expect(markdown.body).toContain('Drill with every action');
    });

    it('holds the clock still while paused, and carries on after resume', async () => {
      const started = await start(drillId, 600);
      await waitFor(
        () => injectCounts(started.incidentId),
        (c) => c.size >= 4,
        { what: 'four injects fired' },
      );
      const paused = await as.coordinator.api.post(`/exercises/${started.id}/pause`);
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({ status: 'paused', clock: { paused: true } });
      const firedAtPause = (await injectCounts(started.incidentId)).size;
      // Poll for 1.5 s of wall time (15 scenario minutes at this speed): nothing moves.
      const polls: { at: number; seconds: number }[] = [];
      await waitFor(
        async () => {
          polls.push({ at: Date.now(), seconds: (await run(started.id)).clock.scenarioSeconds });
          return polls;
        },
        (p) => p.length >= 3 && p[p.length - 1].at - p[0].at >= 1_500,
        { intervalMs: 100, what: 'polls while paused' },
      );
      expect(new Set(polls.map((p) => p.seconds)).size).toBe(1);
      expect(polls[0].seconds).toBe(paused.body.clock.scenarioSeconds);
      expect((await injectCounts(started.incidentId)).size).toBe(firedAtPause);
      expect((await as.coordinator.api.post(`/exercises/${started.id}/pause`)).status).toBe(409);

      const resumed = await as.coordinator.api.post(`/exercises/${started.id}/resume`);
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({ status: 'running', clock: { paused: false } });
      expect(resumed.body.clock.scenarioSeconds).toBeGreaterThanOrEqual(paused.body.clock.scenarioSeconds);
      expect(resumed.body.clock.scenarioSeconds).toBeLessThan(paused.body.clock.scenarioSeconds + 60);
      await until(started.id, (r) => r.status === 'completed', 'resumed drill completed');
      const counts = await injectCounts(started.incidentId);
      expect(counts.size).toBe(DRILL_INJECTS);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const types = (await eventsOf(started.incidentId)).map((e) => e.type);
      expect(types).toContain('exercise.paused');
      expect(types).toContain('exercise.resumed');
    });

    it('stops for good when aborted', async () => {
      const started = await start(drillId, 600);
      await waitFor(
        () => injectCounts(started.incidentId),
        (c) => c.size >= 3,
        { what: 'three injects fired' },
      );
      const aborted = await as.coordinator.api.post(`/exercises/${started.id}/abort`);
      expect(aborted.status).toBe(200);
      expect(aborted.body).toMatchObject({ status: 'aborted', score: { provisional: false } });
      const firedAtAbort = (await injectCounts(started.incidentId)).size;
      expect(firedAtAbort).toBeLessThan(DRILL_INJECTS);
      // 2 s of wall time is 20 scenario minutes here: several injects would have fired by then.
      const polls: { at: number; seconds: number; fired: number }[] = [];
      await waitFor(
        async () => {
          const r = await run(started.id);
          polls.push({ at: Date.now(), seconds: r.clock.scenarioSeconds, fired: r.injects.fired });
          return polls;
        },
        (p) => p.length >= 3 && p[p.length - 1].at - p[0].at >= 2_000,
        { intervalMs: 100, what: 'polls after abort' },
      );
      expect(new Set(polls.map((p) => p.seconds)).size).toBe(1);
      expect((await injectCounts(started.incidentId)).size).toBe(firedAtAbort);
      const completed = (await eventsOf(started.incidentId)).filter((e) => e.type === 'exercise.completed');
      expect(completed).toHaveLength(1);
      expect(completed[0].data).toMatchObject({ runId: started.id, aborted: true });
      expect((await run(started.id)).status).toBe('aborted');
      expect((await as.coordinator.api.post(`/exercises/${started.id}/resume`)).status).toBe(409);
      expect((await as.coordinator.api.post(`/exercises/${started.id}/abort`)).status).toBe(409);
    });
  });

  describe('isolation from live work', () => {
    const LIVE_CAST = `
name: Drill on a platform with a live webhook only
category: terrorist_content
level: incident
organisations:
  coord: { kind: coordinator }
  be: { kind: authority, country: BE }
  liveonly: { kind: platform, platformKey: liveonly, domains: [liveonly.example] }
injects:
  - { at: 0m, by: coord, do: activate, title: Isolation drill }
  - { at: 1m, by: be, do: share, as: a, item: { kind: url, url: "https://liveonly.example/v/1", channel: referral } }
  - at: 2m
    by: be
    do: share
    as: h
    item: { kind: hash, hash: { algorithm: sha256, value: "${'ab'.repeat(32)}" }, channel: alert }
  - { at: 3m, by: liveonly, do: contain, item: a, status: acknowledged }
  - { at: 4m, by: coord, do: close, summary: Done. }
expectations:
  - { platform: liveonly, acknowledgeWithin: 15m }
`;

    it('never sends exercise data to a live webhook, nor lists it with live incidents', async () => {
      const scenario = await as.coordinator.api.post('/scenarios', LIVE_CAST, {
        'content-type': 'application/yaml',
      });
      expect(scenario.status).toBe(201);
      const started = await start(scenario.body.id, 1000);
      const done = await until(started.id, (r) => r.status === 'completed', 'isolation drill completed');
      expect(done.cast.liveonly).toMatchObject({ organisationId: liveHook.id, simulated: false });
      // Both of the platform's deliveries are settled (simulated: it has no exercise webhook).
      const deliveries = await waitFor(
        async () =>
          (await eventsOf(started.incidentId)).filter(
            (e) => e.type === 'delivery.succeeded' && e.data.platformKey === 'liveonly',
          ),
        // One event may list both (a run of deliveries is recorded in one line).
        (d) => d.reduce((n, e) => n + (e.data.itemCount ?? 1), 0) === 2,
        { what: 'simulated deliveries' },
      );
      expect(deliveries.every((d) => d.data.simulated === true)).toBe(true);

      // A live incident on the same platform does reach the webhook: the receiver is listening.
      const live = await as.coordinator.api.post('/incidents', {
        title: 'Live control',
        summary: 's',
        category: 'terrorist_content',
        level: 'incident',
        mode: 'live',
        participants: [as.be.organisation.id, liveHook.id],
        platforms: [],
      });
      const shared = await as.be.api.post(`/incidents/${live.body.id}/items`, {
        kind: 'url',
        url: 'https://liveonly.example/v/live-control',
        channel: 'referral',
      });
      await waitFor(() => receiver.received.find((r) => r.json?.item?.id === shared.body.item.id), Boolean, {
        what: 'live delivery',
      });
      expect(receiver.received.filter((r) => r.json?.incident?.id === started.incidentId)).toEqual([]);
      expect(receiver.received.every((r) => r.json?.incident?.mode === 'live')).toBe(true);

      const liveList = (await as.coordinator.api.get('/incidents?mode=live&limit=500')).body.items as any[];
      expect(liveList.map((i) => i.id)).toContain(live.body.id);
      expect(liveList.map((i) => i.id)).not.toContain(started.incidentId);
      expect(liveList.every((i) => i.mode === 'live')).toBe(true);
      const drills = (await as.coordinator.api.get('/incidents?mode=exercise&limit=500')).body.items as any[];
      expect(drills.map((i) => i.id)).toContain(started.incidentId);
    });
  });
});
