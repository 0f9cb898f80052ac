import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Banks under pressure: a bank's own match distance and whether it holds known-benign content (`negative`);
 * a signal's URL identity (the key items are deduplicated by), its quarantine and its review flag; the hits
 * counted per signal (a flood quarantines it; held hits wait for its release); participants' feedback on
 * hits; and the cursor of the pass that takes new signals back over open incidents' items.
 */
export class BanksUnderPressure1763800000110 implements MigrationInterface {
  name = 'BanksUnderPressure1763800000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE banks
        ADD COLUMN negative boolean NOT NULL DEFAULT false,
        ADD COLUMN max_distance smallint NOT NULL DEFAULT 31 CHECK (max_distance BETWEEN 0 AND 64)`);
    await q.query(`
      ALTER TABLE bank_signals
        ADD COLUMN url_key text,
        ADD COLUMN quarantined_at timestamptz,
        ADD COLUMN released_at timestamptz,
        ADD COLUMN review_at timestamptz`);
    await q.query(
      `CREATE INDEX bank_signals_url_key_idx ON bank_signals (url_key) WHERE url_key IS NOT NULL`,
    );
    await q.query(`
      CREATE INDEX bank_signals_quarantined_idx ON bank_signals (bank_id, seq)
       WHERE quarantined_at IS NOT NULL AND removed_at IS NULL`);
    await q.query(`
      CREATE TABLE bank_signal_hits (
        id bigserial PRIMARY KEY,
        signal_id uuid NOT NULL,
        bank_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        item_id uuid NOT NULL,
        triggered_by text NOT NULL,
        distance integer NOT NULL,
        held boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (signal_id, item_id)
      )`);
    await q.query(`CREATE INDEX bank_signal_hits_recent_idx ON bank_signal_hits (signal_id, at)`);
    await q.query(`
      CREATE TABLE bank_feedback (
        id bigserial PRIMARY KEY,
        bank_id uuid NOT NULL,
        signal_id uuid NOT NULL,
        member_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        item_id uuid,
        verdict text NOT NULL CHECK (verdict IN ('agree', 'disagree')),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    // One verdict per member, signal and item (or none): a changed mind replaces the earlier one.
    await q.query(`
      CREATE UNIQUE INDEX bank_feedback_once_idx
          ON bank_feedback (signal_id, member_id, coalesce(item_id, '00000000-0000-0000-0000-000000000000'))`);
    await q.query(`CREATE INDEX bank_feedback_bank_idx ON bank_feedback (bank_id)`);
    await q.query(`CREATE TABLE bank_backfill (id smallint PRIMARY KEY, seq bigint NOT NULL)`);
    // Signals added before this migration were checked as they always were: the pass starts from now.
    await q.query(`INSERT INTO bank_backfill SELECT 1, coalesce(max(seq), 0) FROM bank_signals`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS bank_backfill, bank_feedback, bank_signal_hits`);
    await q.query(`DROP INDEX IF EXISTS bank_signals_url_key_idx, bank_signals_quarantined_idx`);
    await q.query(`
      ALTER TABLE bank_signals DROP COLUMN url_key, DROP COLUMN quarantined_at, DROP COLUMN released_at,
        DROP COLUMN review_at`);
    await q.query(`ALTER TABLE banks DROP COLUMN negative, DROP COLUMN max_distance`);
  }
}
