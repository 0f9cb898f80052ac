import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appending events in one call (NO KEY UPDATE, so the foreign keys of rows inserted in the same
 * transactions, which take KEY SHARE on the incident, never deadlock with it): the incident row is locked, each event linked to the one before with the
 * same SHA-256 link as `linkHash` in libs/domain, the head moved and the commit announced. Holding the lock
 * for one round trip (not one per statement) is what lets many shares into one incident per second.
 */
export class AppendFunction1763800000001 implements MigrationInterface {
  name = 'AppendFunction1763800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents ADD COLUMN config_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE incident_events ADD COLUMN digest char(64)`);
    await q.query(`
      CREATE FUNCTION hub_append_events(
        p_incident uuid, p_expected_version integer, p_at timestamptz,
        p_types text[], p_members uuid[], p_orgs uuid[], p_data jsonb[], p_digests text[]
      ) RETURNS TABLE (event_id bigint, event_seq integer, event_prev_hash char(64), event_hash char(64))
      LANGUAGE plpgsql AS $$
      DECLARE
        v_seq integer;
        v_hash text;
        v_version integer;
        v_first integer;
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
        v_first := v_seq + 1;
        FOR i IN 1 .. coalesce(array_length(p_types, 1), 0) LOOP
          v_seq := v_seq + 1;
          event_prev_hash := v_hash;
          v_hash := encode(sha256(convert_to(v_hash || E'\\n' || v_seq || E'\\n' || p_digests[i], 'UTF8')), 'hex');
          INSERT INTO incident_events (incident_id, seq, type, actor_member_id, actor_organisation_id, data, at, prev_hash, hash, digest)
          VALUES (p_incident, v_seq, p_types[i], p_members[i], p_orgs[i], p_data[i], p_at, event_prev_hash, v_hash, p_digests[i])
          RETURNING id INTO event_id;
          event_seq := v_seq;
          event_hash := v_hash;
          RETURN NEXT;
        END LOOP;
        IF v_seq >= v_first THEN
          UPDATE incidents SET last_seq = v_seq, last_hash = v_hash WHERE id = p_incident;
          PERFORM pg_notify('hub_events', json_build_object('incidentId', p_incident, 'fromSeq', v_first, 'toSeq', v_seq)::text);
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS hub_append_events`);
    await q.query(`ALTER TABLE incident_events DROP COLUMN IF EXISTS digest`);
    await q.query(`ALTER TABLE incidents DROP COLUMN IF EXISTS config_version`);
  }
}
