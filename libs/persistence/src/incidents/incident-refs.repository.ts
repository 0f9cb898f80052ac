import type { IncidentRefs } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

/** References are unique (`incidents.ref`), so a lookup is one index probe. */
export class PgIncidentRefs implements IncidentRefs {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async idOfRef(ref: string): Promise<string | null> {
    const row = await this.db.one(sql<{ id: string }>`SELECT id FROM incidents WHERE ref = ${ref}`);
    return row?.id ?? null;
  }
}
