import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-mail outbox of quarantined signals: one row per quarantine and tier-1 contact of the bank's owner,
 * written in the transaction that quarantines the signal, so a quarantine committed is a quarantine told
 * (a worker sends what is still `sending`; a retry skips what the mail server already accepted). A signal
 * released and quarantined again is told again (`quarantined_at` is part of the key).
 */
export class QuarantineMails1763800000480 implements MigrationInterface {
  name = 'QuarantineMails1763800000480';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quarantine_mails (
        signal_id uuid NOT NULL,
        quarantined_at timestamptz NOT NULL,
        contact_id uuid NOT NULL,
        bank_id uuid NOT NULL REFERENCES banks(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        hits integer NOT NULL,
        minutes integer NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        message_id text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        -- A worker sending it holds it until then: two workers never mail one contact at once.
        leased_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (signal_id, quarantined_at, contact_id)
      )`);
    await q.query(
      `CREATE INDEX quarantine_mails_sending_idx ON quarantine_mails (created_at) WHERE status = 'sending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE quarantine_mails`);
  }
}
