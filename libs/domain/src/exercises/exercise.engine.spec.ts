// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { scriptedWallTime, startClock } from './exercise.clock';
import { completionSeconds, ExerciseEngine } from './exercise.engine';
import type { ExerciseRunRecord } from './exercise-run.model';
import { parseScenario } from './scenario.parse';

const scenario = (injects: string, expectations: string) =>
  parseScenario(
    `name: t
category: other
level: incident
organisations:
  coord: { kind: coordinator }
  be: { kind: authority, country: BE }
  vs: { kind: platform, platformKey: vs, domains: [vs.example] }
injects:
${injects}
expectations:
${expectations}`,
    'yaml',
  );

describe('completionSeconds', () => {
  it('waits for the longest expectation after the last share', () => {
    const s = scenario(
      `  - { at: 0m, by: coord, do: activate, title: t }
  - { at: 10m, by: be, do: share, item: { kind: url, url: "https://vs.example/1", channel: referral } }
  - { at: 20m, by: coord, do: post, text: hello }`,
      `  - { platform: vs, acknowledgeWithin: 15m, actWithin: 1h }`,
    );
    expect(completionSeconds(s)).toBe(70 * 60);
  });

  it('is the last inject when it comes after every window', () => {
    const s = scenario(
      `  - { at: 0m, by: coord, do: activate, title: t }
  - { at: 10m, by: be, do: share, item: { kind: url, url: "https://vs.example/1", channel: referral } }
  - { at: 2h, by: coord, do: close, summary: done }`,
      `  - { platform: vs, acknowledgeWithin: 15m }`,
    );
    expect(completionSeconds(s)).toBe(2 * 3600);
  });

  it('is the last inject when nothing is shared', () => {
    const s = scenario(
      `  - { at: 0m, by: coord, do: activate, title: t }
  - { at: 5m, by: coord, do: post, text: hello }`,
      `  - { platform: vs, acknowledgeWithin: 15m }`,
    );
    expect(completionSeconds(s)).toBe(5 * 60);
  });
});

describe('ExerciseEngine.score', () => {
  const T0 = new Date('2026-05-09T08:00:00.007Z');
  const drill = scenario(
    `  - { at: 0m, by: coord, do: activate, title: t }
  - { at: 7m, by: be, do: share, as: x, item: { kind: url, url: "https://vs.example/1", channel: referral } }
  - { at: 22m, by: vs, do: contain, item: x, status: acknowledged }`,
    `  - { platform: vs, acknowledgeWithin: 15m }`,
  );

  it.each([7, 60, 600, 999, 1000])(
    'times cells on the run clock: an answer stamped on the deadline meets it at %dx',
    async (speed) => {
      const state = startClock(speed, T0);
      const stamp = (seconds: number) => scriptedWallTime(state, seconds, new Date(T0.getTime() + 1e9));
      const cells = [
        { platformKey: 'vs-sim-1', createdAt: stamp(7 * 60), acknowledgedAt: stamp(22 * 60), actedAt: null },
      ];
      const engine = new ExerciseEngine(
        {} as never,
        {} as never,
        {} as never,
        { cells: async () => cells } as never,
        {} as never,
        {} as never,
        { now: () => T0 },
      );
      const run = {
        incidentId: 'i',
        speed,
        startedAt: T0,
        pausedAt: null,
        pausedMs: 0,
        cast: { vs: { organisationId: 'o', memberId: 'm', platformKey: 'vs-sim-1', simulated: true } },
      } as unknown as ExerciseRunRecord;
      const score = await engine.score(run, drill, true);
      expect(score.expectations).toEqual([
        { platformKey: 'vs-sim-1', kind: 'acknowledge', withinMinutes: 15, actualMinutes: 15, met: true },
      ]);
    },
  );
});
