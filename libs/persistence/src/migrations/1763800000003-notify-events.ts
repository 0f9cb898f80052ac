import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The commit notice carries the new events themselves when they fit in a NOTIFY payload, so every api
 * instance can push them to its sockets without reading them back.
 */
export class NotifyEvents1763800000003 implements MigrationInterface {
  name = 'NotifyEvents1763800000003';

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
        v_first integer;
        v_events jsonb := '[]'::jsonb;
        v_notice text;
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
          v_events := v_events || jsonb_build_object(
            'id', event_id::text, 'seq', v_seq, 'type', p_types[i],
            'at', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'actor', jsonb_build_object('memberId', p_members[i], 'organisationId', p_orgs[i]),
            'data', p_data[i]);
          RETURN NEXT;
        END LOOP;
        IF v_seq >= v_first THEN
          UPDATE incidents SET last_seq = v_seq, last_hash = v_hash WHERE id = p_incident;
          v_notice := jsonb_build_object('incidentId', p_incident, 'fromSeq', v_first, 'toSeq', v_seq, 'events', v_events)::text;
          -- NOTIFY payloads are limited to 8000 bytes: larger batches announce only their range.
          IF octet_length(v_notice) > 7900 THEN
            v_notice := jsonb_build_object('incidentId', p_incident, 'fromSeq', v_first, 'toSeq', v_seq)::text;
          END IF;
          PERFORM pg_notify('hub_events', v_notice);
        END IF;
      END $$`);
  }

  async down(): Promise<void> {
    // The previous definition stays in 1763800000001; re-running it restores range-only notices.
  }
}
