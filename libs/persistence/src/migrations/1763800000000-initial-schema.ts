import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('hub','coordinator','authority','platform','observer')),
        country char(2),
        platform_key text UNIQUE,
        domains text[] NOT NULL DEFAULT '{}',
        webhook_url text,
        webhook_secret text,
        exercise_webhook_url text,
        exercise_webhook_secret text,
        simulated boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'platform') = (platform_key IS NOT NULL)),
        CHECK (kind <> 'authority' OR country IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE members (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('coordinator','authority','liaison','observer','admin')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX members_organisation_idx ON members (organisation_id)`);
    await q.query(`
      CREATE TABLE tokens (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES members(id),
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY,
        ref text NOT NULL UNIQUE,
        title text NOT NULL,
        summary text NOT NULL,
        category text NOT NULL,
        protocol text NOT NULL,
        level text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('live','exercise')),
        status text NOT NULL,
        participants uuid[] NOT NULL DEFAULT '{}',
        platforms text[] NOT NULL DEFAULT '{}',
        criteria text[] NOT NULL DEFAULT '{}',
        rationale text,
        closing_summary text,
        review_summary text,
        created_by uuid REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        last_seq integer NOT NULL DEFAULT 0,
        last_hash char(64) NOT NULL DEFAULT repeat('0', 64)
      )`);
    await q.query(`CREATE INDEX incidents_participants_idx ON incidents USING gin (participants)`);
    await q.query(`CREATE INDEX incidents_created_idx ON incidents (created_at DESC, id DESC)`);
    await q.query(`CREATE SEQUENCE incident_ref_seq`);
    await q.query(`
      CREATE TABLE items (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents(id),
        kind text NOT NULL,
        dedup_key text NOT NULL,
        url text,
        submitted_url text,
        hash_algorithm text,
        hash_value text,
        hash_quality smallint,
        account_platform text,
        account_handle text,
        channel text NOT NULL,
        legal_reference text,
        platform_key text,
        metadata jsonb NOT NULL DEFAULT '{}',
        reporters uuid[] NOT NULL,
        variant_of uuid,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        purged_at timestamptz,
        UNIQUE (incident_id, dedup_key)
      )`);
    await q.query(`CREATE INDEX items_incident_created_idx ON items (incident_id, created_at, id)`);
    await q.query(`CREATE INDEX items_pdq_idx ON items (hash_algorithm) WHERE hash_algorithm = 'pdq'`);
    await q.query(`
      CREATE TABLE containment_cells (
        item_id uuid NOT NULL REFERENCES items(id),
        platform_key text NOT NULL,
        incident_id uuid NOT NULL REFERENCES incidents(id),
        status text NOT NULL,
        reason text,
        ack_due_at timestamptz,
        action_due_at timestamptz,
        notified_at timestamptz,
        acknowledged_at timestamptz,
        acted_at timestamptz,
        paused_at timestamptz,
        overdue_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item_id, platform_key)
      )`);
    await q.query(
      `CREATE INDEX cells_incident_platform_idx ON containment_cells (incident_id, platform_key)`,
    );
    await q.query(`
      CREATE TABLE item_feedback (
        item_id uuid NOT NULL REFERENCES items(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        member_id uuid NOT NULL REFERENCES members(id),
        verdict text NOT NULL,
        note text,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item_id, member_id)
      )`);
    // The spine: one append-only, hash-chained log per incident. tx_id lets the relay follow the log
    // in commit order without skipping rows whose transaction commits late.
    await q.query(`
      CREATE TABLE incident_events (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents(id),
        seq integer NOT NULL,
        type text NOT NULL,
        actor_member_id uuid,
        actor_organisation_id uuid,
        data jsonb NOT NULL,
        at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        UNIQUE (incident_id, seq)
      )`);
    await q.query(`CREATE INDEX incident_events_tx_idx ON incident_events (tx_id, id)`);
    await q.query(`
      CREATE FUNCTION incident_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incident_events is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER incident_events_no_update BEFORE UPDATE OR DELETE ON incident_events
      FOR EACH ROW EXECUTE FUNCTION incident_events_append_only()`);
    await q.query(`
      CREATE TABLE relay_cursors (
        name text PRIMARY KEY,
        tx_id xid8 NOT NULL,
        event_id bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'relay_cursors',
      'incident_events',
      'item_feedback',
      'containment_cells',
      'items',
      'incidents',
      'tokens',
      'members',
      'organisations',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS incident_ref_seq`);
    await q.query(`DROP FUNCTION IF EXISTS incident_events_append_only`);
  }
}
