import { DomainError, ERROR_CODES, invalid } from '../core/errors';

export const MIN_SPEED = 1;
export const MAX_SPEED = 1000;

/**
 * The replay clock of an exercise run, in plain data so it can be stored with the run and rebuilt by any
 * process: scenario time runs `speed` times faster than wall time, and stands still while paused.
 */
export interface ClockState {
  speed: number;
  startedAt: Date;
  pausedAt: Date | null;
  /** Wall milliseconds spent paused before the current pause (if any). */
  pausedMs: number;
}

export function assertSpeed(speed: number): void {
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw invalid('speed', `must be a number from ${MIN_SPEED} to ${MAX_SPEED}`);
  }
}

export function startClock(speed: number, now: Date): ClockState {
  assertSpeed(speed);
  return { speed, startedAt: now, pausedAt: null, pausedMs: 0 };
}

export const isClockPaused = (state: ClockState): boolean => state.pausedAt !== null;

/** Scenario seconds elapsed at wall time `now`: (elapsed wall ms − paused ms) × speed / 1000; frozen while paused. */
export function scenarioSeconds(state: ClockState, now: Date): number {
  const until = state.pausedAt ?? now;
  const runningMs = until.getTime() - state.startedAt.getTime() - state.pausedMs;
  return Math.max(0, (runningMs * state.speed) / 1000);
}

/**
 * The wall time at which the scenario reaches `seconds`, if the clock keeps running from now on;
 * null while paused (nothing fires until the clock resumes, and then later than planned).
 */
export function wallTimeFor(state: ClockState, seconds: number): Date | null {
  if (state.pausedAt !== null) return null;
  return new Date(state.startedAt.getTime() + state.pausedMs + (seconds * 1000) / state.speed);
}

export function pause(state: ClockState, now: Date): ClockState {
  if (state.pausedAt !== null) {
    throw new DomainError(ERROR_CODES.ILLEGAL_TRANSITION, 'the exercise clock is already paused');
  }
  return { ...state, pausedAt: now };
}

export function resume(state: ClockState, now: Date): ClockState {
  if (state.pausedAt === null) {
    throw new DomainError(ERROR_CODES.ILLEGAL_TRANSITION, 'the exercise clock is not paused');
  }
  const pausedFor = Math.max(0, now.getTime() - state.pausedAt.getTime());
  return { ...state, pausedAt: null, pausedMs: state.pausedMs + pausedFor };
}

/** The injects whose time has come at `now` and that have not fired yet, in the given (scenario) order. */
export function dueInjects<T extends { index: number; atSeconds: number }>(
  injects: readonly T[],
  firedIndexes: ReadonlySet<number>,
  state: ClockState,
  now: Date,
): T[] {
  const elapsed = scenarioSeconds(state, now);
  return injects.filter((inject) => inject.atSeconds <= elapsed && !firedIndexes.has(inject.index));
}

/** When the next inject not yet fired is due in wall time, to set a timer; null when paused or none is left. */
export function nextInjectAt<T extends { index: number; atSeconds: number }>(
  injects: readonly T[],
  firedIndexes: ReadonlySet<number>,
  state: ClockState,
): Date | null {
  let next: number | null = null;
  for (const inject of injects) {
    if (!firedIndexes.has(inject.index) && (next === null || inject.atSeconds < next))
      next = inject.atSeconds;
  }
  return next === null ? null : wallTimeFor(state, next);
}

/**
 * The date on the scenario's own timeline (it starts at `startedAt`) of a wall date, for reports that
 * tell the story in scenario time. The state only records the total time paused, so this is exact for
 * wall dates after the last resume (or during the current pause) and approximate before.
 */
export function scenarioDateFor(state: ClockState, wallDate: Date): Date {
  return new Date(state.startedAt.getTime() + scenarioSeconds(state, wallDate) * 1000);
}

/**
 * The wall date a scripted action is stamped with: the moment the scenario reached `seconds` (to the
 * nearest millisecond), never later than `now`. A tick that runs late (a busy machine, a worker taking a
 * run over) still records the action at its scripted time, so deadlines and the score read the script
 * and not the machine's load. Paused, or due in the future, it is `now`.
 */
export function scriptedWallTime(state: ClockState, seconds: number, now: Date): Date {
  if (state.pausedAt !== null) return now;
  const due = Math.round(state.startedAt.getTime() + state.pausedMs + (seconds * 1000) / state.speed);
  return due < now.getTime() ? new Date(due) : now;
}

/**
 * The scenario second, to the nearest whole one, on which a wall date falls; a date after the clock
 * stopped (`pausedAt`, also the end of a finished run) counts as that moment. Whole seconds make a
 * scripted stamp (`scriptedWallTime`) read back as exactly its inject's time at any speed. The state
 * keeps only the total time paused, so a date before an earlier pause reads that pause too early: a
 * platform working across a pause looks slower by it (a pause is rare and short next to the deadlines).
 */
export function scenarioSecondAt(state: ClockState, wallDate: Date): number {
  const until = state.pausedAt !== null && state.pausedAt < wallDate ? state.pausedAt : wallDate;
  const runningMs = until.getTime() - state.startedAt.getTime() - state.pausedMs;
  return Math.max(0, Math.round((runningMs * state.speed) / 1000));
}

/**
 * A wall interval in scenario minutes: wall ms × speed / 60000. Pauses inside the interval are not
 * subtracted: a run paused while a platform was still working would make it look slower than it was,
 * which is good enough for scoring (a pause is rare and short next to the deadlines) and keeps the
 * clock state small. Negative intervals count as 0.
 */
export function scenarioMinutesBetween(state: ClockState, fromWall: Date, toWall: Date): number {
  return Math.max(0, ((toWall.getTime() - fromWall.getTime()) * state.speed) / 60_000);
}
