import { randomUUID } from 'node:crypto';
import type { CreateSsoMappingDto } from '@hub/contracts';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import { memberFacts } from '../administration/admin-audit.model';
import { eventActor } from '../identity/identity.use-cases';
import { assertRoleFitsOrganisation } from '../identity/membership.rules';
import { generateToken, hashToken } from '../identity/token';
import type { Actor } from '../core/actor';
import type { MemberRecord } from '../identity/identity.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import { displayNameOf, matchingMappings } from './claim-mapping';
import { csrfTokenOf, generateSessionSecret, hashSessionSecret } from './session-secret';
import type {
  EndedSession,
  SessionRecord,
  SessionStore,
  SignInDirectory,
  SsoMapping,
  TokenRecord,
  VerifiedIdentity,
} from './sign-in.ports';

export interface SessionTimeouts {
  idleMs: number;
  maxMs: number;
}

export type SignInOutcome =
  | { admitted: true; member: MemberRecord; session: SessionRecord; secret: string; csrfToken: string }
  | { admitted: false; reason: string; ended: EndedSession[] };

/**
 * Ends a sign-in whose ID token openid-client has verified: finds or creates the member the identity's
 * claims map to, and opens a session. Claims that no longer map refuse the sign-in and end the member's
 * sessions.
 */
export class SignInUseCase {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly sessions: SessionStore,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
  ) {}

  async execute(identity: VerifiedIdentity): Promise<SignInOutcome> {
    const candidates = await this.directory.mappingsFor(Object.keys(identity.claims));
    const admitting = matchingMappings(candidates, identity);
    const linked = await this.directory.findLinkedMember(identity.issuer, identity.subject);
    const displayName = displayNameOf(identity);
    let member: MemberRecord;
    let mapping: SsoMapping | undefined;
    if (
      linked &&
      !(linked.active && (await this.identities.findOrganisation(linked.organisationId))?.active)
    ) {
      return {
        admitted: false,
        reason: 'your membership of this hub, or your organisation, has been switched off',
        ended: await this.sessions.endAllFor(linked.id),
      };
    }
    if (linked) {
      mapping = admitting.find((m) => m.organisationId === linked.organisationId);
      if (!mapping) {
        return {
          admitted: false,
          reason: 'none of your identity provider groups or claims is mapped to your organisation any more',
          ended: await this.sessions.endAllFor(linked.id),
        };
      }
      if (linked.displayName !== displayName) await this.directory.updateDisplayName(linked.id, displayName);
      member = { ...linked, displayName };
    } else {
      const organisations = new Set(admitting.map((m) => m.organisationId));
      if (organisations.size !== 1) {
        return {
          admitted: false,
          reason:
            organisations.size === 0
              ? 'none of your identity provider groups or claims is mapped to an organisation on this hub'
              : 'your identity provider groups map to several organisations on this hub',
          ended: [],
        };
      }
      mapping = admitting[0]!;
      const organisation = await this.identities.findOrganisation(mapping.organisationId);
      if (!organisation) throw new DomainError(ERROR_CODES.NOT_FOUND, 'organisation not found');
      if (!organisation.active)
        return { admitted: false, reason: 'your organisation has been switched off on this hub', ended: [] };
      member = {
        id: randomUUID(),
        organisationId: mapping.organisationId,
        displayName,
        role: mapping.role,
        active: true,
        deactivatedAt: null,
        createdAt: this.clock.now(),
      };
      const link = { issuer: identity.issuer, subject: identity.subject };
      // Created by signing in, on the strength of an admin's mapping: the member is its own actor.
      await this.directory.insertLinkedMember(member, link, {
        action: 'member.created',
        actor: { memberId: member.id, organisationId: member.organisationId },
        subject: { type: 'member', id: member.id },
        data: { ...memberFacts(member), signIn: { ...link, mappingId: mapping.id } },
        at: member.createdAt,
      });
    }
    const now = this.clock.now();
    const secret = generateSessionSecret();
    const session: SessionRecord = {
      id: randomUUID(),
      memberId: member.id,
      issuer: identity.issuer,
      subject: identity.subject,
      mappingId: mapping.id,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.timeouts.maxMs),
    };
    await this.sessions.insert(session, hashSessionSecret(secret));
    return { admitted: true, member, session, secret, csrfToken: csrfTokenOf(secret) };
  }
}

/** Who holds a session cookie: the member, while the session is neither idle too long nor past its end. */
export class AuthenticateSessionUseCase {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
  ) {}

  async execute(secret: string | undefined): Promise<{ actor: Actor; session: SessionRecord }> {
    if (!secret || secret.length > 128)
      throw new DomainError(ERROR_CODES.UNAUTHENTICATED, 'a bearer token or a session is required');
    const now = this.clock.now();
    const found = await this.sessions.findActive(hashSessionSecret(secret), now, this.timeouts.idleMs);
    if (!found) throw new DomainError(ERROR_CODES.UNAUTHENTICATED, 'the session has ended; sign in again');
    await this.sessions.touch(found.session.id, now);
    return found;
  }
}

