import type { Actor, IdentityRepository, MemberRecord, OrganisationRecord } from '@hub/domain';
import { DomainError, ERROR_CODES } from '@hub/domain';
import { randomUUID } from 'node:crypto';
import { In, IsNull, MoreThan, type DataSource } from 'typeorm';
import { MemberEntity, OrganisationEntity, TokenEntity } from '../entities';
import { isUniqueViolation } from '../pg-errors';

/** How long a resolved token or the platform directory may be served from memory. */
const CACHE_MS = 2_000;

export class TypeormIdentityRepository implements IdentityRepository {
  private directory?: { at: number; platforms: Promise<OrganisationRecord[]> };
  private readonly actors = new Map<string, { at: number; actor: Promise<Actor | null> }>();

  constructor(private readonly db: DataSource) {}

  platformDirectory(): Promise<OrganisationRecord[]> {
    const now = Date.now();
    if (!this.directory || now - this.directory.at > CACHE_MS) {
      const platforms = this.db.getRepository(OrganisationEntity).findBy({ kind: 'platform' });
      this.directory = { at: now, platforms };
      platforms.catch(() => (this.directory = undefined));
    }
    return this.directory.platforms;
  }

  async insertOrganisation(org: OrganisationRecord): Promise<void> {
    this.directory = undefined;
    try {
      await this.db.getRepository(OrganisationEntity).insert(org);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(ERROR_CODES.CONFLICT, `platformKey: ${org.platformKey} is already taken`, [
          { field: 'platformKey', message: 'already taken' },
        ]);
      }
      throw error;
    }
  }

  findOrganisation(id: string): Promise<OrganisationRecord | null> {
    return this.db.getRepository(OrganisationEntity).findOneBy({ id });
  }

  findOrganisationByName(name: string): Promise<OrganisationRecord | null> {
    return this.db.getRepository(OrganisationEntity).findOneBy({ name });
  }

  findPlatforms(platformKeys: string[]): Promise<OrganisationRecord[]> {
    if (platformKeys.length === 0) return Promise.resolve([]);
    return this.db.getRepository(OrganisationEntity).findBy({ platformKey: In(platformKeys) });
  }

  findOrganisations(ids: string[]): Promise<OrganisationRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.getRepository(OrganisationEntity).findBy({ id: In(ids) });
  }

  listOrganisations(page: { after?: string; limit: number }): Promise<OrganisationRecord[]> {
    return this.db.getRepository(OrganisationEntity).find({
      where: page.after ? { id: MoreThan(page.after) } : {},
      order: { id: 'ASC' },
      take: page.limit,
    });
  }

  async insertMemberWithToken(member: MemberRecord, tokenHash: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.getRepository(MemberEntity).insert(member);
      await manager.getRepository(TokenEntity).insert({ id: randomUUID(), memberId: member.id, tokenHash });
    });
  }

  /**
   * Resolved tokens are kept for two seconds: a revocation takes effect on this instance at once and on
   * the others within that time.
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

  private loadActor(tokenHash: string): Promise<Actor | null> {
    return this.actorWhere(
      `JOIN tokens t ON t.member_id = m.id WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      tokenHash,
    );
  }

  /** A member with its organisation, as the actor the use cases take. */
  private async actorWhere(condition: string, value: string): Promise<Actor | null> {
    const rows: {
      member_id: string;
      organisation_id: string;
      display_name: string;
      role: Actor['role'];
      kind: Actor['organisationKind'];
      platform_key: string | null;
    }[] = await this.db.query(
      `SELECT m.id AS member_id, m.organisation_id, m.display_name, m.role, o.kind, o.platform_key
         FROM members m JOIN organisations o ON o.id = m.organisation_id ${condition}`,
      [value],
    );
    const row = rows[0];
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
    const result = await this.db
      .getRepository(TokenEntity)
      .update({ memberId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected ?? 0;
  }

  findMember(id: string): Promise<MemberRecord | null> {
    return this.db.getRepository(MemberEntity).findOneBy({ id });
  }

  countAdmins(): Promise<number> {
    return this.db.getRepository(MemberEntity).countBy({ role: 'admin' });
  }

  // --- matching: the sharer of an item, as an actor ---

  /** Not cached like tokens: matching asks once per shared hash. */
  findActorByMemberId(memberId: string): Promise<Actor | null> {
    return this.actorWhere('WHERE m.id = $1', memberId);
  }
}
