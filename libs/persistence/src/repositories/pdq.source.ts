import type { PdqItemEntry, PdqSource } from '@hub/domain';
import type { DataSource } from 'typeorm';

type Row = {
  id: string;
  incident_id: string;
  hash_algorithm: PdqItemEntry['algorithm'];
  hash_value: string;
  hash_quality: number | null;
  mode: PdqItemEntry['mode'];
  created_at: Date | string;
};

const toEntry = (r: Row): PdqItemEntry => ({
  itemId: r.id,
  incidentId: r.incident_id,
  algorithm: r.hash_algorithm,
  value: r.hash_value,
  quality: r.hash_quality === null ? null : Number(r.hash_quality),
  mode: r.mode,
  createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
});

export class PgPdqSource implements PdqSource {
  constructor(private readonly db: DataSource) {}

  async allPdqItems(): Promise<PdqItemEntry[]> {
    const rows: Row[] = await this.db.query(
      `SELECT i.id, i.incident_id, i.hash_algorithm, i.hash_value, i.hash_quality, n.mode, i.created_at
         FROM items i JOIN incidents n ON n.id = i.incident_id
        WHERE i.hash_algorithm IN ('pdq', 'vpdq')
        ORDER BY i.created_at, i.id`,
    );
    return rows.map(toEntry);
  }

  /**
   * Runs every few seconds in every process. There is no index on items.created_at alone, but there is one
   * on (incident_id, created_at, id): one short probe per incident stays cheap however many hashes there are.
   */
  async pdqItemsSince(createdAfter: Date): Promise<PdqItemEntry[]> {
    const rows: Row[] = await this.db.query(
      `SELECT i.id, i.incident_id, i.hash_algorithm, i.hash_value, i.hash_quality, n.mode, i.created_at
         FROM incidents n
         CROSS JOIN LATERAL (
           SELECT id, incident_id, hash_algorithm, hash_value, hash_quality, created_at FROM items
            WHERE incident_id = n.id AND created_at > $1 AND hash_algorithm IN ('pdq', 'vpdq')
         ) i
        ORDER BY i.created_at, i.id`,
      [createdAfter],
    );
    return rows.map(toEntry);
  }
}
