import {
  FEDERATED_EVENT_TYPES,
  type FederationStore,
  type FeedCursor,
  type FeedRow,
  type IncidentRecord,
  type PeerRecord,
  type SharingGroupRecord,
} from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import { toIncident, toItem } from '../incidents/incident.mappers';
import type { IncidentRow, ItemRow } from '../incidents/incident.rows';
import type { FeedEventRow, PeerRow, SharingGroupRow } from './federation.rows';

/** An incident that may leave this hub, or that came from another. */
const SHARED = sql`(i.distribution <> 'hub' OR i.origin_hub IS NOT NULL)`;

function toPeer(r: PeerRow): PeerRecord {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    token: r.token,
    organisationId: r.organisation_id,
    exercise: r.exercise,
    pushed: { tx: String(r.pushed_tx), id: String(r.pushed_id) },
    received: { tx: String(r.received_tx), id: String(r.received_id) },
    lastContactAt: r.last_contact_at,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at,
    failures: Number(r.failures),
    refusals: Number(r.refusals),
    createdAt: r.created_at,
  };
}

const toGroup = (r: SharingGroupRow): SharingGroupRecord => ({
  id: r.id,
  name: r.name,
  peers: r.peers,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const PEER_COLUMNS = sql.raw(`id, name, url, token, organisation_id, exercise, pushed_tx::text AS pushed_tx,
  pushed_id::text AS pushed_id, received_tx::text AS received_tx, received_id::text AS received_id,
  last_contact_at, last_error, last_error_at, failures, refusals, created_by, created_at, deleted_at`);

export class PgFederationStore implements FederationStore {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insertPeer(p: PeerRecord): Promise<void> {
    await this.db.run(sql`
      INSERT INTO peers (id, name, url, token, organisation_id, exercise, created_at)
      VALUES (${p.id}, ${p.name}, ${p.url}, ${p.token}, ${p.organisationId}, ${p.exercise}, ${p.createdAt})`);
  }

  async findPeer(id: string): Promise<PeerRecord | null> {
    const row = await this.db.one(
      sql<PeerRow>`SELECT ${PEER_COLUMNS} FROM peers WHERE id = ${id}::uuid AND deleted_at IS NULL`,
    );
    return row ? toPeer(row) : null;
  }

  async findPeerByOrganisation(organisationId: string): Promise<PeerRecord | null> {
    const row = await this.db.one(sql<PeerRow>`
      SELECT ${PEER_COLUMNS} FROM peers WHERE organisation_id = ${organisationId}::uuid AND deleted_at IS NULL`);
    return row ? toPeer(row) : null;
  }

  async listPeers(): Promise<PeerRecord[]> {
    const rows = await this.db.rows(
      sql<PeerRow>`SELECT ${PEER_COLUMNS} FROM peers WHERE deleted_at IS NULL ORDER BY name`,
    );
    return rows.map(toPeer);
  }

  async deletePeer(id: string, at: Date): Promise<boolean> {
    const rows = await this.db.rows(sql<{ id: string }>`
      UPDATE peers SET deleted_at = ${at} WHERE id = ${id}::uuid AND deleted_at IS NULL RETURNING id`);
    return rows.length > 0;
  }

  async insertGroup(g: SharingGroupRecord): Promise<void> {
    await this.db.run(sql`
      INSERT INTO sharing_groups (id, name, peers, created_by, created_at)
      VALUES (${g.id}, ${g.name}, ${g.peers}::uuid[], ${g.createdBy}, ${g.createdAt})`);
  }

  async findGroup(id: string): Promise<SharingGroupRecord | null> {
    const row = await this.db.one(sql<SharingGroupRow>`SELECT * FROM sharing_groups WHERE id = ${id}::uuid`);
    return row ? toGroup(row) : null;
  }

  async listGroups(): Promise<SharingGroupRecord[]> {
    const rows = await this.db.rows(
      sql<SharingGroupRow>`SELECT * FROM sharing_groups ORDER BY created_at, id`,
    );
    return rows.map(toGroup);
  }

  /**
   * The events of shared and mirrored incidents past the cursor, in commit order, read only below the
   * oldest transaction still open (one that commits late is never skipped). When fewer than `limit` come,
   * `end` is the last event of the log below that line: a peer's feed moves past what it may not have.
   */
  async feedAfter(
    cursor: FeedCursor,
    limit: number,
  ): Promise<{ rows: FeedRow[]; end: FeedCursor; more: boolean }> {
    const rows = await this.db.rows(sql<FeedEventRow & { last_tx: string | null; last_id: string | null }>`
      WITH line AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
      last AS (
        SELECT e.tx_id::text AS last_tx, e.id::text AS last_id FROM incident_events e, line
         WHERE e.tx_id < line.xmin ORDER BY e.tx_id DESC, e.id DESC LIMIT 1),
      page AS (
        SELECT e.id, e.tx_id, e.type, e.at, e.data, e.actor_organisation_id,
               o.name AS actor_organisation_name, to_jsonb(i) AS incident, to_jsonb(it) AS item
          FROM incident_events e
          JOIN line ON true
          JOIN incidents i ON i.id = e.incident_id
          LEFT JOIN organisations o ON o.id = e.actor_organisation_id
          LEFT JOIN items it ON it.id = CASE
                 WHEN e.data->>'itemId' ~ '^[0-9a-f-]{36}$' THEN (e.data->>'itemId')::uuid END
         WHERE (e.tx_id, e.id) > (${cursor.tx}::xid8, ${cursor.id}::bigint)
           AND e.tx_id < line.xmin
           AND e.type = ANY(${FEDERATED_EVENT_TYPES}::text[])
           AND ${SHARED}
         ORDER BY e.tx_id, e.id
         LIMIT ${limit + 1})
      SELECT page.id::text AS id, page.tx_id::text AS tx_id, page.type, page.at, page.data, page.actor_organisation_id,
             page.actor_organisation_name, page.incident, page.item, last.last_tx, last.last_id
        FROM last LEFT JOIN page ON true ORDER BY page.tx_id, page.id`);
    const events = rows.filter((r) => r.id !== null);
    const more = events.length > limit;
    const taken = events.slice(0, limit).map(toFeedRow);
    const last = rows[0]?.last_tx ? { tx: rows[0].last_tx, id: rows[0].last_id! } : cursor;
    const end = more || taken.length === limit ? taken[taken.length - 1].cursor : later(last, cursor);
    return { rows: taken, end, more };
  }

  async cursorOfEvent(eventId: string): Promise<FeedCursor | null> {
    const row = await this.db.one(sql<{ tx: string; id: string }>`
      SELECT tx_id::text AS tx, id::text AS id FROM incident_events WHERE id = ${eventId}::bigint`);
    return row ?? null;
  }

  async countShared(after: FeedCursor, cap: number): Promise<number> {
    const row = await this.db.one(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM incident_events e JOIN incidents i ON i.id = e.incident_id
         WHERE (e.tx_id, e.id) > (${after.tx}::xid8, ${after.id}::bigint)
           AND e.type = ANY(${FEDERATED_EVENT_TYPES}::text[]) AND ${SHARED}
         LIMIT ${cap}) x`);
    return row?.n ?? 0;
  }

  async savePushed(peerId: string, c: FeedCursor): Promise<void> {
    await this.db.run(sql`
      UPDATE peers SET pushed_tx = ${c.tx}::xid8, pushed_id = ${c.id}::bigint WHERE id = ${peerId}::uuid`);
  }

  async saveReceived(peerId: string, c: FeedCursor): Promise<FeedCursor> {
    const row = await this.db.one(sql<{ tx: string; id: string }>`
      UPDATE peers SET received_tx = GREATEST(received_tx, ${c.tx}::xid8),
                       received_id = CASE WHEN (${c.tx}::xid8, ${c.id}::bigint) > (received_tx, received_id)
                                          THEN ${c.id}::bigint ELSE received_id END
       WHERE id = ${peerId}::uuid
      RETURNING received_tx::text AS tx, received_id::text AS id`);
    return row ?? c;
  }

  async recordContact(peerId: string, at: Date): Promise<void> {
    await this.db.run(sql`
      UPDATE peers SET last_contact_at = GREATEST(last_contact_at, ${at}), failures = 0 WHERE id = ${peerId}::uuid`);
  }

  async recordFailure(peerId: string, message: string, at: Date): Promise<void> {
    await this.db.run(sql`
      UPDATE peers SET last_error = ${message.slice(0, 1000)}, last_error_at = ${at}, failures = failures + 1
       WHERE id = ${peerId}::uuid`);
  }

  async recordRefusal(peerId: string, eventKey: string, reason: string, at: Date): Promise<void> {
    await this.db.run(sql`
      WITH r AS (
        INSERT INTO federation_refusals (peer_id, event_key, reason, at)
        VALUES (${peerId}::uuid, ${eventKey.slice(0, 200)}, ${reason.slice(0, 1000)}, ${at}))
      UPDATE peers SET refusals = refusals + 1, last_error = ${`refused ${eventKey.slice(0, 200)}: ${reason.slice(0, 800)}`},
                       last_error_at = ${at}
       WHERE id = ${peerId}::uuid`);
  }

  async findMirror(originHub: string, originId: string): Promise<IncidentRecord | null> {
    const row = await this.db.one(sql<IncidentRow>`
      SELECT * FROM incidents WHERE origin_hub = ${originHub} AND origin_id = ${originId}::uuid`);
    return row ? toIncident(row) : null;
  }

  async received(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.rows(sql<{ key: string }>`
      SELECT origin_hub || ':' || origin_event_id AS key FROM federation_received
       WHERE (origin_hub, origin_event_id) IN (
         SELECT split_part(k, ':', 1), split_part(k, ':', 2)::bigint FROM unnest(${keys}::text[]) AS k)`);
    return new Set(rows.map((r) => r.key));
  }
}

/** The later of two positions. */
function later(a: FeedCursor, b: FeedCursor): FeedCursor {
  const ta = BigInt(a.tx);
  const tb = BigInt(b.tx);
  if (ta !== tb) return ta > tb ? a : b;
  return BigInt(a.id) >= BigInt(b.id) ? a : b;
}

function toFeedRow(r: FeedEventRow): FeedRow {
  const incident = toIncident(revive<IncidentRow>(r.incident, ['created_at', 'updated_at', 'closed_at']));
  const item = r.item ? toItem(revive<ItemRow>(r.item, ['created_at', 'purged_at'])) : null;
  return {
    eventId: r.id,
    cursor: { tx: r.tx_id, id: r.id },
    type: r.type,
    at: r.at,
    data: r.data,
    actorOrganisationId: r.actor_organisation_id,
    actorOrganisationName: r.actor_organisation_name,
    incident,
    item,
  };
}

/** A row read through `to_jsonb`: its timestamps are strings again. */
function revive<Row extends object>(row: Row, dates: (keyof Row & string)[]): Row {
  const out = { ...row } as Record<string, unknown>;
  for (const key of dates) if (typeof out[key] === 'string') out[key] = new Date(out[key] as string);
  return out as Row;
}
