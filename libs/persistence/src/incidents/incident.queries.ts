import type {
  CellRecord,
  EventRecord,
  IncidentQueries,
  ItemAudiences,
  ItemPageQuery,
  ItemRecord,
} from '@hub/domain';
import { ACKNOWLEDGING_STATUSES, ACTING_STATUSES, PAUSING_STATUS } from '@hub/domain';
import type { DataSource } from 'typeorm';
import type { CellRow, IncidentRow, ItemRow } from './incident.rows';
import type { EventRow } from '../events/event.rows';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import { cellsForItems } from './incident.statements';
import { toCell, toItem } from './incident.mappers';
import { toEvent } from '../events/event.mappers';

/** Each item with its cells (rows in `platform_key` order, as `cellsForItems` reads them). */
function withCells(items: ItemRecord[], cellRows: CellRow[]): { item: ItemRecord; cells: CellRecord[] }[] {
  const byItem = new Map<string, CellRecord[]>();
  for (const cell of cellRows.map(toCell)) {
    const list = byItem.get(cell.itemId);
    if (list) list.push(cell);
    else byItem.set(cell.itemId, [cell]);
  }
  return items.map((item) => ({ item, cells: byItem.get(item.id) ?? [] }));
}

export class PgIncidentQueries implements IncidentQueries {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async items(query: ItemPageQuery): Promise<{ item: ItemRecord; cells: CellRecord[] }[]> {
    const where: Sql[] = [sql`i.incident_id = ${query.incidentId}`];
    if (query.platformKey || query.status) {
      const cell: Sql[] = [sql`c.item_id = i.id`];
      if (query.platformKey) cell.push(sql`c.platform_key = ${query.platformKey}`);
      if (query.status) cell.push(sql`c.status = ${query.status}`);
      where.push(sql`EXISTS (SELECT 1 FROM containment_cells c ${sql.where(cell)})`);
    }
    if (query.after) where.push(sql`(i.created_at, i.id) > (${query.after.createdAt}, ${query.after.id})`);
    if (query.seenBy) {
      // canSeeItem for a reader outside the coordination circle, in SQL: pages and cursors skip the rest.
      const platform = query.seenBy.platformKey ?? null;
      where.push(sql`(i.visibility = 'participants'
        OR ${query.seenBy.organisationId}::uuid = ANY(i.reporters)
        OR EXISTS (SELECT 1 FROM containment_cells v
                    WHERE v.item_id = i.id AND v.platform_key = ${platform}::text))`);
    }
    const itemRows = await this.db.rows(sql<ItemRow>`
      SELECT i.* FROM items i ${sql.where(where)} ORDER BY i.created_at, i.id LIMIT ${query.limit}`);
    const items = itemRows.map(toItem);
    if (items.length === 0) return [];
    return withCells(items, await this.db.rows(cellsForItems(items.map((i) => i.id))));
  }

  async itemAudiences(incidentId: string): Promise<ItemAudiences> {
    const rows = await this.db.rows(sql<{ id: string; reporters: string[]; platforms: string[] }>`
      SELECT i.id, i.reporters,
             ARRAY(SELECT c.platform_key FROM containment_cells c WHERE c.item_id = i.id) AS platforms
        FROM items i
       WHERE i.incident_id = ${incidentId} AND i.visibility = 'coordination'`);
    return new Map(
      rows.map((r) => [
        r.id,
        { visibility: 'coordination', reporters: r.reporters ?? [], platforms: r.platforms ?? [] },
      ]),
    );
  }

  async itemsWithCells(
    incidentIds: readonly string[],
    itemIds: string[],
  ): Promise<{ item: ItemRecord; cells: CellRecord[] }[]> {
    if (itemIds.length === 0 || incidentIds.length === 0) return [];
    const [rows, cells] = await Promise.all([
      this.db.rows(
        sql<ItemRow>`SELECT * FROM items
                      WHERE incident_id = ANY(${incidentIds}::uuid[]) AND id = ANY(${itemIds}::uuid[])`,
      ),
      this.db.rows(cellsForItems(itemIds)),
    ]);
    return withCells(rows.map(toItem), cells);
  }

