import type { ElectionExtensionRecord, ElectionFilter, ElectionRecord, ElectionStore } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import { toElection } from './election.mappers';
import type { ElectionExtensionRow, ElectionRow } from './election.rows';

const COLUMNS = sql.raw(`id, name, country, voting_days::text[] AS voting_days, active_from, active_until,
  languages, participants, platforms, created_by, created_at, updated_at`);

export class PgElectionStore implements ElectionStore {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insert(e: ElectionRecord): Promise<void> {
    await this.db.run(sql`
      INSERT INTO elections (id, name, country, voting_days, active_from, active_until, languages,
                             participants, platforms, created_by, created_at, updated_at)
      VALUES (${e.id}, ${e.name}, ${e.country}, ${e.votingDays}::date[], ${e.activeFrom}, ${e.activeUntil},
              ${e.languages}::text[], ${e.participants}::uuid[], ${e.platforms}::text[], ${e.createdBy},
              ${e.createdAt}, ${e.updatedAt})`);
  }

  async find(id: string): Promise<ElectionRecord | null> {
    const row = await this.db.one(sql<ElectionRow>`SELECT ${COLUMNS} FROM elections WHERE id = ${id}::uuid`);
    if (!row) return null;
    return toElection(row, await this.extensionsOf([row.id]));
  }

  async list(filter: ElectionFilter): Promise<ElectionRecord[]> {
    const conditions: Sql[] = [];
    if (filter.participant) conditions.push(sql`participants @> ARRAY[${filter.participant}::uuid]`);
    if (filter.status === 'scheduled') conditions.push(sql`active_from > ${filter.now}`);
    if (filter.status === 'active') {
      conditions.push(sql`active_from <= ${filter.now} AND active_until >= ${filter.now}`);
    }
    if (filter.status === 'ended') conditions.push(sql`active_until < ${filter.now}`);
    if (filter.after) {
      conditions.push(sql`(created_at, id) < (${filter.after.createdAt}, ${filter.after.id}::uuid)`);
    }
    const where = conditions.length ? sql`WHERE ${sql.join(conditions, ' AND ')}` : sql.empty;
    const rows = await this.db.rows(sql<ElectionRow>`
      SELECT ${COLUMNS} FROM elections ${where} ORDER BY created_at DESC, id DESC LIMIT ${filter.limit}`);
    const extensions = await this.extensionsOf(rows.map((r) => r.id));
    return rows.map((r) => toElection(r, extensions));
  }

  async extend(x: ElectionExtensionRecord): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const moved = await tx.run(sql`
        UPDATE elections SET active_until = ${x.until}, updated_at = ${x.at}
         WHERE id = ${x.electionId}::uuid AND active_until = ${x.previousUntil}`);
      if (moved !== 1) return false;
      await tx.run(sql`
        INSERT INTO election_extensions (id, election_id, previous_until, until, reason, member_id,
                                         organisation_id, at)
        VALUES (${x.id}, ${x.electionId}, ${x.previousUntil}, ${x.until}, ${x.reason}, ${x.memberId},
                ${x.organisationId}, ${x.at})`);
      return true;
    });
  }

  private async extensionsOf(ids: string[]): Promise<ElectionExtensionRow[]> {
    if (ids.length === 0) return [];
    return this.db.rows(sql<ElectionExtensionRow>`
      SELECT * FROM election_extensions WHERE election_id = ANY(${ids}::uuid[]) ORDER BY at, id`);
  }
}
