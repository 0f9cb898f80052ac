import { randomUUID } from 'node:crypto';
import type { CreateMemberDto, CreateOrganisationDto, Role } from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../core/errors';
import { memberFacts, organisationFacts } from '../administration/admin-audit.model';
import { SYSTEM_ACTOR, type Actor } from '../core/actor';
import { type EventActor } from '../events/event.model';
import { type MemberRecord, type OrganisationRecord } from './identity.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from './identity.ports';
import { assertOrganisationShape, assertRoleFitsOrganisation } from './membership.rules';
import { generateToken, hashToken } from './token';

export const HUB_ORGANISATION_NAME = 'crisis-hub';

export class CreateOrganisationUseCase {
  constructor(
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  /** `by`: the admin creating it, or the coordinator whose exercise simulates it (in the admin audit log). */
  async execute(
    command: CreateOrganisationDto & { simulated?: boolean },
    by: EventActor,
  ): Promise<OrganisationRecord> {
    assertOrganisationShape(command);
    const org = newOrganisation({
      name: command.name,
      kind: command.kind,
      country: command.country?.toUpperCase() ?? null,
      platformKey: command.platformKey ?? null,
      domains: normaliseDomains(command.domains ?? []),
      webhookUrl: command.webhook?.url ?? null,
      webhookSecret: command.webhook?.secret ?? null,
      exerciseWebhookUrl: command.exerciseWebhook?.url ?? null,
      exerciseWebhookSecret: command.exerciseWebhook?.secret ?? null,
      webhookBatch: command.webhook?.batch ?? false,
      exerciseWebhookBatch: command.exerciseWebhook?.batch ?? false,
      simulated: command.simulated ?? false,
      createdAt: this.clock.now(),
    });
    await this.identities.insertOrganisation(org, {
      action: 'organisation.created',
      actor: eventActor(by),
      subject: { type: 'organisation', id: org.id },
      data: organisationFacts(org),
      at: org.createdAt,
    });
    return org;
  }
}

export class CreateMemberUseCase {
  constructor(
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  /** Returns the member and its token; the token is shown once and only its hash is kept. */
  async execute(
    organisationId: string,
    command: CreateMemberDto,
    by: EventActor,
  ): Promise<{ member: MemberRecord; token: string }> {
    const org = await this.identities.findOrganisation(organisationId);
    if (!org) throw new DomainError(ERROR_CODES.NOT_FOUND, 'organisation not found');
    assertRoleFitsOrganisation(command.role, org.kind);
    const member = newMember({
      organisationId,
      displayName: command.displayName,
      role: command.role,
      createdAt: this.clock.now(),
    });
    const token = generateToken();
    await this.identities.insertMemberWithToken(member, hashToken(token), {
      action: 'member.created',
      actor: eventActor(by),
      subject: { type: 'member', id: member.id },
      data: memberFacts(member),
      at: member.createdAt,
    });
    return { member, token };
  }
}

export class AuthenticateUseCase {
  constructor(private readonly identities: IdentityRepository) {}

