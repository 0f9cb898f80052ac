import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Elections: named windows of at most 90 days (extended only with a recorded reason), incidents under them,
 * what flaggers share (visibility, narratives, DISARM techniques), and the warnings participants send each
 * other with who acknowledged them.
 */
export class Elections1763800000410 implements MigrationInterface {
  name = 'Elections1763800000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE elections (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        country char(2),
        voting_days date[] NOT NULL,
        active_from timestamptz NOT NULL,
        active_until timestamptz NOT NULL,
        languages text[] NOT NULL DEFAULT '{}',
        participants uuid[] NOT NULL DEFAULT '{}',
        platforms text[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (active_until > active_from)
      )`);
    await q.query(`CREATE INDEX elections_participants_idx ON elections USING gin (participants)`);
    await q.query(`CREATE INDEX elections_active_idx ON elections (active_from DESC, id DESC)`);
    // The record of every change of the window: an extension says who, when, from what to what, and why.
    await q.query(`
      CREATE TABLE election_extensions (
        id uuid PRIMARY KEY,
        election_id uuid NOT NULL REFERENCES elections(id),
        previous_until timestamptz NOT NULL,
        until timestamptz NOT NULL,
        reason text NOT NULL,
        member_id uuid REFERENCES members(id),
        organisation_id uuid REFERENCES organisations(id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX election_extensions_election_idx ON election_extensions (election_id, at)`);
    await q.query(`ALTER TABLE incidents ADD COLUMN election_id uuid REFERENCES elections(id)`);
    await q.query(
      `CREATE INDEX incidents_election_idx ON incidents (election_id) WHERE election_id IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE items
        ADD COLUMN visibility text NOT NULL DEFAULT 'participants'
          CHECK (visibility IN ('participants', 'coordination')),
        ADD COLUMN techniques text[] NOT NULL DEFAULT '{}',
        ADD COLUMN narrative jsonb`);
    await q.query(`
      CREATE TABLE election_warnings (
        id uuid PRIMARY KEY,
        election_id uuid NOT NULL REFERENCES elections(id),
        title text NOT NULL,
        text text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'urgent')),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        member_id uuid REFERENCES members(id),
        recipients uuid[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX election_warnings_election_idx ON election_warnings (election_id, created_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE warning_acknowledgements (
        warning_id uuid NOT NULL REFERENCES election_warnings(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        member_id uuid REFERENCES members(id),
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (warning_id, organisation_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE warning_acknowledgements`);
    await q.query(`DROP TABLE election_warnings`);
    await q.query(`ALTER TABLE items DROP COLUMN narrative, DROP COLUMN techniques, DROP COLUMN visibility`);
    await q.query(`ALTER TABLE incidents DROP COLUMN election_id`);
    await q.query(`DROP TABLE election_extensions`);
    await q.query(`DROP TABLE elections`);
  }
}
