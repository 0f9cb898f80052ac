import { deliveryJob, laneKick, openCellDeadlineJobs, type PlannedJob } from '@hub/domain';
import type { PgRelayRepository } from '@hub/persistence';
import type { JobEnqueuer } from './job-enqueuer';

const RECONCILE_EVERY_MS = 15_000;
/** Cells per reconciliation pass: a larger debt is paid over the next passes. */
const RECONCILE_LIMIT = 5_000;

/**
 * Reconciliation: cells still waiting for their delivery, or past a deadline never checked, get their jobs
 * again (same ids, so this is a no-op while the jobs exist). It heals a queue store that lost its data; a
 * deadline check lost with it fires at most one reconciliation period late.
 */
export class RelayReconciler {
  private lastPass = 0;

  constructor(
    private readonly session: PgRelayRepository,
    private readonly enqueuer: JobEnqueuer,
  ) {}

  /** A period has passed since the last pass (or none was made in this leadership). */
  get due(): boolean {
    return Date.now() - this.lastPass > RECONCILE_EVERY_MS;
  }

  /**
   * Jobs again for every cell still owed its delivery, or past a deadline that was never checked (ids make
   * repeats no-ops). Only those: a cell merely waiting (no webhook, or a deadline still ahead) costs
   * nothing here, so a crisis with thousands of open cells does not pay for them every period. A lost
   * check of a deadline still ahead is found once that deadline has passed.
   */
  async reconcile(): Promise<PlannedJob[]> {
    this.lastPass = Date.now();
    const jobs: PlannedJob[] = [];
    for (const r of await this.session.owedCells(RECONCILE_LIMIT)) {
      if (r.needs_delivery) {
        jobs.push(
          deliveryJob({
            eventId: String(r.shared_event ?? `${r.item_id}:${r.platform_key}`),
            incidentId: r.incident_id,
            itemId: r.item_id,
            platformKey: r.platform_key,
            reason: 'item',
          }),
        );
      }
      jobs.push(
        ...openCellDeadlineJobs(r.incident_id, {
          itemId: r.item_id,
          platformKey: r.platform_key,
          ackDueAt: r.ack_due_at,
          actionDueAt: r.action_due_at,
          acknowledgedAt: r.acknowledged_at,
          actedAt: null, // reconciliation selects cells not yet acted on
          pausedAt: r.paused_at,
        }),
      );
    }
    // Lanes with deliveries waiting get a kick: one a lost queue store took with it is made again (a lane
    // taken or held ignores it).
    const pass = Date.now();
    for (const lane of await this.session.waitingLanes())
      jobs.push(laneKick({ platformKey: lane.platform_key, mode: lane.mode }, `c${pass}`));
    if (jobs.length) await this.enqueuer.enqueue(jobs);
    return jobs;
  }
}
