import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hash banks: standing lists of known content, their signals (one per bank and `(algorithm, value)`), the
 * imports that fill them, and an append-only log of every change to a bank.
 */
export class HashBanks1763800000040 implements MigrationInterface {
  name = 'HashBanks1763800000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE banks (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        description text,
        visibility text NOT NULL CHECK (visibility IN ('members','participants')),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        created_by uuid REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        signal_count bigint NOT NULL DEFAULT 0
      )`);
    // No foreign keys from signals to members: an import writes ten million rows, each check would cost.
    await q.query(`
      CREATE TABLE bank_signals (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        bank_id uuid NOT NULL REFERENCES banks(id),
        algorithm text NOT NULL CHECK (algorithm IN ('pdq','md5','sha1','sha256','url')),
        value text NOT NULL,
        quality smallint,
        matchable boolean NOT NULL,
        label text,
        source_ref text,
        added_by_member uuid,
        added_by_organisation uuid,
        import_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz,
        CONSTRAINT bank_signals_dedup UNIQUE (bank_id, algorithm, value)
      )`);
    await q.query(`CREATE INDEX bank_signals_page_idx ON bank_signals (bank_id, seq)`);
    // The index loads every matchable PDQ signal in seq order at start.
    await q.query(
      `CREATE INDEX bank_signals_pdq_idx ON bank_signals (seq) WHERE algorithm = 'pdq' AND matchable`,
    );
    await q.query(`
      CREATE TABLE bank_imports (
        id uuid PRIMARY KEY,
        bank_id uuid NOT NULL REFERENCES banks(id),
        format text NOT NULL,
        state text NOT NULL CHECK (state IN ('running','completed','failed')),
        lines_read bigint NOT NULL DEFAULT 0,
        added bigint NOT NULL DEFAULT 0,
        duplicates bigint NOT NULL DEFAULT 0,
        rejected_count bigint NOT NULL DEFAULT 0,
        rejected jsonb NOT NULL DEFAULT '[]',
        error text,
        started_by uuid REFERENCES members(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX bank_imports_bank_idx ON bank_imports (bank_id, started_at DESC)`);
    await q.query(`
      CREATE TABLE bank_events (
        id bigserial PRIMARY KEY,
        bank_id uuid NOT NULL REFERENCES banks(id),
        type text NOT NULL,
        actor_member_id uuid,
        actor_organisation_id uuid,
        data jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX bank_events_bank_idx ON bank_events (bank_id, id)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION bank_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'bank_events is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER bank_events_no_update BEFORE UPDATE OR DELETE ON bank_events
      FOR EACH ROW EXECUTE FUNCTION bank_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bank_events`);
    await q.query(`DROP FUNCTION bank_events_append_only()`);
    await q.query(`DROP TABLE bank_imports`);
    await q.query(`DROP TABLE bank_signals`);
    await q.query(`DROP TABLE banks`);
  }
}
