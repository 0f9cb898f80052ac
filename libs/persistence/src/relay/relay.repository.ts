import { Client } from 'pg';
import type { CellRow } from '../incidents/incident.rows';
import type { EventRow } from '../events/event.rows';
import type { RelayCursorRow } from './relay.rows';
import { pushToLanes, type LaneDelivery } from '../deliveries/webhook-lanes.repository';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

/** Where the relay stands in the log: (transaction id, event id) of the last event relayed. */
export interface RelayCursor {
  tx: string;
  id: string;
}

/** Events read per batch (fixed in the prepared statement's text, so its plan stays one). */
export const RELAY_BATCH = 500;

/** An `incident_events` row past the cursor, with what the relay needs to plan its jobs. */
export type RelayEventRow = Omit<EventRow, 'digest'> & {
  incident_mode: 'live' | 'exercise';
  /** Platforms with a webhook (the same on every row of a batch). */
  hooked: string[];
  /** The incident may leave this hub, or came from another: peers may be owed this event. */
  incident_shared: boolean;
  /** The hub holds a hash bank (the same on every row of a batch). */
  banked: boolean;
};

/** A cell of a running incident, not acted on, that may have lost its delivery or a deadline check. */
export type OwedCellRow = Pick<
  CellRow,
  | 'incident_id'
  | 'item_id'
  | 'platform_key'
  | 'status'
  | 'ack_due_at'
  | 'action_due_at'
  | 'acknowledged_at'
  | 'paused_at'
> & {
  needs_delivery: boolean;
  /** The `item.shared` event of the item, when a delivery is owed. */
  shared_event: string | null;
};

/** A first deadline check the scheduling pass may enqueue: a cell's acknowledgement or action, when due. */
export type DueCheckRow = Pick<CellRow, 'incident_id' | 'item_id' | 'platform_key'> & {
  kind: 'ack' | 'act';
  due: Date;
};

/** Keyset of the last due check read: (due, item, platform, kind). */
export type DueCheckKey = Pick<DueCheckRow, 'due' | 'item_id' | 'platform_key' | 'kind'>;

const saveCursor = (cursor: RelayCursor): Sql =>
  sql`UPDATE relay_cursors SET tx_id = ${cursor.tx}::xid8, event_id = ${cursor.id}, updated_at = now()
       WHERE name = 'jobs'`;

/**
 * The relay's statements, on one dedicated connection: the session that holds the relay's advisory lock
 * (the lock lives and dies with it) and is the only writer of the stored cursor.
 */
export class PgRelayRepository {
  private readonly db: SqlClient;

  private constructor(private readonly session: Client) {
    this.db = SqlClient.onSession(session);
  }

  /** Opens the relay's own connection: not one of the pool's, since the lock must outlive every statement. */
  static async connect(databaseUrl: string): Promise<PgRelayRepository> {
    const session = new Client({ connectionString: databaseUrl, application_name: 'crisis-hub-relay' });
    session.on('error', () => {});
    await session.connect();
    return new PgRelayRepository(session);
  }

