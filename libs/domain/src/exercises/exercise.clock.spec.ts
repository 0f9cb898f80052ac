import { DomainError, ERROR_CODES } from '../core/errors';
import {
  dueInjects,
  isClockPaused,
  nextInjectAt,
  pause,
  resume,
  scenarioDateFor,
  scenarioMinutesBetween,
  scenarioSecondAt,
  scenarioSeconds,
  scriptedWallTime,
  startClock,
  wallTimeFor,
  type ClockState,
} from './exercise.clock';

const T0 = new Date('2026-05-09T08:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('the exercise clock', () => {
  it('runs speed times faster than the wall: at speed 600, 1 s of wall time is 10 scenario minutes', () => {
    const clock = startClock(600, T0);
    expect(scenarioSeconds(clock, T0)).toBe(0);
    expect(scenarioSeconds(clock, at(1000))).toBe(600);
    expect(scenarioMinutesBetween(clock, T0, at(1000))).toBe(10);
    expect(wallTimeFor(clock, 600)).toEqual(at(1000));
  });

  it('runs in real time at speed 1', () => {
    const clock = startClock(1, T0);
    expect(scenarioSeconds(clock, at(90_000))).toBe(90);
    expect(wallTimeFor(clock, 3600)).toEqual(at(3_600_000));
  });

  it('stands still while paused', () => {
    const paused = pause(startClock(60, T0), at(10_000));
    expect(isClockPaused(paused)).toBe(true);
    expect(scenarioSeconds(paused, at(10_000))).toBe(600);
    expect(scenarioSeconds(paused, at(500_000))).toBe(600);
    expect(wallTimeFor(paused, 900)).toBeNull();
  });

  it('continues from where it stopped once resumed, later by the time paused', () => {
    const paused = pause(startClock(60, T0), at(10_000));
    const resumed = resume(paused, at(70_000));
    expect(resumed).toEqual({ speed: 60, startedAt: T0, pausedAt: null, pausedMs: 60_000 });
    expect(scenarioSeconds(resumed, at(70_000))).toBe(600);
    expect(scenarioSeconds(resumed, at(75_000))).toBe(900);
    expect(wallTimeFor(resumed, 900)).toEqual(at(75_000));
    // A second pause adds to the first.
    const again = resume(pause(resumed, at(80_000)), at(100_000));
    expect(again.pausedMs).toBe(80_000);
    expect(scenarioSeconds(again, at(100_000))).toBe(1200);
  });

  it('does not change the state it is given', () => {
    const clock = startClock(10, T0);
    const copy: ClockState = { ...clock };
    pause(clock, at(1000));
    expect(clock).toEqual(copy);
  });

  it('refuses to pause twice or to resume a running clock', () => {
    const clock = startClock(10, T0);
    expect(codeOf(() => resume(clock, at(1000)))).toBe(ERROR_CODES.ILLEGAL_TRANSITION);
    const paused = pause(clock, at(1000));
    expect(codeOf(() => pause(paused, at(2000)))).toBe(ERROR_CODES.ILLEGAL_TRANSITION);
  });

  it('accepts speeds from 1 to 1000 only', () => {
    expect(startClock(1000, T0).speed).toBe(1000);
    for (const speed of [0, 0.5, -1, 1001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(codeOf(() => startClock(speed, T0))).toBe(ERROR_CODES.VALIDATION_FAILED);
    }
  });

  it('never reports negative scenario time', () => {
    expect(scenarioSeconds(startClock(5, T0), at(-1000))).toBe(0);
    expect(scenarioMinutesBetween(startClock(5, T0), at(1000), T0)).toBe(0);
  });

  it('places wall dates on the scenario timeline', () => {
    const clock = startClock(60, T0);
    expect(scenarioDateFor(clock, at(30_000))).toEqual(at(1_800_000));
  });
});

describe('exercise time of scripted actions', () => {
  it('converts wall dates to whole scenario seconds: at speed 60, 12 s of wall time are 12 minutes', () => {
    const clock = startClock(60, T0);
    expect(scenarioSecondAt(clock, at(12_000))).toBe(12 * 60);
    expect(scenarioSecondAt(clock, at(90_000))).toBe(90 * 60);
    expect(scenarioSecondAt(clock, at(-5000))).toBe(0);
  });

  it('stamps a scripted action at its time however late its tick runs', () => {
    const clock = startClock(1000, T0);
    // The inject is due at 15m (900 ms of wall time); the tick ran 4 s late, on a busy machine.
    expect(scriptedWallTime(clock, 15 * 60, at(4900))).toEqual(at(900));
    // Never in the future, and never while paused.
    expect(scriptedWallTime(clock, 15 * 60, at(500))).toEqual(at(500));
    expect(scriptedWallTime(pause(clock, at(100)), 15 * 60, at(4900))).toEqual(at(4900));
  });

  it.each([1, 7, 60, 600, 750, 999, 1000])(
    'reads a scripted stamp back as exactly its scenario second at speed %d',
    (speed) => {
      // A clock started at an odd millisecond and paused once, as a real run's may be.
      const clock = resume(pause(startClock(speed, at(3)), at(1234)), at(5677));
      for (const seconds of [0, 1, 59, 60, 900, 901, 3599, 3600, 3 * 3600 + 17]) {
        const stamp = scriptedWallTime(clock, seconds, at(1e12));
        expect(scenarioSecondAt(clock, stamp)).toBe(seconds);
      }
    },
  );

  it('counts a date after the clock stopped as the moment it stopped', () => {
    const stopped = pause(startClock(60, T0), at(10_000));
    expect(scenarioSecondAt(stopped, at(50_000))).toBe(600);
  });
});

describe('dueInjects', () => {
  const injects = [
    { index: 0, atSeconds: 0 },
    { index: 2, atSeconds: 120 },
    { index: 1, atSeconds: 120 },
    { index: 3, atSeconds: 600 },
  ];

  it('answers the injects whose time has come and that have not fired, in order', () => {
    const clock = startClock(60, T0);
    expect(dueInjects(injects, new Set(), clock, T0)).toEqual([{ index: 0, atSeconds: 0 }]);
    expect(dueInjects(injects, new Set([0]), clock, at(2000)).map((i) => i.index)).toEqual([2, 1]);
    expect(dueInjects(injects, new Set([0, 2]), clock, at(2000)).map((i) => i.index)).toEqual([1]);
    expect(dueInjects(injects, new Set([0, 1, 2]), clock, at(9999))).toEqual([]);
    expect(dueInjects(injects, new Set([0, 1, 2]), clock, at(10_000)).map((i) => i.index)).toEqual([3]);
  });

  it('fires nothing new while paused', () => {
    const paused = pause(startClock(60, T0), at(1000));
    expect(dueInjects(injects, new Set([0]), paused, at(1_000_000))).toEqual([]);
    expect(nextInjectAt(injects, new Set([0]), paused)).toBeNull();
  });

  it('tells when the next inject falls due in wall time', () => {
    const clock = startClock(60, T0);
    expect(nextInjectAt(injects, new Set([0]), clock)).toEqual(at(2000));
    expect(nextInjectAt(injects, new Set([0, 1, 2]), clock)).toEqual(at(10_000));
    expect(nextInjectAt(injects, new Set([0, 1, 2, 3]), clock)).toBeNull();
  });
});
