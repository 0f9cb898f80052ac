import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  DEADLINE_HORIZON_MS,
  deadlineJobs,
  deliveryJob,
  dueBy,
  openCellDeadlineJobs,
  planJobs,
  withoutIdleDeliveries,
  type PlannedJob,
} from '@hub/domain';
import { EventFeed, HUB_RUNTIME, type HubRuntime } from '@hub/platform';
import { toEvent } from '@hub/persistence';
import { Client } from 'pg';
import { JobEnqueuer } from './job-enqueuer';

/** Writes the stored cursor: $1 the transaction id, $2 the event id. */
const SAVE_CURSOR = `UPDATE relay_cursors SET tx_id = $1::xid8, event_id = $2, updated_at = now() WHERE name = 'jobs'`;
const LOCK_KEY = 72_011_401; // pg advisory lock: one relay at a time across all workers
const BATCH = 500;
const RECONCILE_EVERY_MS = 15_000;
/** Cells per reconciliation pass: a larger debt is paid over the next passes. */
const RECONCILE_LIMIT = 5_000;
/**
 * After a commit notice, how long the relay lets further commits gather before reading: under a burst of
 * shares one read and one enqueue serve several of them instead of one each.
 */
const GATHER_MS = 10;
/**
 * Under a steady flow of commits, reads at most this often: each read costs the database and this process
 * about what a share costs them, and a job enqueued up to this much later is still early for any deadline.
 */
const MIN_READ_INTERVAL_MS = 50;
/**
 * The relay keeps deadline checks due a little past the horizon that the scheduling pass covers, so a
 * check dropped by one and not yet seen by the other cannot fall between them (clocks of the worker and
 * the database may differ by this much).
 */
const HORIZON_MARGIN_MS = 10_000;
/** Cells per scheduling read; a larger set is read in further pages within the same pass. */
const SCHEDULE_PAGE = 5_000;

/** A first deadline check the scheduling pass may enqueue: a cell's acknowledgement or action, when due. */
interface DueCheckRow {
  incident_id: string;
  item_id: string;
  platform_key: string;
  kind: 'ack' | 'act';
  due: Date;
}

