import type { CellRecord, EventRecord, IncidentQueries, ItemPageQuery, ItemRecord } from '@hub/domain';
import { ACKNOWLEDGING_STATUSES, ACTING_STATUSES, PAUSING_STATUS } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { toCell, toEvent, toItem } from './row-mappers';

export class PgIncidentQueries implements IncidentQueries {
  constructor(private readonly db: DataSource) {}

  async items(query: ItemPageQuery): Promise<{ item: ItemRecord; cells: CellRecord[] }[]> {
    const where = ['i.incident_id = $1'];
    const values: unknown[] = [query.incidentId];
    if (query.platformKey || query.status) {
      const cond = ['c.item_id = i.id'];
      if (query.platformKey) {
        values.push(query.platformKey);
        cond.push(`c.platform_key = $${values.length}`);
      }
      if (query.status) {
        values.push(query.status);
        cond.push(`c.status = $${values.length}`);
      }
      where.push(`EXISTS (SELECT 1 FROM containment_cells c WHERE ${cond.join(' AND ')})`);
    }
    if (query.after) {
      values.push(query.after.createdAt, query.after.id);
      where.push(`(i.created_at, i.id) > ($${values.length - 1}, $${values.length})`);
    }
    values.push(query.limit);
    const itemRows = await this.db.query(
      `SELECT i.* FROM items i WHERE ${where.join(' AND ')} ORDER BY i.created_at, i.id LIMIT $${values.length}`,
      values,
    );
    const items: ItemRecord[] = itemRows.map(toItem);
    if (items.length === 0) return [];
    const cellRows = await this.db.query(
      `SELECT * FROM containment_cells WHERE item_id = ANY($1::uuid[]) ORDER BY platform_key`,
      [items.map((i) => i.id)],
    );
    const byItem = new Map<string, CellRecord[]>();
    for (const cell of cellRows.map(toCell) as CellRecord[]) {
      const list = byItem.get(cell.itemId) ?? [];
      list.push(cell);
      byItem.set(cell.itemId, list);
    }
    return items.map((item) => ({ item, cells: byItem.get(item.id) ?? [] }));
  }

  async itemWithCells(
    incidentId: string,
    itemId: string,
  ): Promise<{ item: ItemRecord; cells: CellRecord[] } | null> {
    const rows = await this.db.query(`SELECT * FROM items WHERE incident_id = $1 AND id = $2`, [
      incidentId,
      itemId,
    ]);
    if (!rows[0]) return null;
    const cells = await this.db.query(
      `SELECT * FROM containment_cells WHERE item_id = $1 ORDER BY platform_key`,
      [itemId],
    );
    return { item: toItem(rows[0]), cells: cells.map(toCell) };
  }

  async cells(incidentId: string): Promise<CellRecord[]> {
    const rows = await this.db.query(`SELECT * FROM containment_cells WHERE incident_id = $1`, [incidentId]);
    return rows.map(toCell);
  }

  /** `isOverdue` of the containment machine, in SQL: one query for a whole page of incidents. */
  async overdueCounts(incidentIds: readonly string[], now: Date): Promise<Map<string, number>> {
    if (incidentIds.length === 0) return new Map();
    const rows: { incident_id: string; overdue: number }[] = await this.db.query(
      `SELECT incident_id, count(*)::int AS overdue
         FROM containment_cells
        WHERE incident_id = ANY($1::uuid[])
          AND status <> $3 AND paused_at IS NULL
          AND (   (ack_due_at <= $2 AND acknowledged_at IS NULL AND status <> ALL($4::text[]))
               OR (action_due_at <= $2 AND acted_at IS NULL AND status <> ALL($5::text[])))
        GROUP BY incident_id`,
      [incidentIds, now, PAUSING_STATUS, ACKNOWLEDGING_STATUSES, ACTING_STATUSES],
    );
    return new Map(rows.map((r) => [r.incident_id, Number(r.overdue)]));
  }

  async events(incidentId: string, afterSeq: number, limit: number): Promise<EventRecord[]> {
    const rows = await this.db.query(
      `SELECT * FROM incident_events WHERE incident_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [incidentId, afterSeq, limit],
    );
    return rows.map(toEvent);
  }

  async lastSeq(incidentId: string): Promise<number> {
    const rows = await this.db.query(`SELECT last_seq FROM incidents WHERE id = $1`, [incidentId]);
    return rows[0] ? Number(rows[0].last_seq) : 0;
  }

  async hasEvent(incidentId: string, type: string, dataKey: string, dataValue: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM incident_events WHERE incident_id = $1 AND type = $2 AND data ->> $3 = $4 LIMIT 1`,
      [incidentId, type, dataKey, dataValue],
    );
    return rows.length > 0;
  }

  async allItems(incidentId: string): Promise<ItemRecord[]> {
    const rows = await this.db.query(`SELECT * FROM items WHERE incident_id = $1 ORDER BY created_at, id`, [
      incidentId,
    ]);
    return rows.map(toItem);
  }
}
