import {
  adminEntryHash,
  GENESIS_HASH,
  type AdminAuditEntry,
  type AdminAuditRecord,
  type AdminAuditVerdict,
  type AdministrationRepository,
  type AdministrationTx,
  type MemberRecord,
  type OrganisationRecord,
} from '@hub/domain';
import type { InMemoryIdentityRepository } from './in-memory-identity.repository';

/**
 * The domain's `AdministrationRepository` over an `InMemoryIdentityRepository`'s organisations and members:
 * a transaction's writes are applied when its work succeeds, and dropped when it throws.
 */
export class InMemoryAdministrationRepository implements AdministrationRepository {
  readonly audit: AdminAuditRecord[] = [];
  /** How many transactions committed (each tells the instances that identities changed). */
  commits = 0;

  constructor(private readonly identities: InMemoryIdentityRepository) {}

  async transaction<T>(work: (tx: AdministrationTx) => Promise<T>): Promise<T> {
    const orgs = new Map<string, OrganisationRecord>();
    const members = new Map<string, MemberRecord>();
    const entries: AdminAuditEntry[] = [];
    const { identities } = this;
    const tx: AdministrationTx = {
      lockOrganisation: async (id) => {
        const found = orgs.get(id) ?? identities.organisations.find((o) => o.id === id);
        return found ? { ...found } : null;
      },
      lockMember: async (id) => {
        const found = members.get(id) ?? identities.members.find((m) => m.id === id);
        return found ? { ...found } : null;
      },
      activeAdminsExcept: async (except) =>
        identities.members
          .map((m) => members.get(m.id) ?? m)
          .filter((m) => {
            const org =
              orgs.get(m.organisationId) ?? identities.organisations.find((o) => o.id === m.organisationId);
            return (
              m.role === 'admin' &&
              m.active &&
              org?.active &&
              m.id !== except.memberId &&
              m.organisationId !== except.organisationId
            );
          }).length,
      saveOrganisation: async (org) => void orgs.set(org.id, { ...org }),
      saveMember: async (member) => void members.set(member.id, { ...member }),
      audit: async (entry) => void entries.push(entry),
    };
    const result = await work(tx);
    for (const org of orgs.values()) {
      const i = identities.organisations.findIndex((o) => o.id === org.id);
      identities.organisations[i] = org;
    }
    for (const member of members.values()) {
      const i = identities.members.findIndex((m) => m.id === member.id);
      identities.members[i] = member;
    }
    for (const entry of entries) {
      const prev = this.audit.at(-1);
      const seq = (prev?.seq ?? 0) + 1;
      const prevHash = prev?.hash ?? GENESIS_HASH;
      this.audit.push({
        ...entry,
        id: String(seq),
        seq,
        prevHash,
        hash: adminEntryHash(prevHash, seq, entry),
      });
    }
    this.commits += 1;
    return result;
  }

  async listMembers(organisationId: string): Promise<MemberRecord[]> {
    return this.identities.members.filter((m) => m.organisationId === organisationId);
  }

  async listAudit(page: { after?: number; limit: number }): Promise<AdminAuditRecord[]> {
    return this.audit.filter((e) => e.seq > (page.after ?? 0)).slice(0, page.limit);
  }

  async verifyAudit(): Promise<AdminAuditVerdict> {
    let prevHash = GENESIS_HASH;
    for (const [i, e] of this.audit.entries()) {
      if (e.seq !== i + 1 || e.prevHash !== prevHash || e.hash !== adminEntryHash(prevHash, e.seq, e))
        return { ok: false, checked: i + 1, firstBrokenAdminEntryId: e.id };
      prevHash = e.hash;
    }
    return { ok: true, checked: this.audit.length };
  }
}
