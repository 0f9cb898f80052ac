import type { ExpectationResultView } from '@hub/contracts';
import type { Expectation } from './scenario.parse';

/** A containment cell as the score sees it. */
export interface ScoredCell {
  platformKey: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  actedAt: Date | null;
}

export type ExpectationKind = ExpectationResultView['kind'];

/** One expectation judged: the wire shape itself (`actualMinutes` in scenario minutes, of the slowest cell). */
export type ExpectationResult = ExpectationResultView;

export interface ExerciseScore {
  /** The share of expectation checks met, 0 to 100, rounded; 100 when the scenario expects nothing. */
  overall: number;
  expectations: ExpectationResult[];
}

/**
 * Scores a run against its scenario's expectations. Each `acknowledgeWithin` and `actWithin` is one
 * check, judged over every cell of that platform in the run: the slowest cell counts. A platform with no
 * cell fails its checks (nothing to acknowledge is not a success). A cell not yet acknowledged or acted
 * upon fails once the run is `finished`; before that it is still pending, so the check is judged on the
 * cells done so far and stays unmet while none is. Acting implies acknowledging, so an outcome recorded
 * without an acknowledgement counts for both.
 *
 * `castToPlatformKey` maps the scenario's cast keys to the platform keys of the run's cells;
 * `toScenarioMinutes` converts a wall interval into scenario minutes (see `scenarioMinutesBetween`).
 */
export function scoreExercise(
  expectations: readonly Expectation[],
  cells: readonly ScoredCell[],
  toScenarioMinutes: (from: Date, to: Date) => number,
  finished: boolean,
  castToPlatformKey: Readonly<Record<string, string>>,
): ExerciseScore {
  const results: ExpectationResult[] = [];
  for (const expectation of expectations) {
    const platformKey = castToPlatformKey[expectation.platform] ?? expectation.platform;
    const own = cells.filter((cell) => cell.platformKey === platformKey);
    const checks: [ExpectationKind, number | undefined, (cell: ScoredCell) => Date | null][] = [
      ['acknowledge', expectation.acknowledgeWithinSeconds, (cell) => cell.acknowledgedAt ?? cell.actedAt],
      ['act', expectation.actWithinSeconds, (cell) => cell.actedAt],
    ];
    for (const [kind, withinSeconds, doneAt] of checks) {
      if (withinSeconds === undefined) continue;
      results.push(judge(platformKey, kind, withinSeconds / 60, own, doneAt, toScenarioMinutes, finished));
    }
  }
  const met = results.filter((r) => r.met).length;
  return {
    overall: results.length === 0 ? 100 : Math.round((100 * met) / results.length),
    expectations: results,
  };
}

function judge(
  platformKey: string,
  kind: ExpectationKind,
  withinMinutes: number,
  cells: readonly ScoredCell[],
  doneAt: (cell: ScoredCell) => Date | null,
  toScenarioMinutes: (from: Date, to: Date) => number,
  finished: boolean,
): ExpectationResult {
  const result = { platformKey, kind, withinMinutes };
  const durations: number[] = [];
  let undone = 0;
  for (const cell of cells) {
    const at = doneAt(cell);
    if (at === null) undone++;
    else durations.push(toScenarioMinutes(cell.createdAt, at));
  }
  if (durations.length === 0 || (finished && undone > 0)) {
    return { ...result, actualMinutes: null, met: false };
  }
  const slowest = durations.reduce((a, b) => Math.max(a, b), 0);
  return { ...result, actualMinutes: round2(slowest), met: slowest <= withinMinutes };
}

const round2 = (minutes: number): number => Math.round(minutes * 100) / 100;
