import type { PdqItemEntry, PdqSource } from '@hub/domain';
import type { DataSource } from 'typeorm';
import type { IncidentRow, ItemRow } from '../incidents/incident.rows';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

/** An item's PDQ or vPDQ hash with its incident's mode. */
type PdqRow = Pick<ItemRow, 'id' | 'incident_id' | 'hash_value' | 'hash_quality' | 'created_at'> &
  Pick<IncidentRow, 'mode'> & { hash_algorithm: PdqItemEntry['algorithm'] };

const toEntry = (r: PdqRow): PdqItemEntry => ({
  itemId: r.id,
  incidentId: r.incident_id,
  algorithm: r.hash_algorithm,
  value: r.hash_value!,
  quality: r.hash_quality === null ? null : Number(r.hash_quality),
  mode: r.mode,
  createdAt: r.created_at,
});

export class PgPdqSource implements PdqSource {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async *pdqItemPages(): AsyncGenerator<PdqItemEntry[]> {
    const statement = sql<PdqRow>`
      SELECT i.id, i.incident_id, i.hash_algorithm, i.hash_value, i.hash_quality, n.mode, i.created_at
        FROM items i JOIN incidents n ON n.id = i.incident_id
       WHERE i.hash_algorithm IN ('pdq', 'vpdq')
       ORDER BY i.created_at, i.id`;
    for await (const page of this.db.pages(statement)) yield page.map(toEntry);
  }

  /**
   * Runs every few seconds in every process. There is no index on items.created_at alone, but there is one
   * on (incident_id, created_at, id): one short probe per incident stays cheap however many hashes there are.
   */
  async pdqItemsSince(createdAfter: Date): Promise<PdqItemEntry[]> {
    const rows = await this.db.rows(sql<PdqRow>`
      SELECT i.id, i.incident_id, i.hash_algorithm, i.hash_value, i.hash_quality, n.mode, i.created_at
        FROM incidents n
        CROSS JOIN LATERAL (
          SELECT id, incident_id, hash_algorithm, hash_value, hash_quality, created_at FROM items
           WHERE incident_id = n.id AND created_at > ${createdAfter} AND hash_algorithm IN ('pdq', 'vpdq')
        ) i
       ORDER BY i.created_at, i.id`);
    return rows.map(toEntry);
  }
}
