import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  deliveryJob,
  deliveryParties,
  openCellDeadlineJobs,
  planJobs,
  withoutIdleDeliveries,
  type PlannedJob,
} from '@hub/domain';
import { EventFeed, HUB_RUNTIME, type HubRuntime } from '@hub/platform';
import { toEvent } from '@hub/persistence';
import { Client } from 'pg';
import { JobEnqueuer } from './job-enqueuer';

const LOCK_KEY = 72_011_401; // pg advisory lock: one relay at a time across all workers
const BATCH = 500;
const RECONCILE_EVERY_MS = 15_000;
/** Cells per reconciliation pass: a larger debt is paid over the next passes. */
const RECONCILE_LIMIT = 5_000;

/**
 * Follows the event log in commit order from a stored cursor and enqueues the jobs each event implies,
 * advancing the cursor only after enqueueing. Only the holder of an advisory lock relays; when it dies its
 * session ends, the lock frees and another worker takes over within a second or two.
 *
 * Commit order: a row is read only once every transaction older than it has finished
 * (`tx_id < pg_snapshot_xmin`), so a transaction that commits late is never skipped.
 *
 * Reconciliation: cells still waiting for their delivery, or past a deadline never checked, get their jobs
 * again (same ids, so this is a no-op while the jobs exist). It heals a queue store that lost its data; a
 * deadline check lost with it fires at most one reconciliation period late.
 */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('relay');
  private client?: Client;
  /** Where the relay stands in the log: (transaction id, event id) of the last event relayed. */
  private cursor?: { tx: string; id: string };
  private closing = false;
  private wake?: () => void;
  private offNotice?: () => void;
  private lastReconcile = 0;
  private running?: Promise<void>;

  constructor(
    @Inject(HUB_RUNTIME) private readonly runtime: HubRuntime,
    private readonly feed: EventFeed,
    private readonly enqueuer: JobEnqueuer,
  ) {}

  onApplicationBootstrap(): void {
    this.offNotice = this.feed.onNotice(() => this.wake?.());
    this.running = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.offNotice?.();
    this.wake?.();
    await this.running;
    await this.client?.end().catch(() => {});
  }

  get isLeader(): boolean {
    return this.client !== undefined;
  }

  private async loop(): Promise<void> {
    while (!this.closing) {
      try {
        if (!this.client && !(await this.lead())) {
          await this.sleep(1_000);
          continue;
        }
        if (Date.now() - this.lastReconcile > RECONCILE_EVERY_MS) await this.reconcile();
        const relayed = await this.pump();
        if (relayed < BATCH) await this.sleep(1_000);
      } catch (error) {
        this.logger.warn(`relay paused: ${(error as Error).message}`);
        await this.client?.end().catch(() => {});
        this.client = undefined;
        await this.sleep(1_000);
      }
    }
  }

  private async lead(): Promise<boolean> {
    const client = new Client({
      connectionString: this.runtime.databaseUrl,
      application_name: 'crisis-hub-relay',
    });
    client.on('error', () => {});
    await client.connect();
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEY]);
    if (!rows[0].locked) {
      await client.end();
      return false;
    }
    await client.query(
      `INSERT INTO relay_cursors (name, tx_id, event_id) VALUES ('jobs', '0', 0) ON CONFLICT (name) DO NOTHING`,
    );
    // Only the lock's holder writes the cursor: read it once, then keep it here.
    this.cursor = (
      await client.query(
        `SELECT tx_id::text AS tx, event_id::text AS id FROM relay_cursors WHERE name = 'jobs'`,
      )
    ).rows[0];
    this.client = client;
    this.lastReconcile = 0;
    this.logger.log('relaying the event log');
    return true;
  }

  /** One batch: read past the cursor, enqueue, then move the cursor. */
  async pump(): Promise<number> {
    const client = this.client!;
    const cursor = this.cursor!;
    const { rows } = await client.query(
      `SELECT e.*, e.tx_id::text AS tx FROM incident_events e
        WHERE (e.tx_id, e.id) > ($1::xid8, $2::bigint) AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.tx_id, e.id LIMIT ${BATCH}`,
      [cursor.tx, cursor.id],
    );
    if (rows.length === 0) return 0;
    const jobs = await this.withTargets(rows.flatMap((row) => planJobs(toEvent(row))));
    if (jobs.length) await this.enqueuer.enqueue(jobs);
    const last = rows[rows.length - 1];
    await client.query(
      `UPDATE relay_cursors SET tx_id = $1::xid8, event_id = $2, updated_at = now() WHERE name = 'jobs'`,
      [last.tx, last.id],
    );
    this.cursor = { tx: last.tx, id: String(last.id) };
    return rows.length;
  }

  /** The batch's jobs without the deliveries that would go nowhere (one lookup per batch). */
  private async withTargets(jobs: PlannedJob[]): Promise<PlannedJob[]> {
    const { incidentIds, platformKeys } = deliveryParties(jobs);
    if (incidentIds.length === 0) return jobs;
    const { rows } = await this.client!.query(
      `SELECT ARRAY(SELECT id::text FROM incidents WHERE id = ANY($1::uuid[]) AND mode = 'live') AS live,
              ARRAY(SELECT platform_key FROM organisations
                     WHERE platform_key = ANY($2::text[]) AND webhook_url IS NOT NULL) AS hooked`,
      [incidentIds, platformKeys],
    );
    return withoutIdleDeliveries(jobs, {
      liveIncidents: new Set(rows[0].live),
      platformsWithWebhook: new Set(rows[0].hooked),
    });
  }

  /**
   * Jobs again for every cell still owed its delivery, or past a deadline that was never checked (ids make
   * repeats no-ops). Only those: a cell merely waiting (no webhook, or a deadline still ahead) costs
   * nothing here, so a crisis with thousands of open cells does not pay for them every period. A lost
   * check of a deadline still ahead is found once that deadline has passed.
   */
  async reconcile(): Promise<PlannedJob[]> {
    this.lastReconcile = Date.now();
    const client = this.client!;
    const { rows } = await client.query(
      `WITH owed AS (
         SELECT c.*, i.mode,
                c.status = 'pending' AND (i.mode = 'exercise' OR o.webhook_url IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM deliveries d
                                   WHERE d.delivery_id = c.item_id::text || ':' || c.platform_key) AS needs_delivery
           FROM containment_cells c
           JOIN incidents i ON i.id = c.incident_id
           LEFT JOIN organisations o ON o.platform_key = c.platform_key
          WHERE i.status IN ('assessing', 'active', 'standing_down') AND c.acted_at IS NULL
            AND c.created_at < now() - interval '30 seconds')
       SELECT incident_id, item_id, platform_key, status, ack_due_at, action_due_at, acknowledged_at, paused_at,
              needs_delivery,
              CASE WHEN needs_delivery THEN
                (SELECT e.id FROM incident_events e
                  WHERE e.incident_id = owed.incident_id AND e.type = 'item.shared'
                    AND e.data ->> 'itemId' = owed.item_id::text LIMIT 1)
              END AS shared_event
         FROM owed
        WHERE needs_delivery
           OR (paused_at IS NULL AND overdue_count = 0
               AND ((acknowledged_at IS NULL AND ack_due_at < now()) OR action_due_at < now()))
        LIMIT ${RECONCILE_LIMIT}`,
    );
    const jobs: PlannedJob[] = [];
    for (const r of rows) {
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
    if (jobs.length) await this.enqueuer.enqueue(jobs);
    return jobs;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
