import type { DeliveryJob } from '@hub/contracts';
import type { LaneEntry, LaneKey, WebhookLanes } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

/** A row of `webhook_outbox`: a delivery waiting in its lane. */
export interface WebhookOutboxRow {
  id: string;
  platform_key: string;
  mode: 'live' | 'exercise';
  incident_id: string;
  item_id: string;
  event_id: string;
  reason: DeliveryJob['reason'];
}

export type LaneDelivery = DeliveryJob & { mode: LaneKey['mode'] };

/**
 * Deliveries appended to their lanes in the given order (the outbox's ids follow it); with `onlyNew`, a
 * delivery already waiting in its lane (the same event to the same cell) is not appended again.
 */
export function pushToLanes(deliveries: LaneDelivery[], onlyNew = false): Sql<{ id: string }> {
  const col = <K extends keyof LaneDelivery>(k: K) => deliveries.map((d) => d[k]);
  return sql<{ id: string }>`
    INSERT INTO webhook_outbox (platform_key, mode, incident_id, item_id, event_id, reason)
    SELECT x.p, x.m, x.i, x.t, x.e, x.r
      FROM unnest(${col('platformKey')}::text[], ${col('mode')}::text[], ${col('incidentId')}::uuid[],
                  ${col('itemId')}::uuid[], ${col('eventId')}::text[], ${col('reason')}::text[])
           WITH ORDINALITY AS x(p, m, i, t, e, r, n)
     WHERE NOT ${onlyNew}::boolean
        OR NOT EXISTS (SELECT 1 FROM webhook_outbox o
                        WHERE o.item_id = x.t AND o.platform_key = x.p AND o.mode = x.m AND o.event_id = x.e)
     ORDER BY x.n
    RETURNING id::text AS id`;
}

/** The lanes, their leases and their outbox in PostgreSQL, on the hub's pool. */
export class PgWebhookLanes implements WebhookLanes {
  private readonly db: SqlClient;

  constructor(db: DataSource | SqlClient) {
    this.db = db instanceof SqlClient ? db : SqlClient.of(db);
  }

  async lease(lane: LaneKey, token: string, ms: number): Promise<{ attempt: number } | null> {
    return this.db.one(sql<{ attempt: number }>`
      INSERT INTO webhook_lanes AS l (platform_key, mode, leased_until, lease_token)
      VALUES (${lane.platformKey}, ${lane.mode}, now() + make_interval(secs => ${ms}::double precision / 1000), ${token})
      ON CONFLICT (platform_key, mode) DO UPDATE
         SET leased_until = EXCLUDED.leased_until, lease_token = EXCLUDED.lease_token
       WHERE (l.leased_until IS NULL OR l.leased_until < now()) AND (l.retry_at IS NULL OR l.retry_at <= now())
      RETURNING attempt`);
  }

  async head(lane: LaneKey, limit: number): Promise<LaneEntry[]> {
    // The first deliveries queued, sent in the order of their events: a read of the log cut by its limit
    // may queue an incident's later event one read before an earlier one (event ids follow each incident's
    // seq), and a lane behind its relay puts both in one head.
    const rows = await this.db.rows(sql<WebhookOutboxRow>`
      SELECT * FROM (
        SELECT id::text AS id, platform_key, mode, incident_id, item_id, event_id, reason, id AS place
          FROM webhook_outbox WHERE platform_key = ${lane.platformKey} AND mode = ${lane.mode}
         ORDER BY webhook_outbox.id LIMIT ${limit}) h
       ORDER BY CASE WHEN event_id ~ '^[0-9]{1,18}$' THEN event_id::bigint END NULLS LAST, place`);
    return rows.map((r) => ({
      id: r.id,
      delivery: {
        eventId: r.event_id,
        incidentId: r.incident_id,
        itemId: r.item_id,
        platformKey: r.platform_key,
        reason: r.reason,
      },
    }));
  }

  async advance(lane: LaneKey, token: string, ids: string[], ms: number): Promise<void> {
    await this.db.run(sql`
      WITH gone AS (DELETE FROM webhook_outbox WHERE id = ANY(${ids}::bigint[]))
      UPDATE webhook_lanes SET attempt = 0, retry_at = NULL,
             leased_until = now() + make_interval(secs => ${ms}::double precision / 1000)
       WHERE platform_key = ${lane.platformKey} AND mode = ${lane.mode} AND lease_token = ${token}`);
  }

  async hold(lane: LaneKey, token: string, attempt: number, retryAt: Date): Promise<void> {
    await this.db.run(sql`
      UPDATE webhook_lanes SET attempt = ${attempt}, retry_at = ${retryAt}::timestamptz,
             leased_until = NULL, lease_token = NULL
       WHERE platform_key = ${lane.platformKey} AND mode = ${lane.mode} AND lease_token = ${token}`);
  }

  async release(lane: LaneKey, token: string): Promise<boolean> {
    // Two statements: what the relay queued and kicked after this look found the lane free.
    await this.db.run(sql`
      UPDATE webhook_lanes SET leased_until = NULL, lease_token = NULL
       WHERE platform_key = ${lane.platformKey} AND mode = ${lane.mode} AND lease_token = ${token}`);
    const row = await this.db.one(sql<{ waiting: boolean }>`
      SELECT EXISTS (SELECT 1 FROM webhook_outbox
                      WHERE platform_key = ${lane.platformKey} AND mode = ${lane.mode}) AS waiting`);
    return row?.waiting ?? false;
  }

  async push(deliveries: LaneDelivery[]): Promise<void> {
    if (deliveries.length) await this.db.run(pushToLanes(deliveries, true));
  }

  /** Lanes with deliveries waiting (the reconciler kicks them: a kick lost with the queue store). */
  async waiting(): Promise<LaneKey[]> {
    const rows = await this.db.rows(sql<{ platform_key: string; mode: LaneKey['mode'] }>`
      SELECT DISTINCT platform_key, mode FROM webhook_outbox`);
    return rows.map((r) => ({ platformKey: r.platform_key, mode: r.mode }));
  }
}
