import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in through organisations' identity providers: the claim values that admit people to an
 * organisation, the link from a provider's (issuer, subject) to a member, the console's sessions, the
 * sign-ins under way, and when each token was last used.
 */
export class SignIn1763800000070 implements MigrationInterface {
  name = 'SignIn1763800000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sso_mappings (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        issuer_key text,
        claim text NOT NULL,
        value text NOT NULL,
        role text NOT NULL CHECK (role IN ('coordinator','authority','liaison','observer','admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE NULLS NOT DISTINCT (organisation_id, issuer_key, claim, value)
      )`);
    await q.query(`CREATE INDEX sso_mappings_claim_idx ON sso_mappings (claim)`);
    await q.query(`
      CREATE TABLE member_identities (
        issuer text NOT NULL,
        subject text NOT NULL,
        member_id uuid NOT NULL UNIQUE REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, subject)
      )`);
    // Deleting the mapping that admitted a session ends it.
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        secret_hash char(64) NOT NULL UNIQUE,
        member_id uuid NOT NULL REFERENCES members(id),
        issuer text NOT NULL,
        subject text NOT NULL,
        mapping_id uuid NOT NULL REFERENCES sso_mappings(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_member_idx ON sessions (member_id)`);
    await q.query(`CREATE INDEX sessions_mapping_idx ON sessions (mapping_id)`);
    await q.query(`
      CREATE TABLE sign_in_attempts (
        state_hash char(64) PRIMARY KEY,
        issuer_key text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE tokens ADD COLUMN last_used_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tokens DROP COLUMN last_used_at`);
    await q.query(`DROP TABLE sign_in_attempts`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE member_identities`);
    await q.query(`DROP TABLE sso_mappings`);
  }
}
