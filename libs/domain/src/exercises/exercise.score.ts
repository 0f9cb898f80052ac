import type { ExpectationResultView } from '@hub/contracts';
import type { Expectation } from './scenario.model';

/**
 * A containment cell as the score sees it: its moments in scenario seconds (exercise time, from the
 * run's clock: `scenarioSecondAt`), never in wall time, so the same script scores the same at any speed.
 */
export interface ScoredCell {
  platformKey: string;
  createdAt: number;
  acknowledgedAt: number | null;
  actedAt: number | null;
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
 * `castToPlatformKey` maps the scenario's cast keys to the platform keys of the run's cells.
 */
export function scoreExercise(
  expectations: readonly Expectation[],
  cells: readonly ScoredCell[],
  finished: boolean,
  castToPlatformKey: Readonly<Record<string, string>>,
): ExerciseScore {
  const results: ExpectationResult[] = [];
  for (const expectation of expectations) {
    const platformKey = castToPlatformKey[expectation.platform] ?? expectation.platform;
    const own = cells.filter((cell) => cell.platformKey === platformKey);
    const checks: [ExpectationKind, number | undefined, (cell: ScoredCell) => number | null][] = [
      ['acknowledge', expectation.acknowledgeWithinSeconds, (cell) => cell.acknowledgedAt ?? cell.actedAt],
      ['act', expectation.actWithinSeconds, (cell) => cell.actedAt],
    ];
    for (const [kind, withinSeconds, doneAt] of checks) {
      if (withinSeconds === undefined) continue;
      results.push(judge(platformKey, kind, withinSeconds, own, doneAt, finished));
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
  withinSeconds: number,
  cells: readonly ScoredCell[],
  doneAt: (cell: ScoredCell) => number | null,
  finished: boolean,
): ExpectationResult {
  const result = { platformKey, kind, withinMinutes: withinSeconds / 60 };
  const durations: number[] = [];
  let undone = 0;
  for (const cell of cells) {
    const at = doneAt(cell);
    if (at === null) undone++;
    else durations.push(Math.max(0, at - cell.createdAt));
  }
  if (durations.length === 0 || (finished && undone > 0)) {
    return { ...result, actualMinutes: null, met: false };
  }
  const slowest = durations.reduce((a, b) => Math.max(a, b), 0);
  // Compared in whole seconds, so a platform answering on the deadline meets it at any speed.
  return { ...result, actualMinutes: round2(slowest / 60), met: slowest <= withinSeconds };
}

const round2 = (minutes: number): number => Math.round(minutes * 100) / 100;
