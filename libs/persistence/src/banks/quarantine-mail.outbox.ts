import type { QuarantineMailKey, QuarantineMailOutbox, QuarantineMailRecord } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

interface QuarantineMailRow {
  signal_id: string;
  quarantined_at: Date;
  contact_id: string;
  bank_id: string;
  bank_name: string;
  algorithm: string;
  label: string | null;
  hits: number;
  minutes: number;
  name: string;
  email: string;
  message_id: string;
  attempts: number;
}

// By Message-ID: a Date would drop the microseconds of `quarantined_at`, and no longer name the row.
const keyOf = (k: QuarantineMailKey) => sql`message_id = ${k.messageId}`;

/** The quarantine e-mails owed (written with the quarantine, in `bank-pressure.statements.ts`). */
export class PgQuarantineMailOutbox implements QuarantineMailOutbox {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async pending(limit: number): Promise<QuarantineMailRecord[]> {
    // Claimed for a minute: another worker's pass skips them meanwhile, and takes them up if this one dies.
    const rows = await this.db.rows(sql<QuarantineMailRow>`
      WITH claimed AS (
        UPDATE quarantine_mails m SET leased_until = now() + interval '60 seconds'
          FROM (SELECT signal_id, quarantined_at, contact_id FROM quarantine_mails
                 WHERE status = 'sending' AND (leased_until IS NULL OR leased_until < now())
                 ORDER BY created_at LIMIT ${limit}::int FOR UPDATE SKIP LOCKED) c
         WHERE (m.signal_id, m.quarantined_at, m.contact_id) = (c.signal_id, c.quarantined_at, c.contact_id)
        RETURNING m.*)
      SELECT claimed.*, b.name AS bank_name, s.algorithm, s.label
        FROM claimed JOIN banks b ON b.id = claimed.bank_id JOIN bank_signals s ON s.id = claimed.signal_id
       ORDER BY claimed.created_at`);
    return rows.map((r) => ({
      signalId: r.signal_id,
      quarantinedAt: r.quarantined_at,
      contactId: r.contact_id,
      bankId: r.bank_id,
      bankName: r.bank_name,
      algorithm: r.algorithm,
      label: r.label,
      hits: r.hits,
      minutes: r.minutes,
      name: r.name,
      email: r.email,
      messageId: r.message_id,
      attempts: r.attempts,
    }));
  }

  async markSent(key: QuarantineMailKey, at: Date): Promise<void> {
    await this.db.run(sql`
      UPDATE quarantine_mails SET status = 'sent', sent_at = ${at}::timestamptz, attempts = attempts + 1
       WHERE ${keyOf(key)}`);
  }

  async markAttempt(key: QuarantineMailKey, failed: boolean): Promise<void> {
    await this.db.run(sql`
      UPDATE quarantine_mails
         SET attempts = attempts + 1, leased_until = NULL,
             status = CASE WHEN ${failed}::boolean THEN 'failed' ELSE status END
       WHERE ${keyOf(key)} AND status = 'sending'`);
  }
}
