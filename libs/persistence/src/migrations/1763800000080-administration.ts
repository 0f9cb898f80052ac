import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Administration: organisations and members can be switched off (and on again), a webhook secret can be
 * rotated with the previous one still signing for a grace period, and every administrative act is a row of
 * an append-only, hash-chained log whose head is one locked row (appends are serialised by it).
 */
export class Administration1763800000080 implements MigrationInterface {
  name = 'Administration1763800000080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisations
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN deactivated_at timestamptz,
        ADD COLUMN webhook_previous_secret text,
        ADD COLUMN webhook_previous_secret_until timestamptz,
        ADD COLUMN exercise_webhook_previous_secret text,
        ADD COLUMN exercise_webhook_previous_secret_until timestamptz`);
    await q.query(`
      ALTER TABLE members
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN deactivated_at timestamptz`);
    await q.query(`
      CREATE TABLE admin_audit (
        id bigserial PRIMARY KEY,
        seq integer NOT NULL UNIQUE,
        at timestamptz NOT NULL,
        action text NOT NULL,
        actor_member_id uuid,
        actor_organisation_id uuid,
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        data jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE admin_audit_head (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        last_seq integer NOT NULL,
        last_hash char(64) NOT NULL
      )`);
    await q.query(`INSERT INTO admin_audit_head (last_seq, last_hash) VALUES (0, repeat('0', 64))`);
    await q.query(`
      CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'admin_audit is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER admin_audit_no_update BEFORE UPDATE OR DELETE ON admin_audit
      FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_audit_head`);
    await q.query(`DROP TABLE admin_audit`);
    await q.query(`DROP FUNCTION admin_audit_append_only`);
    await q.query(`
      ALTER TABLE members DROP COLUMN active, DROP COLUMN deactivated_at`);
    await q.query(`
      ALTER TABLE organisations
        DROP COLUMN active, DROP COLUMN deactivated_at,
        DROP COLUMN webhook_previous_secret, DROP COLUMN webhook_previous_secret_until,
        DROP COLUMN exercise_webhook_previous_secret, DROP COLUMN exercise_webhook_previous_secret_until`);
  }
}
