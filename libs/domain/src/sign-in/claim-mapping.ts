import { LIMITS } from '@hub/contracts';
import type { SsoMapping, VerifiedIdentity } from './sign-in.ports';

/** Whether a claim holds the value: equal, or one of an array's entries (`groups`, `roles`). */
export function claimHolds(claim: unknown, value: string): boolean {
  if (Array.isArray(claim)) return claim.some((entry) => claimHolds(entry, value));
  if (typeof claim === 'string') return claim === value;
  if (typeof claim === 'number' || typeof claim === 'boolean') return String(claim) === value;
  return false;
}

/** The mappings that admit this identity, in the order given (oldest first). */
export function matchingMappings(mappings: SsoMapping[], identity: VerifiedIdentity): SsoMapping[] {
  return mappings.filter(
    (m) =>
      (m.issuerKey === null || m.issuerKey === identity.issuerKey) &&
      Object.prototype.hasOwnProperty.call(identity.claims, m.claim) &&
      claimHolds(identity.claims[m.claim], m.value),
  );
}

/** What the member is called in the hub: the provider's `name`, else `preferred_username`, else the subject. */
export function displayNameOf(identity: VerifiedIdentity): string {
  for (const key of ['name', 'preferred_username', 'email']) {
    const value = identity.claims[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, LIMITS.name);
  }
  return identity.subject.slice(0, LIMITS.name);
}
