import { DEADLINE_HORIZON_MS, deadlineJobs, type PlannedJob } from '@hub/domain';
import type { DueCheckKey, PgRelayRepository } from '@hub/persistence';
import type { JobEnqueuer } from './job-enqueuer';

/** Checks per scheduling read; a larger set is read in further pages within the same pass. */
const SCHEDULE_PAGE = 5_000;

/**
 * The deadline scheduler: the pump leaves first deadline checks due beyond the horizon in the database
 * (their cells hold the due times); each pass enqueues those that have come within the horizon since the
 * last one. Ids are the relay's, so a check already on the queue is not added twice.
 */
export class DeadlineScheduler {
  /** Due times up to which first checks have been enqueued (none yet in this leadership). */
  private scheduledUntil: Date | null = null;

  constructor(
    private readonly session: PgRelayRepository,
    private readonly enqueuer: JobEnqueuer,
  ) {}

  /**
   * Enqueues the first checks of the deadlines that have come within the horizon since the last pass (all
   * of them, past ones included, on the first pass of a leadership, or with `from` null).
   */
  async schedule(from: Date | null = this.scheduledUntil): Promise<PlannedJob[]> {
    const until = await this.session.horizon(DEADLINE_HORIZON_MS);
    const scheduled: PlannedJob[] = [];
    let after: DueCheckKey | null = null;
    for (;;) {
      const rows = await this.session.dueChecks({ from, until }, after, SCHEDULE_PAGE);
      const jobs = rows.flatMap((r) =>
        deadlineJobs(r.incident_id, r.item_id, {
          platformKey: r.platform_key,
          ackDueAt: r.kind === 'ack' ? r.due.toISOString() : null,
          actionDueAt: r.kind === 'act' ? r.due.toISOString() : null,
        }),
      );
      if (jobs.length) await this.enqueuer.enqueue(jobs);
      scheduled.push(...jobs);
      if (rows.length < SCHEDULE_PAGE) break;
      after = rows[rows.length - 1];
    }
    // The next pass starts where this one's horizon ended (inclusive: a check repeated there is a no-op).
    this.scheduledUntil = until;
    return scheduled;
  }
}
