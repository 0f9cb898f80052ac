import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contact points of organisations, and the e-mail outbox: which cells each batch covers (a cell, or an
 * overdue reminder, belongs to one batch only), one row per e-mail (batch, recipient) that is marked sent
 * once the mail server accepted it, and the hub's own secrets (the key that signs receipt links).
 */
export class ContactsAndMail1763800000060 implements MigrationInterface {
  name = 'ContactsAndMail1763800000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        name text NOT NULL,
        email text NOT NULL,
        tier smallint NOT NULL CHECK (tier IN (1, 2, 3)),
        languages text[] NOT NULL DEFAULT '{}',
        exercise boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contacts_organisation_idx ON contacts (organisation_id, tier)`);
    await q.query(`
      CREATE TABLE mail_batch_cells (
        source_key text PRIMARY KEY,
        batch_key text NOT NULL,
        incident_id uuid NOT NULL REFERENCES incidents(id),
        item_id uuid NOT NULL,
        platform_key text NOT NULL,
        position integer NOT NULL
      )`);
    await q.query(`CREATE INDEX mail_batch_cells_batch_idx ON mail_batch_cells (batch_key, position)`);
    // An escalation batch reads the incident's overdue reminders: kept apart from the rest of its log.
    await q.query(
      `CREATE INDEX incident_events_overdue_idx ON incident_events (incident_id, id) WHERE type = 'containment.overdue'`,
    );
    await q.query(`
      CREATE TABLE mails (
        id uuid PRIMARY KEY,
        batch_key text NOT NULL,
        contact_id uuid NOT NULL,
        incident_id uuid NOT NULL REFERENCES incidents(id),
        platform_key text NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('new', 'ack', 'act')),
        tier smallint NOT NULL,
        message_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        UNIQUE (batch_key, contact_id)
      )`);
    await q.query(`CREATE INDEX mails_thread_idx ON mails (incident_id, contact_id, created_at)`);
    await q.query(`
      CREATE TABLE hub_secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS hub_secrets`);
    await q.query(`DROP TABLE IF EXISTS mails`);
    await q.query(`DROP INDEX IF EXISTS incident_events_overdue_idx`);
    await q.query(`DROP TABLE IF EXISTS mail_batch_cells`);
    await q.query(`DROP TABLE IF EXISTS contacts`);
  }
}