  async tryAdvisoryLock(key: number): Promise<boolean> {
    const row = await this.db.one(sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${key}) AS locked`);
    return row?.locked ?? false;
  }

  /**
   * This session writes only the cursor, with most batches. A cursor write lost in a crash of the
   * database server costs no more than a failover (the jobs again, under the same ids), so its commit
   * need not wait for the WAL to reach the disk, nor make the shares' commits wait behind it.
   */
  async commitWithoutFlush(): Promise<void> {
    await this.db.run(sql`SET synchronous_commit = off`);
  }

  /** The stored cursor, created at the log's start the first time. */
  async loadCursor(): Promise<RelayCursor> {
    await this.db.run(sql`
      INSERT INTO relay_cursors (name, tx_id, event_id) VALUES ('jobs', '0', 0) ON CONFLICT (name) DO NOTHING`);
    const row = await this.db.one(sql<Pick<RelayCursorRow, 'tx_id' | 'event_id'>>`
      SELECT tx_id::text AS tx_id, event_id::text AS event_id FROM relay_cursors WHERE name = 'jobs'`);
    if (!row) throw new Error('the relay cursor is missing');
    return { tx: row.tx_id, id: row.event_id };
  }

  /**
   * Up to `RELAY_BATCH` events past the cursor in commit order: a row is read only once every transaction
   * older than it has finished (`tx_id < pg_snapshot_xmin`), so one that commits late is never skipped.
   * Nor is an incident's event read before an earlier one of the same incident: transaction ids are taken
   * at a transaction's first write, its `seq` later under the incident's lock, so a transaction with an
   * older id can hold a later `seq`; while a third transaction, begun between the two, still runs, only the
   * older id is readable. The read then ends before any event whose incident has an earlier one that it
   * would leave unread (not yet readable, past the read's limit, or past the read's new end), and takes
   * both together later, in `seq` order; a read cut by its limit takes at least its first row, so that a
   * flood's relay never stands still.
   * With `save`, the same statement first stores the cursor (the previous batch's move).
   */
  eventsAfter(cursor: RelayCursor, save: boolean): Promise<RelayEventRow[]> {
    // Prepared on this connection once: planning it cost the database more than running it.
    return this.db.rows(
      sql<RelayEventRow>`
        WITH saved AS (${saveCursor(cursor)} AND ${save}::boolean),
        horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
        readable AS MATERIALIZED (
          SELECT e.* FROM incident_events e
           WHERE (e.tx_id, e.id) > (${cursor.tx}::xid8, ${cursor.id}::bigint)
             AND e.tx_id < (SELECT xmin FROM horizon)
           ORDER BY e.tx_id, e.id
           LIMIT ${sql.raw(String(RELAY_BATCH))}),
        reach AS MATERIALIZED (
          -- Where the read ends: its last row when its limit cut it, else the horizon.
          SELECT coalesce(l.tx_id, h.xmin) AS tx_id, coalesce(l.id, 0) AS id
            FROM horizon h LEFT JOIN LATERAL (
              SELECT r.tx_id, r.id FROM readable r
               WHERE (SELECT count(*) FROM readable) = ${sql.raw(String(RELAY_BATCH))}
               ORDER BY r.tx_id DESC, r.id DESC LIMIT 1) l ON true),
        unread AS (
          -- Each incident's first event beyond the read (few: the transactions of the last moments).
          SELECT e.incident_id, min(e.seq) AS seq FROM incident_events e
           WHERE (e.tx_id, e.id) > (SELECT tx_id, id FROM reach)
           GROUP BY e.incident_id),
        placed AS MATERIALIZED (
          SELECT r.*, row_number() OVER (ORDER BY r.tx_id, r.id) AS place,
                 count(*) OVER () AS taken FROM readable r),
        spans AS MATERIALIZED (
          -- Places the read may not end at: from an event to the furthest place of an earlier seq of its
          -- incident (the read's end and beyond when that one is unread).
          SELECT x.place AS first, x.needs - 1 AS last FROM (
            SELECT p.place, CASE WHEN u.seq < p.seq THEN p.taken + 1
                                 ELSE max(p.place) OVER (PARTITION BY p.incident_id ORDER BY p.seq
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END AS needs
              FROM placed p LEFT JOIN unread u ON u.incident_id = p.incident_id) x
           WHERE x.needs > x.place),
        ends AS (
          -- The furthest place the read may end at; a read its limit cut takes at least its first row, so
          -- that an earlier event more than a read away cannot stop the relay (as it read before, then).
          SELECT CASE WHEN e.ends = 0 AND (SELECT count(*) FROM readable) = ${sql.raw(String(RELAY_BATCH))}
                      THEN 1 ELSE e.ends END AS place
            FROM (SELECT coalesce(max(c.place), 0) AS ends FROM (
                    SELECT count(*) AS place FROM readable UNION SELECT first - 1 FROM spans) c
                   WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE c.place BETWEEN s.first AND s.last)) e)
        SELECT e.id, e.incident_id, e.seq, e.type, e.actor_member_id, e.actor_organisation_id, e.data, e.at,
               e.prev_hash, e.hash, e.tx_id::text AS tx_id, i.mode AS incident_mode,
               (i.distribution <> 'hub' OR i.origin_hub IS NOT NULL) AS incident_shared,
               ARRAY(SELECT platform_key FROM organisations
                      WHERE platform_key IS NOT NULL AND webhook_url IS NOT NULL) AS hooked,
               EXISTS (SELECT 1 FROM banks) AS banked
          FROM placed e JOIN incidents i ON i.id = e.incident_id
         WHERE e.place <= (SELECT place FROM ends)
         ORDER BY e.tx_id, e.id`.prepared('relay-pump'),
    );
  }

  /**
   * Deliveries appended to their webhook lanes in the statement that moves the cursor past the events they
   * come from, so each is queued once however often a read is replayed; answers the last place taken.
   */
  async queueToLanes(deliveries: LaneDelivery[], cursor: RelayCursor): Promise<string | null> {
    const rows = await this.db.rows(sql<{ id: string }>`
      WITH saved AS (${saveCursor(cursor)}) ${pushToLanes(deliveries)}`);
    return rows.length ? rows[rows.length - 1].id : null;
  }

  /** Webhook lanes with deliveries waiting: the reconciler kicks them (a kick lost with the queue store). */
  waitingLanes(): Promise<{ platform_key: string; mode: 'live' | 'exercise' }[]> {
    return this.db.rows(sql<{ platform_key: string; mode: 'live' | 'exercise' }>`
      SELECT DISTINCT platform_key, mode FROM webhook_outbox`);
  }

  async saveCursor(cursor: RelayCursor): Promise<void> {
    await this.db.run(saveCursor(cursor));
  }

  /**
   * Cells of running incidents, not acted on and older than a grace period, that are owed their delivery
   * (none recorded, and a webhook or an exercise to deliver to) or are past a deadline never checked.
   */
  owedCells(limit: number): Promise<OwedCellRow[]> {
    return this.db.rows(sql<OwedCellRow>`
      WITH owed AS (
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
       LIMIT ${limit}`);
  }

  /** The database's clock `aheadMs` from now: the end of the deadline scheduling horizon. */
  async horizon(aheadMs: number): Promise<Date> {
    const row = await this.db.one(sql<{ until: Date }>`
      SELECT now() + make_interval(secs => ${aheadMs}::double precision / 1000) AS until`);
    if (!row) throw new Error('the database answered no time');
    return row.until;
  }

  /**
   * First deadline checks of running incidents' open, unpaused cells due in [from, until] (from the log's
   * start when `from` is null), in due order, after the keyset `after`. Each kind on its own: an action
   * still owed keeps its check when the acknowledgement went overdue.
   */
  dueChecks(
    window: { from: Date | null; until: Date },
    after: DueCheckKey | null,
    limit: number,
  ): Promise<DueCheckRow[]> {
    const from = sql`${window.from}::timestamptz`;
    const afterKey = after
      ? sql`AND (due, item_id, platform_key, kind)
              > (${after.due}::timestamptz, ${after.item_id}::uuid, ${after.platform_key}::text, ${after.kind}::text)`
      : sql.empty;
    return this.db.rows(sql<DueCheckRow>`
      WITH due AS (
        SELECT c.incident_id, c.item_id, c.platform_key, k.kind, k.due
          FROM containment_cells c JOIN incidents i ON i.id = c.incident_id
         CROSS JOIN LATERAL (VALUES ('ack', CASE WHEN c.acknowledged_at IS NULL THEN c.ack_due_at END),
                                    ('act', c.action_due_at)) AS k(kind, due)
         WHERE i.status IN ('assessing', 'active', 'standing_down')
           AND c.acted_at IS NULL AND c.paused_at IS NULL AND k.due IS NOT NULL)
      SELECT * FROM due
       WHERE due <= ${window.until} AND (${from} IS NULL OR due >= ${from})
         ${afterKey}
       ORDER BY due, item_id, platform_key, kind
       LIMIT ${limit}`);
  }

  async close(): Promise<void> {
    await this.session.end().catch(() => {});
  }
}