  async execute(token: string | undefined): Promise<Actor> {
    if (!token || token.length > 512)
      throw new DomainError(ERROR_CODES.UNAUTHENTICATED, 'a bearer token is required');
    const actor = await this.identities.findActorByTokenHash(hashToken(token));
    if (!actor)
      throw new DomainError(
        ERROR_CODES.UNAUTHENTICATED,
        'unknown or revoked token, or a deactivated member or organisation',
      );
    return actor;
  }
}

export class BootstrapAdminUseCase {
  constructor(
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the first admin with the configured token, once: nothing happens when an admin exists. The
   * processes of one hub start together with the same token, so one of them creates it at a time.
   */
  execute(token: string): Promise<MemberRecord | null> {
    return this.identities.exclusively('bootstrap-admin', () => this.create(token));
  }

  private async create(token: string): Promise<MemberRecord | null> {
    if ((await this.identities.countAdmins()) > 0) return null;
    let hub = await this.identities.findOrganisationByName(HUB_ORGANISATION_NAME);
    if (!hub || hub.kind !== 'hub') {
      const created = newOrganisation({
        name: HUB_ORGANISATION_NAME,
        kind: 'hub',
        createdAt: this.clock.now(),
      });
      await this.identities.insertOrganisation(created, {
        action: 'organisation.created',
        actor: SYSTEM_ACTOR,
        subject: { type: 'organisation', id: created.id },
        data: organisationFacts(created),
        at: created.createdAt,
      });
      hub = created;
    }
    const member = newMember({
      organisationId: hub.id,
      displayName: 'Hub administrator',
      role: 'admin' satisfies Role,
      createdAt: this.clock.now(),
    });
    await this.identities.insertMemberWithToken(member, hashToken(token), {
      action: 'admin.bootstrapped',
      actor: SYSTEM_ACTOR,
      subject: { type: 'member', id: member.id },
      data: memberFacts(member),
      at: member.createdAt,
    });
    return member;
  }
}

export class RevokeTokensUseCase {
  constructor(private readonly identities: IdentityRepository) {}

  async execute(memberId: string): Promise<number> {
    const member = await this.identities.findMember(memberId);
    if (!member) throw new DomainError(ERROR_CODES.NOT_FOUND, 'member not found');
    return this.identities.revokeTokens(memberId);
  }
}

export class WhoAmIUseCase {
  constructor(private readonly identities: IdentityRepository) {}

  async execute(actor: Actor): Promise<{ member: MemberRecord; organisation: OrganisationRecord }> {
    const [member, organisation] = await Promise.all([
      this.identities.findMember(actor.memberId),
      this.identities.findOrganisation(actor.organisationId),
    ]);
    if (!member || !organisation) throw new DomainError(ERROR_CODES.UNAUTHENTICATED, 'unknown member');
    return { member, organisation };
  }
}

export class ListOrganisationsUseCase {
  constructor(private readonly identities: IdentityRepository) {}

  async execute(page: {
    after?: string;
    limit: number;
  }): Promise<{ organisations: OrganisationRecord[]; next?: string }> {
    const organisations = await this.identities.listOrganisations({
      after: page.after,
      limit: page.limit + 1,
    });
    const items = organisations.slice(0, page.limit);
    return {
      organisations: items,
      next: organisations.length > page.limit ? items[items.length - 1]?.id : undefined,
    };
  }
}

/** The actor of an audit entry: who, of which organisation (nothing more of an `Actor`). */
export function eventActor(by: EventActor): EventActor {
  return { memberId: by.memberId, organisationId: by.organisationId };
}

/** Lower-cased, each once. */
export function normaliseDomains(domains: string[]): string[] {
  return [...new Set(domains.map((d) => d.toLowerCase()))];
}

/** A new organisation: active, no webhook unless given, no rotation under way. */
export function newOrganisation(
  fields: Pick<OrganisationRecord, 'name' | 'kind' | 'createdAt'> & Partial<OrganisationRecord>,
): OrganisationRecord {
  return {
    id: randomUUID(),
    country: null,
    platformKey: null,
    domains: [],
    webhookUrl: null,
    webhookSecret: null,
    exerciseWebhookUrl: null,
    exerciseWebhookSecret: null,
    webhookBatch: false,
    exerciseWebhookBatch: false,
    webhookPreviousSecret: null,
    webhookPreviousSecretUntil: null,
    exerciseWebhookPreviousSecret: null,
    exerciseWebhookPreviousSecretUntil: null,
    simulated: false,
    active: true,
    deactivatedAt: null,
    ...fields,
  };
}

export function newMember(
  fields: Pick<MemberRecord, 'organisationId' | 'displayName' | 'role' | 'createdAt'>,
): MemberRecord {
  return { id: randomUUID(), active: true, deactivatedAt: null, ...fields };
}
