/** The admin audit log is append-only: an UPDATE or DELETE of an entry fails (1763800000080-administration). */
export const ADMIN_AUDIT_APPEND_ONLY = `
      CREATE OR REPLACE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'admin_audit is append-only';
      END $$`;

export const ADMIN_AUDIT_NO_UPDATE_TRIGGER = `
      CREATE TRIGGER admin_audit_no_update BEFORE UPDATE OR DELETE ON admin_audit
      FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only()`;
