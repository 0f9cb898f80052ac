import type { Language } from '@hub/contracts';
import type {
  Actor,
  AdminAuditEntry,
  IdentityRepository,
  MemberRecord,
  OrganisationRecord,
} from '@hub/domain';
import { DomainError, ERROR_CODES } from '@hub/domain';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { appendAdminAudit } from '../administration/admin-audit.statements';
import { isUniqueViolation } from '../sql/pg-errors';
import type { MemberRow, OrganisationRow } from './identity.rows';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import { insertMember } from './member.statements';
import { toMember, toOrganisation } from './identity.mappers';

/** A member with its organisation, as the actor the use cases take. */
type ActorRow = Pick<MemberRow, 'organisation_id' | 'display_name' | 'role'> &
  Pick<OrganisationRow, 'kind' | 'platform_key'> & { member_id: string };

/** How long a resolved token or the platform directory may be served from memory. */
const CACHE_MS = 2_000;

export class PgIdentityRepository implements IdentityRepository {
  private directory?: { at: number; platforms: Promise<OrganisationRecord[]> };
  private readonly actors = new Map<string, { at: number; actor: Promise<Actor | null> }>();

  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  private async organisations(where: Sql, order: Sql = sql.empty): Promise<OrganisationRecord[]> {
    const rows = await this.db.rows(
      sql<OrganisationRow>`SELECT * FROM organisations WHERE ${where} ${order}`,
    );
    return rows.map(toOrganisation);
  }

  exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.db.exclusively(`crisis-hub:${name}`, work);
  }

  platformDirectory(): Promise<OrganisationRecord[]> {
    const now = Date.now();
    if (!this.directory || now - this.directory.at > CACHE_MS) {
      const platforms = this.organisations(sql`kind = 'platform'`);
      this.directory = { at: now, platforms };
      platforms.catch(() => (this.directory = undefined));
    }
    return this.directory.platforms;
  }

  async insertOrganisation(org: OrganisationRecord, audit: AdminAuditEntry): Promise<void> {
    this.directory = undefined;
    try {
      const o = org;
      await this.db.transaction(async (tx) => {
        await tx.run(sql`
          INSERT INTO organisations (id, name, kind, country, platform_key, domains, webhook_url, webhook_secret,
                                     exercise_webhook_url, exercise_webhook_secret, webhook_batch,
                                     exercise_webhook_batch, simulated, active, created_at)
          VALUES (${o.id}, ${o.name}, ${o.kind}, ${o.country}, ${o.platformKey}, ${o.domains}, ${o.webhookUrl},
                  ${o.webhookSecret}, ${o.exerciseWebhookUrl}, ${o.exerciseWebhookSecret}, ${o.webhookBatch},
                  ${o.exerciseWebhookBatch}, ${o.simulated},
                  ${o.active}, ${o.createdAt})`);
        await appendAdminAudit(tx, audit);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(ERROR_CODES.CONFLICT, `platformKey: ${org.platformKey} is already taken`, [
          { field: 'platformKey', message: 'already taken' },
        ]);
      }
      throw error;
    }
  }

  async findOrganisation(id: string): Promise<OrganisationRecord | null> {
    return (await this.organisations(sql`id = ${id}`, sql`LIMIT 1`))[0] ?? null;
  }

  async findOrganisationByName(name: string): Promise<OrganisationRecord | null> {
    return (await this.organisations(sql`name = ${name}`, sql`LIMIT 1`))[0] ?? null;
  }

  async findPlatforms(platformKeys: string[]): Promise<OrganisationRecord[]> {
    if (platformKeys.length === 0) return [];
    return this.organisations(sql`platform_key = ANY(${platformKeys}::text[])`);
  }

  async findOrganisations(ids: string[]): Promise<OrganisationRecord[]> {
    if (ids.length === 0) return [];
    return this.organisations(sql`id = ANY(${ids}::uuid[])`);
  }

  listOrganisations(page: { after?: string; limit: number }): Promise<OrganisationRecord[]> {
    return this.organisations(
      page.after ? sql`id > ${page.after}` : sql`true`,
      sql`ORDER BY id ASC LIMIT ${page.limit}`,
    );
  }

  async insertMemberWithToken(
    member: MemberRecord,
    tokenHash: string,
    audit: AdminAuditEntry,
  ): Promise<void> {
    const m = member;
    await this.db.transaction(async (tx) => {
      await tx.run(insertMember(m));
      await tx.run(sql`
        INSERT INTO tokens (id, member_id, token_hash) VALUES (${randomUUID()}, ${m.id}, ${tokenHash})`);
      await appendAdminAudit(tx, audit);
    });
  }

  /**
   * Resolved tokens are kept for two seconds: a revocation takes effect on this instance at once and on
   * the others within that time; a deactivation (or any administrative change) on every instance at once,
   * as each drops what it kept when told of the change (`forgetResolvedTokens`).
   */
  findActorByTokenHash(tokenHash: string): Promise<Actor | null> {
    const now = Date.now();
    const hit = this.actors.get(tokenHash);
    if (hit && now - hit.at <= CACHE_MS) return hit.actor;
    if (this.actors.size > 10_000) this.actors.clear();
    const actor = this.loadActor(tokenHash);
    this.actors.set(tokenHash, { at: now, actor });
    actor.catch(() => this.actors.delete(tokenHash));
    return actor;
  }

  forgetResolvedTokens(): void {
    this.actors.clear();
    this.directory = undefined;
  }

  private async loadActor(tokenHash: string): Promise<Actor | null> {
    const actor = await this.actorWhere(
      sql`JOIN tokens t ON t.member_id = m.id
         WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND m.active AND o.active`,
    );
    // When it was last used, for the admin, to the minute: at most one write a minute per token.
    if (actor) {
      await this.db.run(sql`
        UPDATE tokens SET last_used_at = now()
         WHERE token_hash = ${tokenHash} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`);
    }
    return actor;
  }

  /** A member with its organisation, as the actor the use cases take. */
  private async actorWhere(condition: Sql): Promise<Actor | null> {
    const row = await this.db.one(sql<ActorRow>`
      SELECT m.id AS member_id, m.organisation_id, m.display_name, m.role, o.kind, o.platform_key
        FROM members m JOIN organisations o ON o.id = m.organisation_id ${condition}`);
    if (!row) return null;
    return {
      memberId: row.member_id,
      organisationId: row.organisation_id,
      displayName: row.display_name,
      role: row.role,
      organisationKind: row.kind,
      platformKey: row.platform_key ?? undefined,
    };
  }

  async revokeTokens(memberId: string): Promise<number> {
    this.actors.clear();
    return this.db.run(
      sql`UPDATE tokens SET revoked_at = ${new Date()} WHERE member_id = ${memberId} AND revoked_at IS NULL`,
    );
  }

  async findMember(id: string): Promise<MemberRecord | null> {
    const row = await this.db.one(sql<MemberRow>`SELECT * FROM members WHERE id = ${id}`);
    return row ? toMember(row) : null;
  }

  async setMemberLanguage(memberId: string, language: Language | null): Promise<void> {
    await this.db.run(sql`UPDATE members SET language = ${language} WHERE id = ${memberId}`);
  }

  async countAdmins(): Promise<number> {
    const row = await this.db.one(
      sql<{ n: number }>`SELECT count(*)::int AS n FROM members WHERE role = 'admin'`,
    );
    return row?.n ?? 0;
  }

  /** Matching: the sharer of an item. Not cached like tokens: matching asks once per shared hash. */
  findActorByMemberId(memberId: string): Promise<Actor | null> {
    return this.actorWhere(sql`WHERE m.id = ${memberId}`);
  }
}

/** The name the apps' wiring has used since identities were mapped by TypeORM entities. */
export { PgIdentityRepository as TypeormIdentityRepository };
