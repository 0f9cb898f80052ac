import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import type { EventActor } from '../events/event.model';
import type { MemberRecord, OrganisationRecord } from '../identity/identity.model';
import { linkHash } from '../events/event-chain';

const stringify = configure({ deterministic: true, bigint: false, circularValue: Error });

export const ADMIN_ACTIONS = [
  'admin.bootstrapped',
  'organisation.created',
  'organisation.updated',
  'organisation.deactivated',
  'organisation.reactivated',
  'organisation.webhook_secret_rotated',
  'member.created',
  'member.updated',
  'member.deactivated',
  'member.reactivated',
  'member.tokens_revoked',
  'member.token_created',
  'member.token_revoked',
  'organisation.sso_mapping_added',
  'organisation.sso_mapping_removed',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** One administrative act, as the use case states it; never a secret or a token in `data`. */
export interface AdminAuditEntry {
  action: AdminAction;
  actor: EventActor;
  subject: { type: 'organisation' | 'member'; id: string };
  data: Record<string, unknown>;
  at: Date;
}

/** An entry as the log holds it: its place in the chain and the hashes that link it. */
export interface AdminAuditRecord extends AdminAuditEntry {
  id: string;
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AdminAuditVerdict {
  ok: boolean;
  checked: number;
  firstBrokenAdminEntryId?: string;
}

/** The digest of what an entry says, independent of key order (jsonb reorders keys). */
export function adminEntryDigest(entry: AdminAuditEntry): string {
  const body = stringify({
    action: entry.action,
    actor: { memberId: entry.actor.memberId, organisationId: entry.actor.organisationId },
    subject: { type: entry.subject.type, id: entry.subject.id },
    data: entry.data,
    at: entry.at.toISOString(),
  });
  return createHash('sha256')
    .update(body as string)
    .digest('hex');
}

/** Links an entry to the one before it, as incident events are linked (`linkHash`). */
export function adminEntryHash(prevHash: string, seq: number, entry: AdminAuditEntry): string {
  return linkHash(prevHash, seq, adminEntryDigest(entry));
}

/** What the log says of an organisation: no secret, only whether a webhook is set and where it points. */
export function organisationFacts(org: OrganisationRecord): Record<string, unknown> {
  return {
    name: org.name,
    kind: org.kind,
    country: org.country,
    platformKey: org.platformKey,
    domains: org.domains,
    webhookUrl: org.webhookUrl,
    exerciseWebhookUrl: org.exerciseWebhookUrl,
    simulated: org.simulated,
    active: org.active,
  };
}

export function memberFacts(member: MemberRecord): Record<string, unknown> {
  return {
    organisationId: member.organisationId,
    displayName: member.displayName,
    role: member.role,
    active: member.active,
  };
}
