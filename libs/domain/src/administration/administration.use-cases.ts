import { randomBytes } from 'node:crypto';
import type {
  RotateWebhookSecretDto,
  UpdateMemberDto,
  UpdateOrganisationDto,
  WebhookKind,
} from '@hub/contracts';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import { eventActor, normaliseDomains } from '../identity/identity.use-cases';
import { assertRoleFitsOrganisation } from '../identity/membership.rules';
import type { Actor } from '../core/actor';
import type { MemberRecord, OrganisationRecord } from '../identity/identity.model';
import type { Clock } from '../core/clock';
import type { AdminAuditRecord, AdminAuditVerdict } from './admin-audit.model';
import type { AdministrationRepository, AdministrationTx } from './administration.ports';

export const DEFAULT_GRACE_MINUTES = 60;

const notFound = (what: string) => new DomainError(ERROR_CODES.NOT_FOUND, `${what} not found`);

/** Refuses a change that would leave the hub without an active admin, or lock its author out. */
async function assertAdminsRemain(
  tx: AdministrationTx,
  actor: Actor,
  except: { memberId?: string; organisationId?: string },
): Promise<void> {
  if (except.memberId === actor.memberId || except.organisationId === actor.organisationId)
    throw new DomainError(
      ERROR_CODES.CONFLICT,
      'an admin cannot deactivate themselves or their own organisation',
    );
  if ((await tx.activeAdminsExcept(except)) === 0)
    throw new DomainError(ERROR_CODES.CONFLICT, 'the hub would be left without an active admin');
}

/** The fields of a webhook after a PATCH: replaced (no rotation under way), removed, or unchanged. */
function patchedWebhook(
  org: OrganisationRecord,
  kind: WebhookKind,
  given: { url: string; secret: string } | null | undefined,
): Partial<OrganisationRecord> {
  if (given === undefined) return {};
  const [url, secret, previous, until] =
    kind === 'webhook'
      ? (['webhookUrl', 'webhookSecret', 'webhookPreviousSecret', 'webhookPreviousSecretUntil'] as const)
      : ([
          'exerciseWebhookUrl',
          'exerciseWebhookSecret',
          'exerciseWebhookPreviousSecret',
          'exerciseWebhookPreviousSecretUntil',
        ] as const);
  if (given === null && org[url] === null) return {};
  return { [url]: given?.url ?? null, [secret]: given?.secret ?? null, [previous]: null, [until]: null };
}

/** Switches `next` on or off when `active` differs from it; answers whether it did. */
function switchActive(
  next: { active: boolean; deactivatedAt: Date | null },
  active: boolean | undefined,
  now: Date,
): boolean {
  if (active === undefined || active === next.active) return false;
  next.active = active;
  next.deactivatedAt = active ? null : now;
  return true;
}

/** The audit entries of an edit: what changed (never a secret), then the switch on or off, if any. */
async function auditEdit(
  tx: AdministrationTx,
  edit: {
    actor: Actor;
    subject: { type: 'organisation' | 'member'; id: string };
    changes: Record<string, unknown>;
    switched: { active: boolean; data: Record<string, unknown> } | null;
    at: Date;
  },
): Promise<void> {
  const { subject, changes, switched, at } = edit;
  const actor = eventActor(edit.actor);
  if (Object.keys(changes).length)
    await tx.audit({ action: `${subject.type}.updated`, actor, subject, data: changes, at });
  if (switched) {
    const action = `${subject.type}.${switched.active ? 'reactivated' : 'deactivated'}` as const;
    await tx.audit({ action, actor, subject, data: switched.data, at });
  }
}

export class UpdateOrganisationUseCase {
  constructor(
    private readonly admin: AdministrationRepository,
    private readonly clock: Clock,
  ) {}

  /** The organisation as it now is, and whether this change switched it off. */
  async execute(
    actor: Actor,
    id: string,
    patch: UpdateOrganisationDto,
  ): Promise<{ organisation: OrganisationRecord; deactivated: boolean }> {
    return this.admin.transaction(async (tx) => {
      const org = await tx.lockOrganisation(id);
      if (!org) throw notFound('organisation');
      if (org.kind !== 'platform') {
        for (const field of ['domains', 'webhook', 'exerciseWebhook'] as const) {
          if (patch[field] !== undefined) throw invalid(field, `only a platform has ${field}`);
        }
      }
      const now = this.clock.now();
      const changes: Record<string, unknown> = {};
      const next: OrganisationRecord = {
        ...org,
        ...patchedWebhook(org, 'webhook', patch.webhook),
        ...patchedWebhook(org, 'exerciseWebhook', patch.exerciseWebhook),
      };
      if (patch.name !== undefined && patch.name !== org.name) next.name = changes.name = patch.name;
      if (patch.domains !== undefined) {
        const domains = normaliseDomains(patch.domains);
        if (domains.join() !== org.domains.join()) next.domains = changes.domains = domains;
      }
      for (const kind of ['webhook', 'exerciseWebhook'] as const) {
        if (patch[kind] === undefined) continue;
        const url = kind === 'webhook' ? next.webhookUrl : next.exerciseWebhookUrl;
        const before = kind === 'webhook' ? org.webhookUrl : org.exerciseWebhookUrl;
        // The secret is never logged: only that it was set anew.
        if (patch[kind] !== null || before !== null)
          changes[kind] = url === null ? null : { url, secretReplaced: true };
      }
      const switching = switchActive(next, patch.active, now);
      if (switching && !next.active) await assertAdminsRemain(tx, actor, { organisationId: id });
      if (!switching && Object.keys(changes).length === 0) return { organisation: org, deactivated: false };
      await tx.saveOrganisation(next);
      await auditEdit(tx, {
        actor,
        subject: { type: 'organisation', id },
        changes,
        switched: switching ? { active: next.active, data: { name: next.name } } : null,
        at: now,
      });
      return { organisation: next, deactivated: switching && !next.active };
    });
  }
}

