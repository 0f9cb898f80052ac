import type { Role } from '@hub/contracts';
import type { AdminAuditEntry } from '../administration/admin-audit.model';
import type { Actor } from '../core/actor';
import type { MemberRecord } from '../identity/identity.model';

/** A claim value of an identity provider that admits its holders to an organisation with a role. */
export interface SsoMapping {
  id: string;
  organisationId: string;
  /** The configured issuer's key; null: the claim counts from any configured issuer. */
  issuerKey: string | null;
  claim: string;
  value: string;
  role: Role;
  createdAt: Date;
}

/** Who a provider says signed in, after openid-client checked the ID token (issuer, audience, signature). */
export interface VerifiedIdentity {
  issuerKey: string;
  /** The `iss` of the ID token. */
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

export interface SessionRecord {
  id: string;
  memberId: string;
  issuer: string;
  subject: string;
  /** The mapping that admitted the member: removing it ends the session. */
  mappingId: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

export interface TokenRecord {
  id: string;
  memberId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A sign-in started in a browser and not yet finished: what the callback needs to check its answer. */
export interface SignInAttempt {
  stateHash: string;
  issuerKey: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: Date;
}

/** Ended sessions, so the caller can cut their sockets too. */
export interface EndedSession {
  id: string;
  memberId: string;
}

/** Console sessions, kept server-side: the cookie holds a secret whose hash finds the row. */
export interface SessionStore {
  insert(session: SessionRecord, secretHash: string): Promise<void>;
  /** The session and its member, when the session is neither idle too long nor past its end. */
  findActive(
    secretHash: string,
    now: Date,
    idleMs: number,
  ): Promise<{ session: SessionRecord; actor: Actor } | null>;
  /** Marks the session used; implementations may skip a write when it was marked a moment ago. */
  touch(id: string, now: Date): Promise<void>;
  end(secretHash: string): Promise<EndedSession | null>;
  /** Ends every session of a member (sign-in refused, member deactivated). */
  endAllFor(memberId: string): Promise<EndedSession[]>;
  listFor(memberId: string, now: Date, idleMs: number): Promise<SessionRecord[]>;
}

/**
 * Mappings, identity links, pending sign-ins and the tokens' directory. Each change an admin makes, and each
 * member a first sign-in creates, is written to the admin audit log in the same transaction.
 */
export interface SignInDirectory {
  insertMapping(mapping: SsoMapping, audit: AdminAuditEntry): Promise<void>;
  listMappings(organisationId: string): Promise<SsoMapping[]>;
  /** Every mapping that could admit a holder of one of these claims (by claim name), oldest first. */
  mappingsFor(claims: string[]): Promise<SsoMapping[]>;
  /** Deletes the mapping and the sessions it admitted; null when there is no such mapping. */
  deleteMapping(organisationId: string, id: string, audit: AdminAuditEntry): Promise<EndedSession[] | null>;
  findLinkedMember(issuer: string, subject: string): Promise<MemberRecord | null>;
  insertLinkedMember(
    member: MemberRecord,
    link: { issuer: string; subject: string },
    audit: AdminAuditEntry,
  ): Promise<void>;
  updateDisplayName(memberId: string, displayName: string): Promise<void>;
  insertAttempt(attempt: SignInAttempt): Promise<void>;
  /** Takes the attempt once: a second call with the same state finds nothing. */
  takeAttempt(stateHash: string, now: Date): Promise<SignInAttempt | null>;
  listTokens(memberId: string): Promise<TokenRecord[]>;
  insertToken(token: TokenRecord, tokenHash: string, audit: AdminAuditEntry): Promise<void>;
  /** Revokes one token; null when there is no such token. */
  revokeToken(
    id: string,
    now: Date,
    audit: (token: TokenRecord) => AdminAuditEntry,
  ): Promise<TokenRecord | null>;
}
