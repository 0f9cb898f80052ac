// The definitions below keep the indentation of the migrations that created them: PostgreSQL stores a
// function's body byte for byte, and schema-functions.spec.ts compares it byte for byte.

/**
 * Incidents are never deleted nor renumbered: their events, items and cells name them without a foreign
 * key (1763800000012-lean-append), and `hub_append_events` proves the incident exists under its lock.
 */
export const INCIDENTS_KEPT = `
      CREATE OR REPLACE FUNCTION incidents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incidents are kept: never deleted, never renumbered';
      END $$`;

export const INCIDENTS_KEPT_TRIGGER = `
      CREATE TRIGGER incidents_kept BEFORE DELETE OR UPDATE OF id ON incidents
      FOR EACH ROW EXECUTE FUNCTION incidents_kept()`;