export class EndSessionUseCase {
  constructor(private readonly sessions: SessionStore) {}

  execute(secret: string): Promise<EndedSession | null> {
    return this.sessions.end(hashSessionSecret(secret));
  }
}

export class CreateSsoMappingUseCase {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
    private readonly issuerKeys: () => string[],
  ) {}

  async execute(by: Actor, organisationId: string, command: CreateSsoMappingDto): Promise<SsoMapping> {
    const organisation = await this.identities.findOrganisation(organisationId);
    if (!organisation) throw new DomainError(ERROR_CODES.NOT_FOUND, 'organisation not found');
    assertRoleFitsOrganisation(command.role, organisation.kind);
    if (command.issuer !== undefined && !this.issuerKeys().includes(command.issuer))
      throw invalid('issuer', `no configured issuer has the key ${command.issuer}`);
    const mapping: SsoMapping = {
      id: randomUUID(),
      organisationId,
      issuerKey: command.issuer ?? null,
      claim: command.claim,
      value: command.value,
      role: command.role,
      createdAt: this.clock.now(),
    };
    await this.directory.insertMapping(mapping, {
      action: 'organisation.sso_mapping_added',
      actor: eventActor(by),
      subject: { type: 'organisation', id: organisationId },
      data: {
        mappingId: mapping.id,
        claim: mapping.claim,
        value: mapping.value,
        role: mapping.role,
        issuer: mapping.issuerKey,
      },
      at: mapping.createdAt,
    });
    return mapping;
  }
}

export class ListSsoMappingsUseCase {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly identities: IdentityRepository,
  ) {}

  async execute(organisationId: string): Promise<SsoMapping[]> {
    if (!(await this.identities.findOrganisation(organisationId)))
      throw new DomainError(ERROR_CODES.NOT_FOUND, 'organisation not found');
    return this.directory.listMappings(organisationId);
  }
}

/** Removes a mapping and ends the sessions it admitted; their holders sign in again or are refused. */
export class DeleteSsoMappingUseCase {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly clock: Clock,
  ) {}

  async execute(by: Actor, organisationId: string, mappingId: string): Promise<EndedSession[]> {
    const ended = await this.directory.deleteMapping(organisationId, mappingId, {
      action: 'organisation.sso_mapping_removed',
      actor: eventActor(by),
      subject: { type: 'organisation', id: organisationId },
      data: { mappingId },
      at: this.clock.now(),
    });
    if (!ended) throw new DomainError(ERROR_CODES.NOT_FOUND, 'mapping not found');
    return ended;
  }
}

export class ListTokensUseCase {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly identities: IdentityRepository,
  ) {}

  async execute(memberId: string): Promise<TokenRecord[]> {
    if (!(await this.identities.findMember(memberId)))
      throw new DomainError(ERROR_CODES.NOT_FOUND, 'member not found');
    return this.directory.listTokens(memberId);
  }
}

/** Another token for an existing member; only its hash is kept, the token is answered once. */
export class CreateTokenUseCase {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  async execute(by: Actor, memberId: string): Promise<{ record: TokenRecord; token: string }> {
    if (!(await this.identities.findMember(memberId)))
      throw new DomainError(ERROR_CODES.NOT_FOUND, 'member not found');
    const token = generateToken();
    const record: TokenRecord = {
      id: randomUUID(),
      memberId,
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.directory.insertToken(record, hashToken(token), {
      action: 'member.token_created',
      actor: eventActor(by),
      subject: { type: 'member', id: memberId },
      data: { tokenId: record.id },
      at: record.createdAt,
    });
    return { record, token };
  }
}

export class RevokeTokenUseCase {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly clock: Clock,
  ) {}

  async execute(by: Actor, tokenId: string): Promise<TokenRecord> {
    const now = this.clock.now();
    const token = await this.directory.revokeToken(tokenId, now, (revoked) => ({
      action: 'member.token_revoked',
      actor: eventActor(by),
      subject: { type: 'member', id: revoked.memberId },
      data: { tokenId },
      at: now,
    }));
    if (!token) throw new DomainError(ERROR_CODES.NOT_FOUND, 'token not found');
    return token;
  }
}

export class ListSessionsUseCase {
  constructor(
    private readonly sessions: SessionStore,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
  ) {}

  async execute(memberId: string): Promise<SessionRecord[]> {
    if (!(await this.identities.findMember(memberId)))
      throw new DomainError(ERROR_CODES.NOT_FOUND, 'member not found');
    return this.sessions.listFor(memberId, this.clock.now(), this.timeouts.idleMs);
  }
}
