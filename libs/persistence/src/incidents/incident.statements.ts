import {
  contentDigest,
  distributionColumns,
  iso,
  isoString,
  type CellRecord,
  type IncidentRecord,
  type ItemRecord,
  type NewEvent,
} from '@hub/domain';
import { LIMITS } from '@hub/contracts';
import type { AppendedEventRow } from '../events/event.rows';
import type { CellRow, ItemRow } from './incident.rows';
import { sql, type Sql } from '../sql/sql';
import type { IncidentClockRow } from './incident.mappers';

/**
 * The statements that write an incident's items, cells and events. They are set-based: a share of 500
 * items is one INSERT per table, its rows travelling as array parameters (`unnest`), so the statement's
 * text has few shapes and is prepared once per connection. Timestamps go as ISO text (`isoString`: a
 * bulk has few instants). The events' data go as one JSON array: as a `jsonb[]` parameter each document
 * was escaped into the array's text by the client and unescaped by the server (500 small events: 9.9 ms
 * a round trip, 6.5 ms as one JSON array). Rows as one JSON document (`jsonb_to_recordset`) cost
 * PostgreSQL more than they saved the client (500 items: 17.8 ms a round trip, 10.3 ms as arrays).
 */

/** An exercise's replay speed (its deadlines run on the exercise clock); 1 for a live incident. */
const CLOCK = sql`COALESCE((SELECT r.speed FROM exercise_runs r WHERE r.incident_id = i.id), 1) AS clock_speed,
  COALESCE((SELECT r.paused_at IS NOT NULL FROM exercise_runs r WHERE r.incident_id = i.id), false) AS clock_paused`;

export function selectIncident(incidentId: string): Sql<IncidentClockRow> {
  return sql`SELECT *, ${CLOCK} FROM incidents i WHERE id = ${incidentId}`;
}

export function selectIncidents(incidentIds: readonly string[]): Sql<IncidentClockRow> {
  return sql`SELECT *, ${CLOCK} FROM incidents i WHERE id = ANY(${incidentIds}::uuid[])`;
}

/** The incident row locked for the work (NO KEY UPDATE: rows that reference it are not blocked). */
export function lockIncident(incidentId: string): Sql<IncidentClockRow> {
  return sql`SELECT *, ${CLOCK} FROM incidents i WHERE id = ${incidentId} FOR NO KEY UPDATE OF i`;
}

export function insertIncident(incident: IncidentRecord, genesisHash: string): Sql {
  const i = incident;
  const d = distributionColumns(incident.distribution ?? 'hub');
  return sql`
    INSERT INTO incidents (id, ref, title, summary, category, protocol, level, mode, status, participants, platforms,
                           criteria, rationale, created_by, created_at, updated_at, last_seq, last_hash, election_id,
                           distribution, sharing_group_id, origin_hub, origin_id, origin_ref, origin_peer_id)
    VALUES (${i.id}, ${i.ref}, ${i.title}, ${i.summary}, ${i.category}, ${i.protocol}, ${i.level}, ${i.mode},
            ${i.status}, ${i.participants}, ${i.platforms}, ${i.criteria}, ${i.rationale}, ${i.createdBy},
            ${i.createdAt}, ${i.createdAt}, 0, ${genesisHash}, ${i.electionId ?? null}::uuid,
            ${d.distribution}, ${d.sharingGroupId}::uuid, ${i.origin?.hub ?? null}, ${i.origin?.id ?? null}::uuid,
            ${i.origin?.ref ?? null}, ${i.originPeerId ?? null}::uuid)`;
}

export function itemsByDedupKeys(incidentId: string, keys: string[]): Sql<ItemRow> {
  return sql`SELECT * FROM items WHERE incident_id = ${incidentId} AND dedup_key = ANY(${keys}::text[])`;
}

export function insertItems(incidentId: string, items: ItemRecord[]): Sql {
  const each = <T>(value: (item: ItemRecord) => T): T[] => items.map(value);
  return sql`
    INSERT INTO items (id, incident_id, kind, dedup_key, url, submitted_url, hash_algorithm, hash_value, hash_quality,
                       account_platform, account_handle, channel, legal_reference, platform_key, metadata, reporters,
                       variant_of, created_by, created_at, narrative, techniques, visibility, distribution,
                       sharing_group_id, origin_hub, origin_item_id)
    SELECT i, ${incidentId}::uuid, k, dk, u, su, ha, hv, hq, ap, ah, ch, lr, pk, md::jsonb, ARRAY[rep], vo, cb, ca,
           na::jsonb, COALESCE(ARRAY(SELECT jsonb_array_elements_text(te::jsonb)), '{}'), vis, di, sg, oh, oi
      FROM unnest(${each((i) => i.id)}::uuid[], ${each((i) => i.kind)}::text[], ${each((i) => i.dedupKey)}::text[],
                  ${each((i) => i.url)}::text[], ${each((i) => i.submittedUrl)}::text[],
                  ${each((i) => i.hashAlgorithm)}::text[], ${each((i) => i.hashValue)}::text[],
                  ${each((i) => i.hashQuality)}::smallint[], ${each((i) => i.accountPlatform)}::text[],
                  ${each((i) => i.accountHandle)}::text[], ${each((i) => i.channel)}::text[],
                  ${each((i) => i.legalReference)}::text[], ${each((i) => i.platformKey)}::text[],
                  ${each((i) => JSON.stringify(i.metadata))}::text[], ${each((i) => i.reporters[0])}::uuid[],
                  ${each((i) => i.variantOf)}::uuid[], ${each((i) => i.createdBy)}::uuid[],
                  ${each((i) => isoString(i.createdAt))}::timestamptz[],
                  ${each((i) => (i.narrative ? JSON.stringify(i.narrative) : null))}::text[],
                  ${each((i) => JSON.stringify(i.techniques ?? []))}::text[], ${each((i) => i.visibility)}::text[],
                  ${each((i) => (i.distribution ? distributionColumns(i.distribution).distribution : null))}::text[],
                  ${each((i) => (i.distribution ? distributionColumns(i.distribution).sharingGroupId : null))}::uuid[],
                  ${each((i) => i.origin?.hub ?? null)}::text[], ${each((i) => i.origin?.id ?? null)}::uuid[])
        AS x(i, k, dk, u, su, ha, hv, hq, ap, ah, ch, lr, pk, md, rep, vo, cb, ca, na, te, vis, di, sg, oh, oi)`;
}

