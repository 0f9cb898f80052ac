import { CELL_STATUSES, type CellStatus, type PlatformContainmentView } from '@hub/contracts';
import type { CellRecord } from './incident.model';
import { percentile } from './percentile';
import { isCellOverdue } from './incident.views';

const minutesBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 60_000;

/** A deadline verdict: kept, missed, or not yet judged (still ahead, or its clock paused). */
export type DeadlineVerdict = 'yes' | 'no' | 'open';

/** How a cell did against one deadline; null where it had none. The summary and the report both judge so. */
export function deadlineVerdict(
  due: Date | null,
  done: Date | null,
  paused: boolean,
  now: Date,
): DeadlineVerdict | null {
  if (!due) return null;
  if (done) return done <= due ? 'yes' : 'no';
  return due <= now && !paused ? 'no' : 'open';
}

/** Minutes shown to a tenth. */
const percentileMinutes = (values: number[], p: number): number | null => {
  const value = percentile(values, p);
  return value === null ? null : Math.round(value * 10) / 10;
};

/**
 * Per platform: counts per status, minutes to acknowledge and to act (median, p90), cells overdue now,
 * and the share of judged cells that met every deadline they had (open cells not yet due are not judged).
 */
export function summariseContainment(
  cells: CellRecord[],
  platforms: string[],
  now: Date,
): PlatformContainmentView[] {
  const keys = [...new Set([...platforms, ...cells.map((c) => c.platformKey)])].sort();
  return keys.map((platformKey) => {
    const mine = cells.filter((c) => c.platformKey === platformKey);
    const counts = Object.fromEntries(CELL_STATUSES.map((s) => [s, 0])) as Record<CellStatus, number>;
    const ack: number[] = [];
    const act: number[] = [];
    let overdue = 0;
    let judged = 0;
    let met = 0;
    for (const cell of mine) {
      counts[cell.status] += 1;
      if (cell.acknowledgedAt) ack.push(minutesBetween(cell.createdAt, cell.acknowledgedAt));
      if (cell.actedAt) act.push(minutesBetween(cell.createdAt, cell.actedAt));
      if (isCellOverdue(cell, now)) overdue += 1;
      const paused = cell.pausedAt !== null;
      const verdicts = [
        deadlineVerdict(cell.ackDueAt, cell.acknowledgedAt, paused, now),
        deadlineVerdict(cell.actionDueAt, cell.actedAt, paused, now),
      ].filter((v) => v === 'yes' || v === 'no');
      if (verdicts.length) {
        judged += 1;
        if (verdicts.every((v) => v === 'yes')) met += 1;
      }
    }
    return {
      platformKey,
      counts,
      total: mine.length,
      ackMinutes: { median: percentileMinutes(ack, 50), p90: percentileMinutes(ack, 90) },
      actMinutes: { median: percentileMinutes(act, 50), p90: percentileMinutes(act, 90) },
      overdue,
      withinDeadlineShare: judged ? Math.round((met / judged) * 1000) / 1000 : null,
    };
  });
}
