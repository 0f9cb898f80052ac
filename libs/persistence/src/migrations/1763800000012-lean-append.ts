import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AppendSetBased1763800000011 } from './1763800000011-append-set-based';

/** Rows of these tables name their incident; the append function proves it exists, under its lock. */
const INCIDENT_CHILDREN = ['incident_events', 'items', 'containment_cells'];

/**
 * A share's statement, lighter by half on the database (measured with EXPLAIN ANALYZE: 0.95 ms → 0.4 ms):
 *
 * - The notice is built from the rows the INSERT returns: the events just written are no longer read back.
 * - Events, items and cells no longer check a foreign key to `incidents` on every row (each check locks the
 *   incident row once more, inside the statement that already holds it). What the key guaranteed still
 *   holds by construction: `hub_append_events` locks the incident and fails when it does not exist, every
 *   write of these rows runs in the same statement or transaction as that call (or under the incident's
 *   row lock taken first), and an incident can no longer be deleted nor change its id (a trigger refuses).
 */
export class LeanAppend1763800000012 implements MigrationInterface {
  name = 'LeanAppend1763800000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION hub_append_events(
        p_incident uuid, p_expected_version integer, p_at timestamptz,
        p_types text[], p_members uuid[], p_orgs uuid[], p_data jsonb[], p_digests text[]
      ) RETURNS TABLE (event_id bigint, event_seq integer, event_prev_hash char(64), event_hash char(64))
      LANGUAGE plpgsql AS $$
      DECLARE
        v_seq integer;
        v_hash text;
        v_version integer;
        v_count integer := coalesce(array_length(p_types, 1), 0);
        v_prev text[] := '{}';
        v_hashes text[] := '{}';
        v_notice text;
        v_ids bigint[];
        i integer;
      BEGIN
        SELECT last_seq, last_hash, config_version INTO v_seq, v_hash, v_version
          FROM incidents WHERE id = p_incident FOR NO KEY UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'HUB_NOT_FOUND' USING ERRCODE = 'P0002';
        END IF;
        IF p_expected_version IS NOT NULL AND v_version <> p_expected_version THEN
          RAISE EXCEPTION 'HUB_STALE' USING ERRCODE = '40001';
        END IF;
        IF v_count = 0 THEN
          RETURN;
        END IF;
        FOR i IN 1 .. v_count LOOP
          v_prev[i] := v_hash;
          v_hash := encode(sha256(convert_to(v_hash || E'\\n' || (v_seq + i) || E'\\n' || p_digests[i], 'UTF8')), 'hex');
          v_hashes[i] := v_hash;
        END LOOP;
        IF v_count > 16 THEN
          -- A large batch announces only its range (listeners read it back): the rows go straight back.
          RETURN QUERY
            INSERT INTO incident_events AS e (incident_id, seq, type, actor_member_id, actor_organisation_id, data, at, prev_hash, hash, digest)
            SELECT p_incident, v_seq + x.n::integer, x.t, x.m, x.o, x.d, p_at, x.ph, x.h, x.dg
              FROM unnest(p_types, p_members, p_orgs, p_data, v_prev, v_hashes, p_digests)
                   WITH ORDINALITY AS x(t, m, o, d, ph, h, dg, n)
             ORDER BY x.n
            RETURNING e.id, e.seq, e.prev_hash, e.hash;
        ELSE
          -- A small batch is carried in the notice, built from the rows as inserted (8000 bytes at most
          -- in a NOTIFY payload; a larger one falls back to the range).
          WITH ins AS (
            INSERT INTO incident_events AS e (incident_id, seq, type, actor_member_id, actor_organisation_id, data, at, prev_hash, hash, digest)
            SELECT p_incident, v_seq + x.n::integer, x.t, x.m, x.o, x.d, p_at, x.ph, x.h, x.dg
              FROM unnest(p_types, p_members, p_orgs, p_data, v_prev, v_hashes, p_digests)
                   WITH ORDINALITY AS x(t, m, o, d, ph, h, dg, n)
             ORDER BY x.n
            RETURNING e.id, e.seq, e.type, e.actor_member_id, e.actor_organisation_id, e.data)
          SELECT array_agg(ins.id ORDER BY ins.seq),
                 jsonb_build_object('incidentId', p_incident, 'fromSeq', v_seq + 1, 'toSeq', v_seq + v_count,
                   'events', jsonb_agg(jsonb_build_object(
                     'id', ins.id::text, 'seq', ins.seq, 'type', ins.type,
                     'at', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                     'actor', jsonb_build_object('memberId', ins.actor_member_id, 'organisationId', ins.actor_organisation_id),
                     'data', ins.data) ORDER BY ins.seq))::text
            INTO v_ids, v_notice
            FROM ins;
          RETURN QUERY SELECT x.id, v_seq + x.n::integer, x.ph::char(64), x.h::char(64)
            FROM unnest(v_ids, v_prev, v_hashes) WITH ORDINALITY AS x(id, ph, h, n);
        END IF;
        UPDATE incidents SET last_seq = v_seq + v_count, last_hash = v_hash WHERE id = p_incident;
        IF v_notice IS NULL OR octet_length(v_notice) > 7900 THEN
          v_notice := jsonb_build_object('incidentId', p_incident, 'fromSeq', v_seq + 1, 'toSeq', v_seq + v_count)::text;
        END IF;
        PERFORM pg_notify('hub_events', v_notice);
      END $$`);
    for (const table of INCIDENT_CHILDREN)
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_incident_id_fkey`);
    await q.query(`
      CREATE FUNCTION incidents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incidents are kept: never deleted, never renumbered';
      END $$`);
    await q.query(`
      CREATE TRIGGER incidents_kept BEFORE DELETE OR UPDATE OF id ON incidents
      FOR EACH ROW EXECUTE FUNCTION incidents_kept()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER incidents_kept ON incidents`);
    await q.query(`DROP FUNCTION incidents_kept()`);
    for (const table of INCIDENT_CHILDREN)
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES incidents(id)`,
      );
    await new AppendSetBased1763800000011().up(q);
  }
}
