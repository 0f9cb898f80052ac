import type { SessionView, SsoMappingView, TokenView } from '@hub/contracts';
import type { SessionRecord, SsoMapping, TokenRecord } from './sign-in.ports';

export function ssoMappingView(m: SsoMapping): SsoMappingView {
  return {
    id: m.id,
    organisationId: m.organisationId,
    claim: m.claim,
    value: m.value,
    role: m.role,
    ...(m.issuerKey ? { issuer: m.issuerKey } : {}),
    createdAt: m.createdAt.toISOString(),
  };
}

export function tokenView(t: TokenRecord): TokenView {
  return {
    id: t.id,
    memberId: t.memberId,
    createdAt: t.createdAt.toISOString(),
    ...(t.lastUsedAt ? { lastUsedAt: t.lastUsedAt.toISOString() } : {}),
    ...(t.revokedAt ? { revokedAt: t.revokedAt.toISOString() } : {}),
  };
}

export function sessionView(s: SessionRecord): SessionView {
  return {
    id: s.id,
    memberId: s.memberId,
    issuer: s.issuer,
    subject: s.subject,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
  };
}
