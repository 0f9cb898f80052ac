// The definitions below keep the indentation of the migrations that created them: PostgreSQL stores a
// function's body byte for byte, and schema-functions.spec.ts compares it byte for byte.

/** The event log is append-only: an UPDATE or DELETE of an event fails (1763800000000-initial-schema). */
export const INCIDENT_EVENTS_APPEND_ONLY = `
      CREATE OR REPLACE FUNCTION incident_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incident_events is append-only';
      END $$`;

export const INCIDENT_EVENTS_NO_UPDATE_TRIGGER = `
      CREATE TRIGGER incident_events_no_update BEFORE UPDATE OR DELETE ON incident_events
      FOR EACH ROW EXECUTE FUNCTION incident_events_append_only()`;