export function insertCells(cells: CellRecord[]): Sql {
  const each = <T>(value: (cell: CellRecord) => T): T[] => cells.map(value);
  return sql`
    INSERT INTO containment_cells (item_id, platform_key, incident_id, status, ack_due_at, action_due_at, created_at,
                                   updated_at, via_hub)
    SELECT a, b, c, d, e, f, g, g, v
      FROM unnest(${each((c) => c.itemId)}::uuid[], ${each((c) => c.platformKey)}::text[],
                  ${each((c) => c.incidentId)}::uuid[], ${each((c) => c.status)}::text[],
                  ${each((c) => iso(c.ackDueAt) ?? null)}::timestamptz[],
                  ${each((c) => iso(c.actionDueAt) ?? null)}::timestamptz[],
                  ${each((c) => isoString(c.createdAt))}::timestamptz[], ${each((c) => c.viaHub ?? null)}::text[])
        AS x(a, b, c, d, e, f, g, v)
    ON CONFLICT DO NOTHING`;
}

export function addReporters(additions: { itemId: string; organisationId: string }[]): Sql {
  return sql`
    UPDATE items SET reporters = array_append(reporters, x.org)
      FROM unnest(${additions.map((a) => a.itemId)}::uuid[], ${additions.map((a) => a.organisationId)}::uuid[])
        AS x(item, org)
     WHERE items.id = x.item AND NOT (x.org = ANY(items.reporters))`;
}

/** One row per item (the caller merges): appended in order, known ones skipped, the list capped. */
export function addTechniques(additions: { itemId: string; techniques: string[] }[]): Sql {
  return sql`
    UPDATE items SET techniques = (items.techniques || ARRAY(
        SELECT t FROM jsonb_array_elements_text(x.te::jsonb) WITH ORDINALITY AS n(t, i)
         WHERE NOT (t = ANY(items.techniques)) ORDER BY i))[1:${LIMITS.techniques}::int]
      FROM unnest(${additions.map((a) => a.itemId)}::uuid[], ${additions.map((a) => JSON.stringify(a.techniques))}::text[])
        AS x(item, te)
     WHERE items.id = x.item`;
}

export function cellsForItems(itemIds: string[]): Sql<CellRow> {
  return sql`SELECT * FROM containment_cells WHERE item_id = ANY(${itemIds}::uuid[]) ORDER BY platform_key`;
}

/**
 * One call to `hub_append_events` (schema/functions/hub-append-events.sql.ts), which locks the incident
 * row, takes the next seqs, links the hashes and announces the commit. With `expectedVersion` it fails with
 * 40001 when the incident's configuration changed since it was read. `from` puts another relation before
 * the call (`w0 g, LATERAL `): when that relation is empty, nothing is appended.
 */
export function appendEventsCall(
  incidentId: string,
  expectedVersion: number | null,
  atIso: string,
  events: NewEvent[],
  from: Sql = sql.empty,
): Sql<AppendedEventRow> {
  const digests = events.map((e) =>
    contentDigest({ incidentId, type: e.type, actor: e.actor, data: e.data, at: atIso }),
  );
  return sql`SELECT e.* FROM ${from}hub_append_events(
      ${incidentId}::uuid, ${expectedVersion}::integer, ${atIso}::timestamptz, ${events.map((e) => e.type)}::text[],
      ${events.map((e) => e.actor.memberId)}::uuid[], ${events.map((e) => e.actor.organisationId)}::uuid[],
      ARRAY(SELECT d FROM jsonb_array_elements(${JSON.stringify(events.map((e) => e.data))}::jsonb)
                   WITH ORDINALITY AS x(d, n) ORDER BY n),
      ${digests}::text[]) e`;
}

/**
 * Statements run as one: each a data-modifying CTE (`w0`, `w1`, ...), then `final`. PostgreSQL runs and
 * commits it at once, so whatever it locks is held for that one statement only.
 */
export function combined<Row>(pieces: Sql[], final: Sql<Row>): Sql<Row> {
  if (pieces.length === 0) return final;
  const ctes = pieces.map((piece, i) => sql`${sql.raw(cteName(i))} AS (${piece})`);
  return sql<Row>`WITH ${sql.join(ctes, ',\n')}\n${final}`;
}

/** The name of the `index`th piece of a combined statement. */
export const cteName = (index: number): string => `w${index}`;
