import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-mail outbox of election warnings: one row per warning and tier-1 contact of a receiving
 * organisation, written with the warning in one transaction, so a warning committed is a warning mailed
 * (a worker sends what is still `sending`; a retry skips what the mail server already accepted).
 */
export class WarningMails1763800000420 implements MigrationInterface {
  name = 'WarningMails1763800000420';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE warning_mails (
        warning_id uuid NOT NULL REFERENCES election_warnings(id),
        contact_id uuid NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        name text NOT NULL,
        email text NOT NULL,
        message_id text NOT NULL,
        status text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (warning_id, contact_id)
      )`);
    await q.query(
      `CREATE INDEX warning_mails_sending_idx ON warning_mails (created_at) WHERE status = 'sending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE warning_mails`);
  }
}
