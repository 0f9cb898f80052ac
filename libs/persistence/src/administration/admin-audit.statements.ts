import { adminEntryHash, type AdminAuditEntry, type AdminAuditRecord } from '@hub/domain';
import type { AdminAuditRow } from './admin-audit.rows';
import { sql } from '../sql/sql';
import type { SqlClient } from '../sql/sql-client';

/** Told on every commit that changes who may act: each instance drops the tokens it has resolved. */
export const IDENTITY_CHANNEL = 'hub_identity';

/**
 * Appends one entry to the admin audit log, inside the caller's transaction: the head row is locked until
 * it commits, so entries are chained one after the other whichever instance writes them.
 */
export async function appendAdminAudit(tx: SqlClient, entry: AdminAuditEntry): Promise<void> {
  const head = await tx.one(
    sql<{ last_seq: number; last_hash: string }>`SELECT last_seq, last_hash FROM admin_audit_head FOR UPDATE`,
  );
  if (!head) throw new Error('admin_audit_head is missing: the administration migration has not run');
  const seq = head.last_seq + 1;
  const hash = adminEntryHash(head.last_hash, seq, entry);
  await tx.run(sql`
    INSERT INTO admin_audit (seq, at, action, actor_member_id, actor_organisation_id, subject_type, subject_id,
                             data, prev_hash, hash)
    VALUES (${seq}, ${entry.at}, ${entry.action}, ${entry.actor.memberId}, ${entry.actor.organisationId},
            ${entry.subject.type}, ${entry.subject.id}, ${JSON.stringify(entry.data)}::jsonb, ${head.last_hash},
            ${hash})`);
  await tx.run(sql`UPDATE admin_audit_head SET last_seq = ${seq}, last_hash = ${hash}`);
}

/** Tells every instance, when the transaction commits, that identities changed. */
export async function notifyIdentityChanged(tx: SqlClient): Promise<void> {
  await tx.run(sql`SELECT pg_notify(${IDENTITY_CHANNEL}, '')`);
}

export function toAdminAuditRecord(r: AdminAuditRow): AdminAuditRecord {
  return {
    id: String(r.id),
    seq: Number(r.seq),
    at: r.at,
    action: r.action as AdminAuditRecord['action'],
    actor: { memberId: r.actor_member_id, organisationId: r.actor_organisation_id },
    subject: { type: r.subject_type as AdminAuditRecord['subject']['type'], id: r.subject_id },
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
