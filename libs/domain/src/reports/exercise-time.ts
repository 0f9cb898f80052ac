import { scenarioSecondAt, type ClockState } from '../exercises/exercise.clock';
import type { CellRecord } from '../incidents/incident.model';

/**
 * An exercise's cells and `now` moved onto the run's clock, so every figure of its report (deadlines,
 * minutes, verdicts, overdue counts) is in scenario time, as its score is: at 600× a 15-minute deadline is
 * 1.5 s of wall time, which a report in wall time showed as "0 min" and judged unlike the score.
 *
 * Each moment becomes the date at which scenario time reaches it (scenario time 0 is the run's
 * `startedAt`), to the whole second as the score reads it (`scenarioSecondAt`); a deadline keeps its
 * protocol length from its cell's creation (a wall span × speed), so a platform answering on the deadline
 * meets it here as it does in the score.
 */
export function onExerciseClock(
  cells: readonly CellRecord[],
  now: Date,
  clock: ClockState,
): { cells: CellRecord[]; now: Date } {
  const origin = clock.startedAt.getTime();
  const at = (wall: Date): Date => new Date(origin + scenarioSecondAt(clock, wall) * 1000);
  const maybe = (wall: Date | null): Date | null => (wall ? at(wall) : null);
  return {
    now: at(now),
    cells: cells.map((cell) => {
      const created = at(cell.createdAt);
      const due = (wall: Date | null): Date | null =>
        wall
          ? new Date(
              created.getTime() +
                Math.round(((wall.getTime() - cell.createdAt.getTime()) * clock.speed) / 1000) * 1000,
            )
          : null;
      return {
        ...cell,
        createdAt: created,
        ackDueAt: due(cell.ackDueAt),
        actionDueAt: due(cell.actionDueAt),
        notifiedAt: maybe(cell.notifiedAt),
        acknowledgedAt: maybe(cell.acknowledgedAt),
        actedAt: maybe(cell.actedAt),
        pausedAt: maybe(cell.pausedAt),
        updatedAt: at(cell.updatedAt),
      };
    }),
  };
}
