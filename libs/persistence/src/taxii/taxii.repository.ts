import { ITEM_KINDS, type HashAlgorithm, type ItemKind } from '@hub/contracts';
import type {
  AddedAt,
  IncidentKeyset,
  ItemReader,
  TaxiiItem,
  TaxiiItemKey,
  TaxiiItemPageQuery,
  TaxiiRepository,
  TaxiiSignal,
  TaxiiSignalPageQuery,
  TaxiiStatusRecord,
} from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import type { TaxiiItemKeyRow, TaxiiItemRow, TaxiiSignalRow, TaxiiStatusRow } from './taxii.rows';

/** `kind = ANY(...)`, left out when every kind is asked for (the plan then stays on the items' index alone). */
const kindClause = (kinds: readonly ItemKind[]): Sql[] =>
  ITEM_KINDS.every((k) => kinds.includes(k)) ? [] : [sql`kind = ANY(${[...kinds]}::text[])`];

/** canSeeItem for a reader outside the coordination circle, on `items` (unaliased). */
const seenByClause = (seenBy: ItemReader | undefined): Sql[] =>
  seenBy
    ? [
        sql`(visibility = 'participants' OR ${seenBy.organisationId}::uuid = ANY(reporters)
          OR EXISTS (SELECT 1 FROM containment_cells v
                      WHERE v.item_id = items.id AND v.platform_key = ${seenBy.platformKey ?? null}::text))`,
      ]
    : [];

/** A timestamp column as a date added: text with microseconds, in UTC (see `AddedAt`). */
const added = (column: string) =>
  sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

export class PgTaxiiRepository implements TaxiiRepository {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async incidentAdded(incidentId: string): Promise<AddedAt | null> {
    const row = await this.db.one(
      sql<{ added: string }>`SELECT ${added('created_at')} AS added FROM incidents WHERE id = ${incidentId}`,
    );
    return row?.added ?? null;
  }

  async items(query: TaxiiItemPageQuery): Promise<TaxiiItem[]> {
    const where: Sql[] = [sql`incident_id = ${query.incidentId}`, ...kindClause(query.kinds)];
    // A row comparison on (created_at, id): an index condition on items_incident_created_idx, not a filter.
    if (query.after) {
      where.push(sql`(created_at, id) > (${query.after.added}::timestamptz, ${query.after.key}::uuid)`);
    }
    if (query.addedAfter) where.push(sql`created_at > ${query.addedAfter}::timestamptz`);
    if (query.itemIds) where.push(sql`id = ANY(${[...query.itemIds]}::uuid[])`);
    where.push(...seenByClause(query.seenBy));
    // Only the columns the STIX objects are made of, the date as text and the reporters as one string: a
    // page reads a thousand rows, and parsing whole rows, their dates and arrays cost more than the query.
    const rows = await this.db.rows(sql<TaxiiItemRow>`
      SELECT id, kind, url, hash_algorithm, hash_value, account_platform, account_handle, visibility,
             array_to_string(reporters, ',') AS reporters, ${added('created_at')} AS added
        FROM items ${sql.where(where)}
       ORDER BY created_at, id LIMIT ${query.limit}`);
    return rows.map((r) => ({
      added: r.added,
      id: r.id,
      kind: r.kind,
      url: r.url,
      hashAlgorithm: r.hash_algorithm as HashAlgorithm | null,
      hashValue: r.hash_value,
      accountPlatform: r.account_platform,
      accountHandle: r.account_handle,
      reporters: r.reporters ? r.reporters.split(',') : [],
      visibility: r.visibility,
    }));
  }

  async itemKeys(
    incidentId: string,
    kinds: readonly ItemKind[],
    after?: IncidentKeyset,
    seenBy?: ItemReader,
  ): Promise<(TaxiiItemKey & { added: AddedAt })[]> {
    const where = [sql`incident_id = ${incidentId}`, ...kindClause(kinds), ...seenByClause(seenBy)];
    if (after) where.push(sql`(created_at, id) > (${after.added}::timestamptz, ${after.key}::uuid)`);
    const rows = await this.db.rows(sql<TaxiiItemKeyRow & { added: string }>`
      SELECT id, kind, url, hash_algorithm, hash_value, account_platform, account_handle, created_at,
             ${added('created_at')} AS added
        FROM items ${sql.where(where)} ORDER BY created_at, id`);
    return rows.map((r) => ({
      added: r.added,
      id: r.id,
      kind: r.kind,
      url: r.url,
      hashAlgorithm: r.hash_algorithm as HashAlgorithm | null,
      hashValue: r.hash_value,
      accountPlatform: r.account_platform,
      accountHandle: r.account_handle,
      createdAt: r.created_at,
    }));
  }

  async itemCount(incidentId: string): Promise<number> {
    const row = await this.db.one(
      sql<{ n: string }>`SELECT count(*) AS n FROM items WHERE incident_id = ${incidentId}`,
    );
    return Number(row?.n ?? 0);
  }

  async signals(query: TaxiiSignalPageQuery): Promise<TaxiiSignal[]> {
    const where: Sql[] = [
      sql`bank_id = ${query.bankId}`,
      sql`removed_at IS NULL`,
      sql`seq > ${query.afterSeq ?? 0}`,
    ];
    if (query.addedAfter) where.push(sql`created_at > ${query.addedAfter}::timestamptz`);
    if (query.seqs) where.push(sql`seq = ANY(${[...query.seqs]}::bigint[])`);
    const rows = await this.db.rows(sql<TaxiiSignalRow>`
      SELECT seq, id, algorithm, value, label, created_at, ${added('created_at')} AS added
        FROM bank_signals ${sql.where(where)} ORDER BY seq LIMIT ${query.limit}`);
    return rows.map((r) => ({
      id: r.id,
      seq: Number(r.seq),
      algorithm: r.algorithm,
      value: r.value,
      label: r.label,
      createdAt: r.created_at,
      added: r.added,
    }));
  }

  async insertStatus(s: TaxiiStatusRecord): Promise<void> {
    await this.db.rows(sql`
      INSERT INTO taxii_statuses (id, collection_id, member_id, organisation_id, status, request_timestamp,
                                  total_count, success_count, failure_count, pending_count, failures)
      VALUES (${s.id}, ${s.collectionId}, ${s.memberId}, ${s.organisationId}, ${s.status},
              ${s.request_timestamp}::timestamptz, ${s.total_count}, ${s.success_count}, ${s.failure_count},
              ${s.pending_count}, ${JSON.stringify(s.failures ?? [])}::jsonb)`);
  }

  async findStatus(id: string): Promise<TaxiiStatusRecord | null> {
    const r = await this.db.one(sql<TaxiiStatusRow>`SELECT * FROM taxii_statuses WHERE id = ${id}`);
    if (!r) return null;
    return {
      id: r.id,
      status: r.status,
      request_timestamp: r.request_timestamp.toISOString(),
      total_count: r.total_count,
      success_count: r.success_count,
      failure_count: r.failure_count,
      pending_count: r.pending_count,
      ...(r.failures.length && { failures: r.failures }),
      collectionId: r.collection_id,
      memberId: r.member_id,
      organisationId: r.organisation_id,
    };
  }
}
