// Kept with the indentation of the migration that created them (compared byte for byte).

/** A bank's log is append-only, as an incident's is (1763800000040-hash-banks). */
export const BANK_EVENTS_APPEND_ONLY = `
      CREATE OR REPLACE FUNCTION bank_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'bank_events is append-only';
      END $$`;

export const BANK_EVENTS_NO_UPDATE_TRIGGER = `
      CREATE TRIGGER bank_events_no_update BEFORE UPDATE OR DELETE ON bank_events
      FOR EACH ROW EXECUTE FUNCTION bank_events_append_only()`;
