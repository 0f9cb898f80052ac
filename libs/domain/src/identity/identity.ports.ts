import type { Language } from '@hub/contracts';
import type { AdminAuditEntry } from '../administration/admin-audit.model';
import type { Actor } from '../core/actor';
import type { MemberRecord, OrganisationRecord } from './identity.model';

/** Organisations, members and tokens. Tokens arrive here already hashed. */
export interface IdentityRepository {
  /** The organisation and the audit entry of its creation, in one transaction. */
  insertOrganisation(org: OrganisationRecord, audit: AdminAuditEntry): Promise<void>;
  findOrganisation(id: string): Promise<OrganisationRecord | null>;
  findOrganisationByName(name: string): Promise<OrganisationRecord | null>;
  findPlatforms(platformKeys: string[]): Promise<OrganisationRecord[]>;
  /** Every platform with its domains; read on every share, so implementations may cache it briefly. */
  platformDirectory(): Promise<OrganisationRecord[]>;
  findOrganisations(ids: string[]): Promise<OrganisationRecord[]>;
  listOrganisations(page: { after?: string; limit: number }): Promise<OrganisationRecord[]>;
  insertMemberWithToken(member: MemberRecord, tokenHash: string, audit: AdminAuditEntry): Promise<void>;
  /** The actor of a live token of an active member of an active organisation; null for any other. */
  findActorByTokenHash(tokenHash: string): Promise<Actor | null>;
  /** Drops whatever this instance keeps of resolved tokens (an identity changed somewhere). */
  forgetResolvedTokens(): void;
  revokeTokens(memberId: string): Promise<number>;
  findMember(id: string): Promise<MemberRecord | null>;
  /** The language a member reads the hub in; null: the browser's. */
  setMemberLanguage(memberId: string, language: Language | null): Promise<void>;
  countAdmins(): Promise<number>;
  /**
   * `work` while no other process of this hub runs work under the same `name` (an api and a worker started
   * together both bootstrap the admin: one creates it, the other then finds it).
   */
  exclusively<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Matching: the member who shared an item, as the Actor whose visibility bounds what it matches. */
  findActorByMemberId(memberId: string): Promise<Actor | null>;
}
