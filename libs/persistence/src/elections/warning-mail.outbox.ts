import type { WarningMailOutbox, WarningMailRecord } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import type { WarningMailRow } from './election.rows';

const toMail = (r: WarningMailRow): WarningMailRecord => ({
  warningId: r.warning_id,
  contactId: r.contact_id,
  organisationId: r.organisation_id,
  name: r.name,
  email: r.email,
  messageId: r.message_id,
  status: r.status,
  attempts: r.attempts,
});

export class PgWarningMailOutbox implements WarningMailOutbox {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async pending(warningId: string): Promise<WarningMailRecord[]> {
    const rows = await this.db.rows(sql<WarningMailRow>`
      SELECT * FROM warning_mails WHERE warning_id = ${warningId}::uuid AND status = 'sending'
       ORDER BY organisation_id, contact_id`);
    return rows.map(toMail);
  }

  async markSent(warningId: string, contactId: string, at: Date): Promise<void> {
    await this.db.run(sql`
      UPDATE warning_mails SET status = 'sent', sent_at = ${at}::timestamptz, attempts = attempts + 1
       WHERE warning_id = ${warningId}::uuid AND contact_id = ${contactId}::uuid`);
  }

  async markAttempt(warningId: string, contactId: string, failed: boolean): Promise<void> {
    await this.db.run(sql`
      UPDATE warning_mails
         SET attempts = attempts + 1, status = CASE WHEN ${failed}::boolean THEN 'failed' ELSE status END
       WHERE warning_id = ${warningId}::uuid AND contact_id = ${contactId}::uuid AND status = 'sending'`);
  }

  async stalled(before: Date, limit: number): Promise<string[]> {
    const rows = await this.db.rows(sql<{ warning_id: string }>`
      SELECT DISTINCT warning_id FROM warning_mails
       WHERE status = 'sending' AND created_at < ${before}::timestamptz
       LIMIT ${limit}::int`);
    return rows.map((r) => r.warning_id);
  }
}