/**
 * Follows the event log in commit order from a stored cursor and enqueues the jobs each event implies,
 * advancing the cursor only after enqueueing; the stored cursor is written with the next read, so a
 * relay that dies leaves its successor at most one batch to enqueue again (under the same job ids). Only
 * the holder of an advisory lock relays; when it dies its session ends, the lock frees and another worker
 * takes over within a second or two.
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
  /** The cursor moved since it was last written: the next read writes it in the same statement. */
  private unsaved = false;
  private closing = false;
  /** A commit was announced since the last read began: the loop reads again without sleeping. */
  private noticed = false;
  private lastRead = 0;
  private wake?: () => void;
  private offNotice?: () => void;
  private lastReconcile = 0;
  /** Due times up to which the scheduling pass has enqueued first deadline checks (none yet after leading). */
  private scheduledUntil: Date | null = null;
  private running?: Promise<void>;

  constructor(
    @Inject(HUB_RUNTIME) private readonly runtime: HubRuntime,
    private readonly feed: EventFeed,
    private readonly enqueuer: JobEnqueuer,
  ) {}

  onApplicationBootstrap(): void {
    this.offNotice = this.feed.onNotice(() => {
      this.noticed = true;
      this.wake?.();
    });
    this.running = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.offNotice?.();
    this.wake?.();
    await this.running;
    if (this.client && this.unsaved) await this.saveCursor().catch(() => {});
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
        if (Date.now() - this.lastReconcile > RECONCILE_EVERY_MS) {
          await this.reconcile();
          await this.scheduleDeadlines();
        }
        this.noticed = false;
        const relayed = await this.pump();
        if (relayed < BATCH) {
          if (!this.noticed) await this.sleep(1_000);
          if (this.noticed) {
            const gather = Math.max(GATHER_MS, this.lastRead + MIN_READ_INTERVAL_MS - Date.now());
            await new Promise((resolve) => setTimeout(resolve, gather));
          }
        }
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
    // This session writes only the cursor, with most batches. A cursor write lost in a crash of the
    // database server costs no more than a failover (the jobs again, under the same ids), so its commit
    // need not wait for the WAL to reach the disk, nor make the shares' commits wait behind it.
    await client.query('SET synchronous_commit = off');
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
    this.unsaved = false;
    this.lastReconcile = 0;
    this.scheduledUntil = null;
    this.logger.log('relaying the event log');
    return true;
  }

  /**
   * One batch: read past the cursor, enqueue, then move the cursor. One statement a batch: it also writes
   * the cursor the previous batch moved, and tells which incidents are live and which platforms have a
   * webhook (a delivery to a live incident's platform without one would go nowhere).
   */
  async pump(): Promise<number> {
    const client = this.client!;
    const cursor = this.cursor!;
    this.lastRead = Date.now();
    // Prepared on this connection once: planning it cost the database more than running it.
    const { rows } = await client.query({
      name: 'relay-pump',
      text: `WITH saved AS (${SAVE_CURSOR} AND $3::boolean)
       SELECT e.*, e.tx_id::text AS tx, i.mode AS incident_mode,
              ARRAY(SELECT platform_key FROM organisations
                     WHERE platform_key IS NOT NULL AND webhook_url IS NOT NULL) AS hooked
         FROM incident_events e JOIN incidents i ON i.id = e.incident_id
        WHERE (e.tx_id, e.id) > ($1::xid8, $2::bigint) AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.tx_id, e.id LIMIT ${BATCH}`,
      values: [cursor.tx, cursor.id, this.unsaved],
    });
    this.unsaved = false;
    if (rows.length === 0) return 0;
    const planned = withoutIdleDeliveries(
      rows.flatMap((row) => planJobs(toEvent(row))),
      {
        liveIncidents: new Set(rows.filter((r) => r.incident_mode === 'live').map((r) => r.incident_id)),
        platformsWithWebhook: new Set(rows[0].hooked),
      },
    );
    const jobs = dueBy(planned, new Date(Date.now() + DEADLINE_HORIZON_MS + HORIZON_MARGIN_MS));
    if (jobs.length) await this.enqueuer.enqueue(jobs);
    const last = rows[rows.length - 1];
    this.cursor = { tx: last.tx, id: String(last.id) };
    this.unsaved = true;
    return rows.length;
  }

  private async saveCursor(): Promise<void> {
    await this.client!.query(SAVE_CURSOR, [this.cursor!.tx, this.cursor!.id]);
    this.unsaved = false;
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

  /**
   * Enqueues the first checks of the deadlines that have come within the horizon since the last pass (all
   * of them, past ones included, after taking the lead, or `from` null). The relay left them in the
   * database when their cells were created; ids are the relay's, so a check already on the queue is not
   * added twice.
   */
  async scheduleDeadlines(from: Date | null = this.scheduledUntil): Promise<PlannedJob[]> {
    const client = this.client!;
    const { rows: horizon } = await client.query(
      `SELECT now() + make_interval(secs => $1::double precision / 1000) AS until`,
      [DEADLINE_HORIZON_MS],
    );
    const until: Date = horizon[0].until;
    const scheduled: PlannedJob[] = [];
    // Keyset of the last check read: (due, item, platform, kind), or nulls before the first page.
    let after: unknown[] = [null, null, null, null];
    for (;;) {
      // Each kind on its own: an action still owed keeps its check when the acknowledgement went overdue.
      const { rows } = await client.query<DueCheckRow>(
        `WITH due AS (
           SELECT c.incident_id, c.item_id, c.platform_key, k.kind, k.due
             FROM containment_cells c JOIN incidents i ON i.id = c.incident_id
            CROSS JOIN LATERAL (VALUES ('ack', CASE WHEN c.acknowledged_at IS NULL THEN c.ack_due_at END),
                                       ('act', c.action_due_at)) AS k(kind, due)
            WHERE i.status IN ('assessing', 'active', 'standing_down')
              AND c.acted_at IS NULL AND c.paused_at IS NULL AND k.due IS NOT NULL)
         SELECT * FROM due
          WHERE due <= $2 AND ($1::timestamptz IS NULL OR due >= $1)
            AND ($3::timestamptz IS NULL OR (due, item_id, platform_key, kind) > ($3, $4::uuid, $5::text, $6::text))
          ORDER BY due, item_id, platform_key, kind LIMIT ${SCHEDULE_PAGE}`,
        [from, until, ...after],
      );
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
      const last = rows[rows.length - 1];
      after = [last.due, last.item_id, last.platform_key, last.kind];
    }
    // The next pass starts where this one's horizon ended (inclusive: a check repeated there is a no-op).
    this.scheduledUntil = until;
    return scheduled;
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
