import {
  GENESIS_HASH,
  adminEntryHash,
  type AdminAuditRecord,
  type AdminAuditVerdict,
  type AdministrationRepository,
  type AdministrationTx,
  type MemberRecord,
  type OrganisationRecord,
} from '@hub/domain';
import type { DataSource } from 'typeorm';
import { toMember, toOrganisation } from '../identity/identity.mappers';
import type { AdminAuditRow } from './admin-audit.rows';
import type { MemberRow, OrganisationRow } from '../identity/identity.rows';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import { appendAdminAudit, notifyIdentityChanged, toAdminAuditRecord } from './admin-audit.statements';

const PAGE = 5_000;

class PgAdministrationTx implements AdministrationTx {
  constructor(private readonly tx: SqlClient) {}

  async lockOrganisation(id: string): Promise<OrganisationRecord | null> {
    const row = await this.tx.one(
      sql<OrganisationRow>`SELECT * FROM organisations WHERE id = ${id} FOR UPDATE`,
    );
    return row ? toOrganisation(row) : null;
  }

  async lockMember(id: string): Promise<MemberRecord | null> {
    const row = await this.tx.one(sql<MemberRow>`SELECT * FROM members WHERE id = ${id} FOR UPDATE`);
    return row ? toMember(row) : null;
  }

  /** Locks the admins counted, so two admins switching each other off at once cannot both succeed. */
  async activeAdminsExcept(except: { memberId?: string; organisationId?: string }): Promise<number> {
    const rows = await this.tx.rows(sql<{ id: string }>`
      SELECT m.id FROM members m JOIN organisations o ON o.id = m.organisation_id
       WHERE m.role = 'admin' AND m.active AND o.active
         AND m.id IS DISTINCT FROM ${except.memberId ?? null}::uuid
         AND o.id IS DISTINCT FROM ${except.organisationId ?? null}::uuid
       FOR UPDATE OF m`);
    return rows.length;
  }

  async saveOrganisation(o: OrganisationRecord): Promise<void> {
    await this.tx.run(sql`
      UPDATE organisations
         SET name = ${o.name}, domains = ${o.domains}, webhook_url = ${o.webhookUrl},
             webhook_secret = ${o.webhookSecret}, exercise_webhook_url = ${o.exerciseWebhookUrl},
             exercise_webhook_secret = ${o.exerciseWebhookSecret},
             webhook_previous_secret = ${o.webhookPreviousSecret},
             webhook_previous_secret_until = ${o.webhookPreviousSecretUntil},
             exercise_webhook_previous_secret = ${o.exerciseWebhookPreviousSecret},
             exercise_webhook_previous_secret_until = ${o.exerciseWebhookPreviousSecretUntil},
             active = ${o.active}, deactivated_at = ${o.deactivatedAt}
       WHERE id = ${o.id}`);
  }

  async saveMember(m: MemberRecord): Promise<void> {
    await this.tx.run(sql`
      UPDATE members SET display_name = ${m.displayName}, role = ${m.role}, active = ${m.active},
                         deactivated_at = ${m.deactivatedAt}
       WHERE id = ${m.id}`);
  }

  audit = (entry: Parameters<AdministrationTx['audit']>[0]) => appendAdminAudit(this.tx, entry);
}

export class PgAdministrationRepository implements AdministrationRepository {
  private readonly db: SqlClient;

  /** `committed`: run after each commit on this instance (the others hear of it through NOTIFY). */
  constructor(
    dataSource: DataSource,
    private readonly committed: () => void = () => {},
  ) {
    this.db = SqlClient.of(dataSource);
  }

  async transaction<T>(work: (tx: AdministrationTx) => Promise<T>): Promise<T> {
    const result = await this.db.transaction(async (tx) => {
      const done = await work(new PgAdministrationTx(tx));
      await notifyIdentityChanged(tx);
      return done;
    });
    this.committed();
    return result;
  }

  async listMembers(organisationId: string): Promise<MemberRecord[]> {
    const rows = await this.db.rows(sql<MemberRow>`
      SELECT * FROM members WHERE organisation_id = ${organisationId} ORDER BY created_at, id`);
    return rows.map(toMember);
  }

  async listAudit(page: { after?: number; limit: number }): Promise<AdminAuditRecord[]> {
    const rows = await this.db.rows(sql<AdminAuditRow>`
      SELECT * FROM admin_audit WHERE seq > ${page.after ?? 0} ORDER BY seq LIMIT ${page.limit}`);
    return rows.map(toAdminAuditRecord);
  }

  /** Recomputes the chain from the first entry to the head; names the first entry that does not hold. */
  async verifyAudit(): Promise<AdminAuditVerdict> {
    const head = await this.db.one(
      sql<{ last_seq: number; last_hash: string }>`SELECT last_seq, last_hash FROM admin_audit_head`,
    );
    let checked = 0;
    let prev = { seq: 0, hash: GENESIS_HASH, id: undefined as string | undefined };
    for (;;) {
      const rows = await this.db.rows(sql<AdminAuditRow>`
        SELECT * FROM admin_audit WHERE seq > ${prev.seq} ORDER BY seq LIMIT ${PAGE}`);
      for (const row of rows) {
        const entry = toAdminAuditRecord(row);
        checked += 1;
        if (
          entry.seq !== prev.seq + 1 ||
          entry.prevHash !== prev.hash ||
          entry.hash !== adminEntryHash(prev.hash, entry.seq, entry)
        )
          return { ok: false, checked, firstBrokenAdminEntryId: entry.id };
        prev = { seq: entry.seq, hash: entry.hash, id: entry.id };
      }
      if (rows.length < PAGE) break;
    }
    // A truncated tail leaves a valid chain that stops short of the recorded head.
    if (!head || head.last_seq !== prev.seq || head.last_hash !== prev.hash)
      return { ok: false, checked, ...(prev.id && { firstBrokenAdminEntryId: prev.id }) };
    return { ok: true, checked };
  }
}