  async itemWithCells(
    incidentId: string,
    itemId: string,
  ): Promise<{ item: ItemRecord; cells: CellRecord[] } | null> {
    const row = await this.db.one(
      sql<ItemRow>`SELECT * FROM items WHERE incident_id = ${incidentId} AND id = ${itemId}`,
    );
    if (!row) return null;
    const cells = await this.db.rows(
      sql<CellRow>`SELECT * FROM containment_cells WHERE item_id = ${itemId} ORDER BY platform_key`,
    );
    return { item: toItem(row), cells: cells.map(toCell) };
  }

  async cells(incidentId: string): Promise<CellRecord[]> {
    const rows = await this.db.rows(
      sql<CellRow>`SELECT * FROM containment_cells WHERE incident_id = ${incidentId}`,
    );
    return rows.map(toCell);
  }

  /** `isOverdue` of the containment machine, in SQL: one query for a whole page of incidents. */
  async overdueCounts(
    incidentIds: readonly string[],
    now: Date,
    seenBy?: ItemPageQuery['seenBy'],
  ): Promise<Map<string, number>> {
    if (incidentIds.length === 0) return new Map();
    // canSeeItem in SQL, for a reader outside the coordination circle: other flaggers' flags are not counted.
    const seen = seenBy
      ? sql`AND EXISTS (SELECT 1 FROM items i WHERE i.id = containment_cells.item_id
              AND (i.visibility = 'participants' OR ${seenBy.organisationId}::uuid = ANY(i.reporters)
                   OR EXISTS (SELECT 1 FROM containment_cells v
                               WHERE v.item_id = i.id AND v.platform_key = ${seenBy.platformKey ?? null}::text)))`
      : sql.empty;
    const rows = await this.db.rows(sql<{ incident_id: string; overdue: number }>`
      SELECT incident_id, count(*)::int AS overdue
        FROM containment_cells
       WHERE incident_id = ANY(${incidentIds}::uuid[]) ${seen}
         AND status <> ${PAUSING_STATUS} AND paused_at IS NULL
         AND (   (ack_due_at <= ${now} AND acknowledged_at IS NULL AND status <> ALL(${ACKNOWLEDGING_STATUSES}::text[]))
              OR (action_due_at <= ${now} AND acted_at IS NULL AND status <> ALL(${ACTING_STATUSES}::text[])))
       GROUP BY incident_id`);
    return new Map(rows.map((r) => [r.incident_id, Number(r.overdue)]));
  }

  async events(incidentId: string, afterSeq: number, limit: number): Promise<EventRecord[]> {
    const rows = await this.db.rows(sql<EventRow>`
      SELECT * FROM incident_events WHERE incident_id = ${incidentId} AND seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`);
    return rows.map(toEvent);
  }

  async lastSeq(incidentId: string): Promise<number> {
    const row = await this.db.one(
      sql<Pick<IncidentRow, 'last_seq'>>`SELECT last_seq FROM incidents WHERE id = ${incidentId}`,
    );
    return row ? Number(row.last_seq) : 0;
  }

  async hasEvent(incidentId: string, type: string, dataKey: string, dataValue: string): Promise<boolean> {
    const row = await this.db.one(sql<{ found: 1 }>`
      SELECT 1 AS found FROM incident_events
       WHERE incident_id = ${incidentId} AND type = ${type} AND data ->> ${dataKey} = ${dataValue}
       LIMIT 1`);
    return row !== null;
  }

  async allItems(incidentId: string): Promise<ItemRecord[]> {
    const rows = await this.db.rows(
      sql<ItemRow>`SELECT * FROM items WHERE incident_id = ${incidentId} ORDER BY created_at, id`,
    );
    return rows.map(toItem);
  }
}