export class UpdateMemberUseCase {
  constructor(
    private readonly admin: AdministrationRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    actor: Actor,
    id: string,
    patch: UpdateMemberDto,
  ): Promise<{ member: MemberRecord; deactivated: boolean }> {
    return this.admin.transaction(async (tx) => {
      const member = await tx.lockMember(id);
      if (!member) throw notFound('member');
      const now = this.clock.now();
      const changes: Record<string, unknown> = {};
      const next: MemberRecord = { ...member };
      if (patch.role !== undefined && patch.role !== member.role) {
        const org = await tx.lockOrganisation(member.organisationId);
        assertRoleFitsOrganisation(patch.role, org!.kind);
        next.role = changes.role = patch.role;
      }
      if (patch.displayName !== undefined && patch.displayName !== member.displayName)
        next.displayName = changes.displayName = patch.displayName;
      const switching = switchActive(next, patch.active, now);
      if (switching && !next.active && (member.role === 'admin' || id === actor.memberId))
        await assertAdminsRemain(tx, actor, { memberId: id });
      if (!switching && Object.keys(changes).length === 0) return { member, deactivated: false };
      await tx.saveMember(next);
      await auditEdit(tx, {
        actor,
        subject: { type: 'member', id },
        changes,
        switched: switching
          ? {
              active: next.active,
              data: { organisationId: next.organisationId, displayName: next.displayName },
            }
          : null,
        at: now,
      });
      return { member: next, deactivated: switching && !next.active };
    });
  }
}

/** A new webhook secret: 256 bits, prefixed so that a leaked one is easy to find with secret scanners. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export class RotateWebhookSecretUseCase {
  constructor(
    private readonly admin: AdministrationRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * A new secret for one of a platform's webhooks; the one it replaces keeps signing beside it for the
   * grace period (a second rotation within it drops the oldest). The new secret is answered once.
   */
  async execute(
    actor: Actor,
    id: string,
    command: RotateWebhookSecretDto,
  ): Promise<{ secret: string; webhook: WebhookKind; previousSecretValidUntil: Date | null }> {
    const webhook = command.webhook ?? 'webhook';
    const graceMinutes = command.graceMinutes ?? DEFAULT_GRACE_MINUTES;
    return this.admin.transaction(async (tx) => {
      const org = await tx.lockOrganisation(id);
      if (!org) throw notFound('organisation');
      const live = webhook === 'webhook';
      const current = live ? org.webhookSecret : org.exerciseWebhookSecret;
      if (!current || !(live ? org.webhookUrl : org.exerciseWebhookUrl))
        throw new DomainError(ERROR_CODES.CONFLICT, `webhook: the organisation has no ${webhook} to rotate`, [
          { field: 'webhook', message: `no ${webhook} is set` },
        ]);
      const now = this.clock.now();
      const secret = generateWebhookSecret();
      const until = graceMinutes > 0 ? new Date(now.getTime() + graceMinutes * 60_000) : null;
      const previous = until ? current : null;
      await tx.saveOrganisation(
        live
          ? {
              ...org,
              webhookSecret: secret,
              webhookPreviousSecret: previous,
              webhookPreviousSecretUntil: until,
            }
          : {
              ...org,
              exerciseWebhookSecret: secret,
              exerciseWebhookPreviousSecret: previous,
              exerciseWebhookPreviousSecretUntil: until,
            },
      );
      await tx.audit({
        action: 'organisation.webhook_secret_rotated',
        actor: eventActor(actor),
        subject: { type: 'organisation', id },
        data: { webhook, graceMinutes, previousSecretValidUntil: until?.toISOString() ?? null },
        at: now,
      });
      return { secret, webhook, previousSecretValidUntil: until };
    });
  }
}

export class ListMembersUseCase {
  constructor(
    private readonly admin: AdministrationRepository,
    private readonly organisations: { findOrganisation(id: string): Promise<OrganisationRecord | null> },
  ) {}

  /** An admin reads any organisation's members; a member reads their own organisation's. */
  async execute(actor: Actor, organisationId: string): Promise<MemberRecord[]> {
    if (actor.role !== 'admin' && actor.organisationId !== organisationId)
      throw new DomainError(ERROR_CODES.FORBIDDEN, "members are listed to admins and the organisation's own");
    if (!(await this.organisations.findOrganisation(organisationId))) throw notFound('organisation');
    return this.admin.listMembers(organisationId);
  }
}

export class AdminAuditUseCase {
  constructor(private readonly admin: AdministrationRepository) {}

  async list(page: {
    after?: number;
    limit: number;
  }): Promise<{ entries: AdminAuditRecord[]; next?: string }> {
    const rows = await this.admin.listAudit({ after: page.after, limit: page.limit + 1 });
    const entries = rows.slice(0, page.limit);
    return {
      entries,
      next: rows.length > page.limit ? String(entries[entries.length - 1].seq) : undefined,
    };
  }

  verify(): Promise<AdminAuditVerdict> {
    return this.admin.verifyAudit();
  }
}
