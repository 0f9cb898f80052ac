import type { DeliveryBatchJob } from '@hub/contracts';
import {
  batchDeliveries,
  laneKick,
  DEADLINE_HORIZON_MS,
  dueBy,
  planJobs,
  planMailJobs,
  withdrawnDeadlineChecks,
  withoutIdleDeliveries,
  type PlannedJob,
} from '@hub/domain';
import { toEvent, type PgRelayRepository, type RelayCursor } from '@hub/persistence';
import type { JobEnqueuer } from './job-enqueuer';

/**
 * The relay keeps deadline checks due a little past the horizon that the scheduling pass covers, so a
 * check dropped by one and not yet seen by the other cannot fall between them (clocks of the worker and
 * the database may differ by this much).
 */
const HORIZON_MARGIN_MS = 10_000;

/**
 * The pump of one leadership: reads the log past the cursor in commit order, enqueues the jobs each event
 * implies, then moves the cursor. The moved cursor is stored with the next read (or on `flush`), so a
 * relay that dies leaves its successor at most one batch to enqueue again, under the same job ids.
 */
export class RelayPump {
  /** The cursor moved since it was last stored: the next read stores it in the same statement. */
  private unsaved = false;
  /** When the last read began (ms since the epoch). */
  lastRead = 0;

  constructor(
    private readonly session: PgRelayRepository,
    private cursor: RelayCursor,
    private readonly enqueuer: JobEnqueuer,
  ) {}

  /**
   * One batch; answers how many events it relayed. Deliveries that would go nowhere (a live incident's
   * platform without a webhook) are left out, and first deadline checks beyond the horizon are left to
   * the scheduling pass. Checks an update has made pointless are withdrawn.
   */
  async pump(): Promise<number> {
    this.lastRead = Date.now();
    const read = await this.session.eventsAfter(this.cursor, this.unsaved);
    this.unsaved = false;
    if (read.length === 0) return 0;
    const last = read[read.length - 1];
    const cursor = { tx: last.tx_id, id: String(last.id) };
    // Commit order by transaction id is not an incident's order: a transaction that began first may take
    // the incident's lock (and its next seq) second. Event ids are taken under that lock, in seq order.
    const rows = [...read].sort((a, b) => compareIds(a.id, b.id));
    const events = rows.map(toEvent);
    const platformsWithWebhook = new Set(rows[0].hooked);
    const liveIncidents = new Set(rows.filter((r) => r.incident_mode === 'live').map((r) => r.incident_id));
    // Every delivery goes to its platform's webhook lane (one POST per event, or batches for a platform
    // that asks for them), in the order of the incidents' logs.
    const context = { banked: rows[0].banked };
    const deliveries = withoutIdleDeliveries(
      events.flatMap((event) => planJobs(event, context)),
      {
        liveIncidents,
        platformsWithWebhook,
      },
    );
    const everyPlatform = new Set(
      deliveries.flatMap((j) => (j.queue === 'deliveries' ? [j.data.platformKey] : [])),
    );
    const planned = batchDeliveries(deliveries, {
      liveIncidents,
      live: everyPlatform,
      exercise: everyPlatform,
    });
    const mailWindow = this.enqueuer.mailWindowMs;
    if (mailWindow) {
      // Every event of one window names the same batch: enqueue it once.
      const mail = new Map<string, PlannedJob>();
      for (const [i, row] of rows.entries()) {
        const live = row.incident_mode === 'live';
        for (const job of planMailJobs(events[i], mailWindow, { live, platformsWithWebhook }))
          mail.set(job.id, job);
      }
      planned.push(...mail.values());
    }
    const due = dueBy(planned, new Date(Date.now() + DEADLINE_HORIZON_MS + HORIZON_MARGIN_MS));
    const lanes = due.filter((j) => j.queue === 'webhookBatches');
    const jobs = due.filter((j) => j.queue !== 'webhookBatches');
    // One push to the peers for a read that touched a shared incident: it sends all they lack.
    if (rows.some((r) => r.incident_shared))
      jobs.push({ queue: 'federation', id: `fed_${last.id}`, data: { eventId: String(last.id) } });
    if (jobs.length) await this.enqueuer.enqueue(jobs);
    // After enqueueing: a check planned earlier in this batch is withdrawn by a later acknowledgement.
    const withdrawn = events.flatMap(withdrawnDeadlineChecks);
    if (withdrawn.length) await this.enqueuer.withdraw('deadlines', withdrawn);
    this.cursor = cursor;
    this.unsaved = true;
    if (lanes.length) await this.queueToLanes(lanes);
    return rows.length;
  }

  /**
   * Deliveries to platforms that batch go to their webhook lanes (in the statement that stores the cursor,
   * after every other job of the read is enqueued), then each lane is kicked. A kick lost in a crash here
   * is made again by the reconciler.
   */
  private async queueToLanes(planned: PlannedJob[]): Promise<void> {
    const deliveries = planned.flatMap((j) => {
      const batch = j.data as DeliveryBatchJob;
      return batch.deliveries.map((d) => ({ ...d, mode: batch.mode }));
    });
    const lastPlace = await this.session.queueToLanes(deliveries, this.cursor);
    this.unsaved = false;
    const kicks = new Map<string, PlannedJob>();
    for (const { platformKey, mode } of deliveries)
      kicks.set(`${mode}:${platformKey}`, laneKick({ platformKey, mode }, `q${lastPlace}`));
    await this.enqueuer.enqueue([...kicks.values()]);
  }

  /** Stores a cursor moved since the last read (at shutdown). */
  async flush(): Promise<void> {
    if (!this.unsaved) return;
    await this.session.saveCursor(this.cursor);
    this.unsaved = false;
  }
}

const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
