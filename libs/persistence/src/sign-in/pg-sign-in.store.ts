import type {
  Actor,
  AdminAuditEntry,
  EndedSession,
  MemberRecord,
  SessionRecord,
  SessionStore,
  SignInAttempt,
  SignInDirectory,
  SsoMapping,
  TokenRecord,
} from '@hub/domain';
import { DomainError, ERROR_CODES } from '@hub/domain';
import type { OrganisationKind, Role } from '@hub/contracts';
import type { DataSource } from 'typeorm';
import { appendAdminAudit, notifyIdentityChanged } from '../administration/admin-audit.statements';
import { isUniqueViolation } from '../sql/pg-errors';
import type { MemberRow } from '../identity/identity.rows';
import { toMember } from '../identity/identity.mappers';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import { insertMember } from '../identity/member.statements';

interface SsoMappingRow {
  id: string;
  organisation_id: string;
  issuer_key: string | null;
  claim: string;
  value: string;
  role: Role;
  created_at: Date;
}

interface SessionRow {
  id: string;
  member_id: string;
  issuer: string;
  subject: string;
  mapping_id: string;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
}

type SessionActorRow = SessionRow & {
  organisation_id: string;
  display_name: string;
  role: Role;
  kind: OrganisationKind;
  platform_key: string | null;
};

