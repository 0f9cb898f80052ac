// The definitions below keep the indentation of the migrations that created them: PostgreSQL stores a
// function's body byte for byte, and schema-functions.spec.ts compares it byte for byte.

/**
 * Today's `hub_append_events`, as the migrations leave it (last defined by 1763800000012-lean-append).
 * Appends events to one incident's log in one call: locks the incident row (NO KEY UPDATE, so rows that
 * reference it are not blocked), fails with 40001 when its configuration version moved, links each event
 * to the one before with the SHA-256 link of `linkHash` in libs/domain, inserts them in one statement,
 * moves the head and announces the commit on `hub_events` (the events themselves when a small batch fits
 * in a NOTIFY payload, the range otherwise).
 *
 * To change it: edit it here and add a migration that runs `HUB_APPEND_EVENTS` as it then is (copied into
 * the migration, so its history stays as it ran); the spec fails until both agree.
 */
export const HUB_APPEND_EVENTS = `
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
      END $$`;
