import 'reflect-metadata';
import type { CellRecord } from '../incidents/incident.model';
import { buildReport } from './report.builder';
import { reportFixture } from '@hub/testing';
import { renderMarkdown } from './report.render';

const { CELLS, EXERCISE, NOW, reportInput, T0 } = reportFixture;

/** The fixture's containment played at `speed`: every wall moment `speed` times closer to T0. */
const fast = (d: Date, speed: number): Date => new Date(T0.getTime() + (d.getTime() - T0.getTime()) / speed);
const shrink = (d: Date | null, speed: number): Date | null => (d ? fast(d, speed) : null);
const cellsAt = (speed: number): CellRecord[] =>
  CELLS.map((c) => ({
    ...c,
    createdAt: fast(c.createdAt, speed),
    updatedAt: fast(c.updatedAt, speed),
    notifiedAt: shrink(c.notifiedAt, speed),
    ackDueAt: shrink(c.ackDueAt, speed),
    actionDueAt: shrink(c.actionDueAt, speed),
    acknowledgedAt: shrink(c.acknowledgedAt, speed),
    actedAt: shrink(c.actedAt, speed),
    pausedAt: shrink(c.pausedAt, speed),
  }));

describe('an exercise report measures its containment on the exercise clock', () => {
  const clock = { speed: 600, startedAt: T0, pausedAt: null, pausedMs: 0 };
  const live = buildReport(reportInput({ exercise: { ...EXERCISE, speed: 1 } }));
  const exercise = buildReport(
    reportInput({
      cells: cellsAt(600),
      now: fast(NOW, 600),
      exercise: { ...EXERCISE, speed: 600, clock },
    }),
  );

  it('gives at 600× the deadlines, minutes and verdicts the same script gives at 1× (scenario time)', () => {
    expect(exercise.containment.clock).toBe('exercise');
    expect(exercise.containment.ackDeadlineMinutes).toBe(15);
    const figures = (r: typeof live) => ({
      ackDeadlineMinutes: r.containment.ackDeadlineMinutes,
      platforms: r.containment.platforms,
      acknowledgedVia: r.containment.acknowledgedVia,
      rows: r.containment.rows,
    });
    expect(figures(exercise)).toEqual(figures(live));
  });

  it('says so in the document, and keeps the clock out of the report', () => {
    const md = renderMarkdown(exercise);
    expect(md).toContain('Acknowledgement deadline at this level: 15 min.');
    expect(md).toContain('scenario time at 600×');
    expect(JSON.stringify(exercise.exercise)).not.toContain('pausedMs');
  });
});
