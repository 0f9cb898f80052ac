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
 * items is one INSERT per table, its rows travelling as one JSON parameter (`jsonb_to_recordset`; array
 * parameters cost the client an escaped string per value), so the statement's text has few shapes and is
 * prepared once per connection.
 */

/** An exercise's replay speed (its deadlines run on the exercise clock); 1 for a live incident. */
const CLOCK = sql`COALESCE((SELECT r.speed FROM exercise_runs r WHERE r.incident_id = i.id), 1) AS clock_speed,
  COALESCE((SELECT r.paused_at IS NOT NULL FROM exercise_runs r WHERE r.incident_id = i.id), false) AS clock_paused`;

export function selectIncident(incidentId: string): Sql<IncidentClockRow> {
  return sql`SELECT *, ${CLOCK} FROM incidents i WHERE id = ${incidentId}`;
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
  const rows = items.map((i) => {
    const d = i.distribution ? distributionColumns(i.distribution) : null;
    return {
      id: i.id,
      kind: i.kind,
      dedup_key: i.dedupKey,
      url: i.url,
      submitted_url: i.submittedUrl,
      hash_algorithm: i.hashAlgorithm,
      hash_value: i.hashValue,
      hash_quality: i.hashQuality,
      account_platform: i.accountPlatform,
      account_handle: i.accountHandle,
      channel: i.channel,
      legal_reference: i.legalReference,
      platform_key: i.platformKey,
      metadata: i.metadata,
      reporter: i.reporters[0],
      variant_of: i.variantOf,
      created_by: i.createdBy,
      created_at: isoString(i.createdAt),
      narrative: i.narrative,
      techniques: i.techniques ?? [],
      visibility: i.visibility,
      distribution: d?.distribution ?? null,
      sharing_group_id: d?.sharingGroupId ?? null,
      origin_hub: i.origin?.hub ?? null,
      origin_item_id: i.origin?.id ?? null,
    };
  });
  return sql`
    INSERT INTO items (id, incident_id, kind, dedup_key, url, submitted_url, hash_algorithm, hash_value, hash_quality,
                       account_platform, account_handle, channel, legal_reference, platform_key, metadata, reporters,
                       variant_of, created_by, created_at, narrative, techniques, visibility, distribution,
                       sharing_group_id, origin_hub, origin_item_id)
    SELECT id, ${incidentId}::uuid, kind, dedup_key, url, submitted_url, hash_algorithm, hash_value, hash_quality,
           account_platform, account_handle, channel, legal_reference, platform_key, metadata, ARRAY[reporter],
           variant_of, created_by, created_at, narrative, techniques, visibility, distribution, sharing_group_id,
           origin_hub, origin_item_id
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x(id uuid, kind text, dedup_key text, url text, submitted_url text, hash_algorithm text, hash_value text,
             hash_quality smallint, account_platform text, account_handle text, channel text, legal_reference text,
             platform_key text, metadata jsonb, reporter uuid, variant_of uuid, created_by uuid,
             created_at timestamptz, narrative jsonb, techniques text[], visibility text, distribution text,
             sharing_group_id uuid, origin_hub text, origin_item_id uuid)`;
}

export function insertCells(cells: CellRecord[]): Sql {
  const rows = cells.map((c) => ({
    item_id: c.itemId,
    platform_key: c.platformKey,
    incident_id: c.incidentId,
    status: c.status,
    ack_due_at: iso(c.ackDueAt) ?? null,
    action_due_at: iso(c.actionDueAt) ?? null,
    created_at: isoString(c.createdAt),
    via_hub: c.viaHub ?? null,
  }));
  return sql`
    INSERT INTO containment_cells (item_id, platform_key, incident_id, status, ack_due_at, action_due_at, created_at,
                                   updated_at, via_hub)
    SELECT item_id, platform_key, incident_id, status, ack_due_at, action_due_at, created_at, created_at, via_hub
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x(item_id uuid, platform_key text, incident_id uuid, status text, ack_due_at timestamptz,
             action_due_at timestamptz, created_at timestamptz, via_hub text)
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
