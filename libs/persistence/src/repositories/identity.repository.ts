import type { Actor, IdentityRepository, MemberRecord, OrganisationRecord } from '@hub/domain';
import { DomainError, ERROR_CODES } from '@hub/domain';
import { randomUUID } from 'node:crypto';
import { In, IsNull, MoreThan, type DataSource } from 'typeorm';
import { MemberEntity, OrganisationEntity, TokenEntity } from '../entities';
import { isUniqueViolation } from '../pg-errors';

export class TypeormIdentityRepository implements IdentityRepository {
  constructor(private readonly db: DataSource) {}

  async insertOrganisation(org: OrganisationRecord): Promise<void> {
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

  async insertToken(memberId: string, tokenHash: string): Promise<void> {
    await this.db.getRepository(TokenEntity).insert({ id: randomUUID(), memberId, tokenHash });
  }

  async findActorByTokenHash(tokenHash: string): Promise<Actor | null> {
    const rows: {
      member_id: string;
      organisation_id: string;
      display_name: string;
      role: Actor['role'];
      kind: Actor['organisationKind'];
      platform_key: string | null;
    }[] = await this.db.query(
      `SELECT m.id AS member_id, m.organisation_id, m.display_name, m.role, o.kind, o.platform_key
         FROM tokens t JOIN members m ON m.id = t.member_id JOIN organisations o ON o.id = m.organisation_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [tokenHash],
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
}
