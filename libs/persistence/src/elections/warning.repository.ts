import type { WarningMailRecord, WarningRecord, WarningStore } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import { toWarning } from './election.mappers';
import type { WarningAcknowledgementRow, WarningRow } from './election.rows';

/** The channel on which a committed warning, or acknowledgement, is told to every api process. */
export const WARNINGS_CHANNEL = 'hub_warnings';

/**
 * What the channel carries: ids only (a warning's text may exceed what a notification holds); the
 * acknowledgement carries all its socket event needs.
 */
export type WarningNotice =
  | { kind: 'issued'; warningId: string }
  | {
      kind: 'acknowledged';
      warningId: string;
      electionId: string;
      /** The issuing organisation, whose sockets are told. */
      issuer: string;
      organisationId: string;
      at: string;
    };

const notify = (notice: WarningNotice) =>
  sql`SELECT pg_notify(${WARNINGS_CHANNEL}::text, ${JSON.stringify(notice)}::text)`;

export class PgWarningStore implements WarningStore {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insert(w: WarningRecord, mails: WarningMailRecord[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(sql`
        INSERT INTO election_warnings (id, election_id, title, text, severity, organisation_id, member_id,
                                       recipients, created_at)
        VALUES (${w.id}, ${w.electionId}, ${w.title}, ${w.text}, ${w.severity}, ${w.organisationId},
                ${w.memberId}, ${w.recipients}::uuid[], ${w.createdAt})`);
      if (mails.length > 0) {
        const each = <T>(f: (m: WarningMailRecord) => T) => mails.map(f);
        await tx.run(sql`
          INSERT INTO warning_mails (warning_id, contact_id, organisation_id, name, email, message_id, created_at)
          SELECT ${w.id}::uuid, c, o, n, e, m, ${w.createdAt}
            FROM unnest(${each((m) => m.contactId)}::uuid[], ${each((m) => m.organisationId)}::uuid[],
                        ${each((m) => m.name)}::text[], ${each((m) => m.email)}::text[],
                        ${each((m) => m.messageId)}::text[]) AS t(c, o, n, e, m)`);
      }
      await tx.run(notify({ kind: 'issued', warningId: w.id }));
    });
  }

  async find(id: string): Promise<WarningRecord | null> {
    const row = await this.db.one(sql<WarningRow>`SELECT * FROM election_warnings WHERE id = ${id}::uuid`);
    if (!row) return null;
    return toWarning(row, await this.acknowledgementsOf([row.id]));
  }

  async listByElection(electionId: string, limit: number): Promise<WarningRecord[]> {
    const rows = await this.db.rows(sql<WarningRow>`
      SELECT * FROM election_warnings WHERE election_id = ${electionId}::uuid
       ORDER BY created_at DESC, id DESC LIMIT ${limit}::int`);
    const acks = await this.acknowledgementsOf(rows.map((r) => r.id));
    return rows.map((r) => toWarning(r, acks));
  }

  async acknowledge(w: WarningRecord, organisationId: string, memberId: string, at: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const added = await tx.run(sql`
        INSERT INTO warning_acknowledgements (warning_id, organisation_id, member_id, at)
        VALUES (${w.id}::uuid, ${organisationId}::uuid, ${memberId}::uuid, ${at})
        ON CONFLICT (warning_id, organisation_id) DO NOTHING`);
      if (added !== 1) return false;
      await tx.run(
        notify({
          kind: 'acknowledged',
          warningId: w.id,
          electionId: w.electionId,
          issuer: w.organisationId,
          organisationId,
          at: at.toISOString(),
        }),
      );
      return true;
    });
  }

  private async acknowledgementsOf(ids: string[]): Promise<WarningAcknowledgementRow[]> {
    if (ids.length === 0) return [];
    return this.db.rows(sql<WarningAcknowledgementRow>`
      SELECT * FROM warning_acknowledgements WHERE warning_id = ANY(${ids}::uuid[]) ORDER BY at, organisation_id`);
  }
}
