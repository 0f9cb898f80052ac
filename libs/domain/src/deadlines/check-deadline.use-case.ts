import type { DeadlineJob } from '@hub/contracts';
import { isOpenForWork } from '../incidents';
import type { Clock } from '../core/clock';
import type { IncidentStore } from '../incidents/incident.ports';

export type DeadlineOutcome = 'overdue' | 'met' | 'moved' | 'skipped';

/**
 * A deadline job fires at its due time and re-reads the cell. Still open, with the same due time:
 * `containment.overdue` (the relay then re-notifies the platform and schedules the next reminder).
 * Met, moved (a paused clock or a new level) or gone: nothing.
 */
export class CheckDeadlineUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly clock: Clock,
    private readonly repeatMinutes: number,
  ) {}

  async execute(job: DeadlineJob): Promise<DeadlineOutcome> {
    if (!(await this.incidents.find(job.incidentId))) return 'skipped';
    return this.incidents.withIncident(job.incidentId, async (tx) => {
      if (!isOpenForWork(tx.incident.status)) return 'skipped';
      // A paused exercise: on resume its open deadlines move later and are scheduled again.
      if (tx.incident.clockPaused) return 'moved';
      const cell = await tx.lockCell(job.itemId, job.platformKey);
      if (!cell) return 'skipped';
      const due = job.kind === 'ack' ? cell.ackDueAt : cell.actionDueAt;
      const done = job.kind === 'ack' ? cell.acknowledgedAt : cell.actedAt;
      if (done) return 'met';
      if (cell.pausedAt || !due || due.toISOString() !== new Date(job.dueAt).toISOString()) return 'moved';
      const now = this.clock.now();
      await tx.saveCell({ ...cell, overdueCount: cell.overdueCount + 1, updatedAt: cell.updatedAt });
      await tx.append([
        {
          type: 'containment.overdue',
          actor: { memberId: null, organisationId: null },
          data: {
            itemId: cell.itemId,
            platformKey: cell.platformKey,
            kind: job.kind,
            dueAt: due.toISOString(),
            status: cell.status,
            repeat: job.repeat,
            minutesLate: Math.round((now.getTime() - due.getTime()) / 60_000),
            nextAt: new Date(now.getTime() + this.repeatMinutes * 60_000).toISOString(),
          },
        },
      ]);
      return 'overdue';
    });
  }
}
