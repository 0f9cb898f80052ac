import type { MemberRecord, OrganisationRecord } from '../identity/identity.model';
import type { AdminAuditEntry, AdminAuditRecord, AdminAuditVerdict } from './admin-audit.model';

/** One administrative change: what it locks and writes, and its audit entry, committed together. */
export interface AdministrationTx {
  /** The organisation, locked until the change commits; null when there is none. */
  lockOrganisation(id: string): Promise<OrganisationRecord | null>;
  lockMember(id: string): Promise<MemberRecord | null>;
  /** Active admins of active organisations, locked, but for those of `except` (a member or organisation). */
  activeAdminsExcept(except: { memberId?: string; organisationId?: string }): Promise<number>;
  saveOrganisation(org: OrganisationRecord): Promise<void>;
  saveMember(member: MemberRecord): Promise<void>;
  audit(entry: AdminAuditEntry): Promise<void>;
}

/**
 * Administration's store. A transaction that commits tells every instance that identities changed, so
 * whatever they keep of resolved tokens is dropped at once.
 */
export interface AdministrationRepository {
  transaction<T>(work: (tx: AdministrationTx) => Promise<T>): Promise<T>;
  listMembers(organisationId: string): Promise<MemberRecord[]>;
  listAudit(page: { after?: number; limit: number }): Promise<AdminAuditRecord[]>;
  verifyAudit(): Promise<AdminAuditVerdict>;
}
