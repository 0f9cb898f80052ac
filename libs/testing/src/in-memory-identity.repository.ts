import type { Language } from '@hub/contracts';
import {
  newOrganisation,
  type Actor,
  type IdentityRepository,
  type MemberRecord,
  type OrganisationRecord,
} from '@hub/domain';
import { randomUUID } from 'node:crypto';

/** The domain's `IdentityRepository` in memory, for unit specs of the use cases. */
export class InMemoryIdentityRepository implements IdentityRepository {
  readonly organisations: OrganisationRecord[] = [];
  readonly members: MemberRecord[] = [];
  private readonly tokens: { memberId: string; tokenHash: string; revoked: boolean }[] = [];

  /** An organisation with the defaults of a new one; `platformKey` makes it a platform. */
  addOrganisation(
    fields: Partial<OrganisationRecord> & Pick<OrganisationRecord, 'name'>,
  ): OrganisationRecord {
    const org = newOrganisation({
      kind: fields.platformKey ? 'platform' : 'coordinator',
      createdAt: new Date(),
      ...fields,
    });
    this.organisations.push(org);
    return org;
  }

  /** A member of `org` with `role`, as the actor the use cases take. */
  addActor(org: OrganisationRecord, role: Actor['role'], displayName = `${org.name} ${role}`): Actor {
    const member: MemberRecord = {
      id: randomUUID(),
      organisationId: org.id,
      displayName,
      role,
      active: true,
      deactivatedAt: null,
      createdAt: new Date(),
    };
    this.members.push(member);
    return this.actorOf(member)!;
  }

  async insertOrganisation(org: OrganisationRecord): Promise<void> {
    this.organisations.push({ ...org });
  }

  async findOrganisation(id: string): Promise<OrganisationRecord | null> {
    return this.organisations.find((o) => o.id === id) ?? null;
  }

  async findOrganisationByName(name: string): Promise<OrganisationRecord | null> {
    return this.organisations.find((o) => o.name === name) ?? null;
  }

  async findPlatforms(platformKeys: string[]): Promise<OrganisationRecord[]> {
    return this.organisations.filter((o) => o.platformKey && platformKeys.includes(o.platformKey));
  }

  async platformDirectory(): Promise<OrganisationRecord[]> {
    return this.organisations.filter((o) => o.kind === 'platform');
  }

  async findOrganisations(ids: string[]): Promise<OrganisationRecord[]> {
    return this.organisations.filter((o) => ids.includes(o.id));
  }

  async listOrganisations(page: { after?: string; limit: number }): Promise<OrganisationRecord[]> {
    return [...this.organisations]
      .sort((a, b) => a.id.localeCompare(b.id))
      .filter((o) => !page.after || o.id > page.after)
      .slice(0, page.limit);
  }

  async insertMemberWithToken(member: MemberRecord, tokenHash: string): Promise<void> {
    this.members.push({ ...member });
    this.tokens.push({ memberId: member.id, tokenHash, revoked: false });
  }

  forgetResolvedTokens(): void {}

  async findActorByTokenHash(tokenHash: string): Promise<Actor | null> {
    const token = this.tokens.find((t) => t.tokenHash === tokenHash && !t.revoked);
    const member = this.members.find((m) => m.id === token?.memberId && m.active);
    const org = this.organisations.find((o) => o.id === member?.organisationId && o.active);
    return member && org ? this.actorOf(member) : null;
  }

  async revokeTokens(memberId: string): Promise<number> {
    const live = this.tokens.filter((t) => t.memberId === memberId && !t.revoked);
    for (const token of live) token.revoked = true;
    return live.length;
  }

  async findMember(id: string): Promise<MemberRecord | null> {
    return this.members.find((m) => m.id === id) ?? null;
  }

  async setMemberLanguage(memberId: string, language: Language | null): Promise<void> {
    const member = this.members.find((m) => m.id === memberId);
    if (member) member.language = language;
  }

  /** One process: its calls are already one after another where it matters (no await between check and insert). */
  async exclusively<T>(_name: string, work: () => Promise<T>): Promise<T> {
    return work();
  }

  async countAdmins(): Promise<number> {
    return this.members.filter((m) => m.role === 'admin').length;
  }

  async findActorByMemberId(memberId: string): Promise<Actor | null> {
    const member = this.members.find((m) => m.id === memberId);
    return member ? this.actorOf(member) : null;
  }

  private actorOf(member: MemberRecord): Actor | null {
    const org = this.organisations.find((o) => o.id === member.organisationId);
    if (!org) return null;
    return {
      memberId: member.id,
      organisationId: org.id,
      displayName: member.displayName,
      role: member.role,
      organisationKind: org.kind,
      platformKey: org.platformKey ?? undefined,
    };
  }
}