interface TokenListRow {
  id: string;
  member_id: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

interface AttemptRow {
  state_hash: string;
  issuer_key: string;
  nonce: string;
  code_verifier: string;
  expires_at: Date;
}

/** A session's last use is written at most this often: a request a second costs no write a second. */
const TOUCH_EVERY_MS = 60_000;

const toMapping = (r: SsoMappingRow): SsoMapping => ({
  id: r.id,
  organisationId: r.organisation_id,
  issuerKey: r.issuer_key,
  claim: r.claim,
  value: r.value,
  role: r.role,
  createdAt: r.created_at,
});

const toSession = (r: SessionRow): SessionRecord => ({
  id: r.id,
  memberId: r.member_id,
  issuer: r.issuer,
  subject: r.subject,
  mappingId: r.mapping_id,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
});

const toToken = (r: TokenListRow): TokenRecord => ({
  id: r.id,
  memberId: r.member_id,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** Sessions, mappings, identity links and sign-ins under way, in PostgreSQL. */
export class PgSignInStore implements SessionStore, SignInDirectory {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insert(session: SessionRecord, secretHash: string): Promise<void> {
    const s = session;
    // The member's sessions past their end go as a new one opens.
    await this.db.run(
      sql`DELETE FROM sessions WHERE member_id = ${s.memberId} AND expires_at <= ${s.createdAt}`,
    );
    await this.db.run(sql`
      INSERT INTO sessions (id, secret_hash, member_id, issuer, subject, mapping_id, created_at, last_used_at,
                            expires_at)
      VALUES (${s.id}, ${secretHash}, ${s.memberId}, ${s.issuer}, ${s.subject}, ${s.mappingId}, ${s.createdAt},
              ${s.lastUsedAt}, ${s.expiresAt})`);
  }

  async findActive(
    secretHash: string,
    now: Date,
    idleMs: number,
  ): Promise<{ session: SessionRecord; actor: Actor } | null> {
    const idleSince = new Date(now.getTime() - idleMs);
    const row = await this.db.one(sql<SessionActorRow>`
      SELECT s.*, m.organisation_id, m.display_name, m.role, o.kind, o.platform_key
        FROM sessions s JOIN members m ON m.id = s.member_id JOIN organisations o ON o.id = m.organisation_id
       WHERE s.secret_hash = ${secretHash} AND s.expires_at > ${now} AND s.last_used_at > ${idleSince}
         AND m.active AND o.active`);
    if (!row) return null;
    return {
      session: toSession(row),
      actor: {
        memberId: row.member_id,
        organisationId: row.organisation_id,
        displayName: row.display_name,
        role: row.role,
        organisationKind: row.kind,
        platformKey: row.platform_key ?? undefined,
      },
    };
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.run(sql`
      UPDATE sessions SET last_used_at = ${now}
       WHERE id = ${id} AND last_used_at < ${new Date(now.getTime() - TOUCH_EVERY_MS)}`);
  }

  async end(secretHash: string): Promise<EndedSession | null> {
    const row = await this.db.one(
      sql<SessionRow>`DELETE FROM sessions WHERE secret_hash = ${secretHash} RETURNING id, member_id`,
    );
    return row ? { id: row.id, memberId: row.member_id } : null;
  }

  async endAllFor(memberId: string): Promise<EndedSession[]> {
    const rows = await this.db.rows(
      sql<SessionRow>`DELETE FROM sessions WHERE member_id = ${memberId} RETURNING id, member_id`,
    );
    return rows.map((r) => ({ id: r.id, memberId: r.member_id }));
  }

  async listFor(memberId: string, now: Date, idleMs: number): Promise<SessionRecord[]> {
    const rows = await this.db.rows(sql<SessionRow>`
      SELECT * FROM sessions
       WHERE member_id = ${memberId} AND expires_at > ${now} AND last_used_at > ${new Date(now.getTime() - idleMs)}
       ORDER BY created_at DESC LIMIT 500`);
    return rows.map(toSession);
  }

  async insertMapping(mapping: SsoMapping, audit: AdminAuditEntry): Promise<void> {
    const m = mapping;
    try {
      await this.db.transaction(async (tx) => {
        await tx.run(sql`
          INSERT INTO sso_mappings (id, organisation_id, issuer_key, claim, value, role, created_at)
          VALUES (${m.id}, ${m.organisationId}, ${m.issuerKey}, ${m.claim}, ${m.value}, ${m.role}, ${m.createdAt})`);
        await appendAdminAudit(tx, audit);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError(ERROR_CODES.CONFLICT, `value: ${m.claim}=${m.value} is already mapped here`, [
          { field: 'value', message: 'already mapped for this organisation' },
        ]);
      throw error;
    }
  }

  async listMappings(organisationId: string): Promise<SsoMapping[]> {
    const rows = await this.db.rows(sql<SsoMappingRow>`
      SELECT * FROM sso_mappings WHERE organisation_id = ${organisationId} ORDER BY created_at, id`);
    return rows.map(toMapping);
  }

  async mappingsFor(claims: string[]): Promise<SsoMapping[]> {
    if (claims.length === 0) return [];
    const rows = await this.db.rows(sql<SsoMappingRow>`
      SELECT * FROM sso_mappings WHERE claim = ANY(${claims}::text[]) ORDER BY created_at, id`);
    return rows.map(toMapping);
  }

  deleteMapping(organisationId: string, id: string, audit: AdminAuditEntry): Promise<EndedSession[] | null> {
    return this.db.transaction(async (tx) => {
      const ended = await tx.rows(
        sql<SessionRow>`DELETE FROM sessions WHERE mapping_id = ${id} RETURNING id, member_id`,
      );
      const deleted = await tx.run(
        sql`DELETE FROM sso_mappings WHERE id = ${id} AND organisation_id = ${organisationId}`,
      );
      if (deleted === 0) return null;
      await appendAdminAudit(tx, audit);
      return ended.map((r) => ({ id: r.id, memberId: r.member_id }));
    });
  }

  async findLinkedMember(issuer: string, subject: string): Promise<MemberRecord | null> {
    const row = await this.db.one(sql<MemberRow>`
      SELECT m.* FROM member_identities i JOIN members m ON m.id = i.member_id
       WHERE i.issuer = ${issuer} AND i.subject = ${subject}`);
    return row ? toMember(row) : null;
  }

  async insertLinkedMember(
    member: MemberRecord,
    link: { issuer: string; subject: string },
    audit: AdminAuditEntry,
  ): Promise<void> {
    const m = member;
    await this.db.transaction(async (tx) => {
      await tx.run(insertMember(m));
      await tx.run(sql`
        INSERT INTO member_identities (issuer, subject, member_id, created_at)
        VALUES (${link.issuer}, ${link.subject}, ${m.id}, ${m.createdAt})`);
      await appendAdminAudit(tx, audit);
    });
  }

  async updateDisplayName(memberId: string, displayName: string): Promise<void> {
    await this.db.run(sql`UPDATE members SET display_name = ${displayName} WHERE id = ${memberId}`);
  }

  async insertAttempt(a: SignInAttempt): Promise<void> {
    // Attempts nobody finished are cleared as new ones start.
    await this.db.run(sql`DELETE FROM sign_in_attempts WHERE expires_at < now()`);
    await this.db.run(sql`
      INSERT INTO sign_in_attempts (state_hash, issuer_key, nonce, code_verifier, expires_at)
      VALUES (${a.stateHash}, ${a.issuerKey}, ${a.nonce}, ${a.codeVerifier}, ${a.expiresAt})`);
  }

  async takeAttempt(stateHash: string, now: Date): Promise<SignInAttempt | null> {
    const row = await this.db.one(
      sql<AttemptRow>`DELETE FROM sign_in_attempts WHERE state_hash = ${stateHash} RETURNING *`,
    );
    if (!row || row.expires_at <= now) return null;
    return {
      stateHash: row.state_hash,
      issuerKey: row.issuer_key,
      nonce: row.nonce,
      codeVerifier: row.code_verifier,
      expiresAt: row.expires_at,
    };
  }

  async listTokens(memberId: string): Promise<TokenRecord[]> {
    const rows = await this.db.rows(sql<TokenListRow>`
      SELECT id, member_id, created_at, last_used_at, revoked_at FROM tokens
       WHERE member_id = ${memberId} ORDER BY created_at DESC, id LIMIT 500`);
    return rows.map(toToken);
  }

  async insertToken(token: TokenRecord, tokenHash: string, audit: AdminAuditEntry): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(sql`
        INSERT INTO tokens (id, member_id, token_hash, created_at)
        VALUES (${token.id}, ${token.memberId}, ${tokenHash}, ${token.createdAt})`);
      await appendAdminAudit(tx, audit);
    });
  }

  /** Every instance drops the tokens it has resolved when this commits: the revocation holds at once. */
  revokeToken(
    id: string,
    now: Date,
    audit: (token: TokenRecord) => AdminAuditEntry,
  ): Promise<TokenRecord | null> {
    return this.db.transaction(async (tx) => {
      const row = await tx.one(sql<TokenListRow>`
        UPDATE tokens SET revoked_at = coalesce(revoked_at, ${now}) WHERE id = ${id}
        RETURNING id, member_id, created_at, last_used_at, revoked_at`);
      if (!row) return null;
      const token = toToken(row);
      await appendAdminAudit(tx, audit(token));
      await notifyIdentityChanged(tx);
      return token;
    });
  }
}
