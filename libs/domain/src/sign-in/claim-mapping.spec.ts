import { claimHolds, displayNameOf, matchingMappings } from './claim-mapping';
import { csrfTokenMatches, csrfTokenOf, generateSessionSecret, hashSessionSecret } from './session-secret';
import type { SsoMapping, VerifiedIdentity } from './sign-in.ports';

const identity = (claims: Record<string, unknown>, issuerKey = 'default'): VerifiedIdentity => ({
  issuerKey,
  issuer: 'https://idp.example',
  subject: 'u-1',
  claims,
});

const mapping = (over: Partial<SsoMapping>): SsoMapping => ({
  id: 'm',
  organisationId: 'o',
  issuerKey: null,
  claim: 'groups',
  value: 'be-police-crisis',
  role: 'authority',
  createdAt: new Date(0),
  ...over,
});

describe('claim mappings', () => {
  it('holds a value as a string claim, an entry of an array claim, or a number or boolean written out', () => {
    expect(claimHolds('be-police-crisis', 'be-police-crisis')).toBe(true);
    expect(claimHolds(['staff', 'be-police-crisis'], 'be-police-crisis')).toBe(true);
    expect(claimHolds(42, '42')).toBe(true);
    expect(claimHolds(true, 'true')).toBe(true);
    expect(claimHolds('be-police', 'be-police-crisis')).toBe(false);
    expect(claimHolds({ value: 'be-police-crisis' }, 'be-police-crisis')).toBe(false);
    expect(claimHolds(undefined, 'x')).toBe(false);
  });

  it('admits by claim and value, from the mapping issuer only when it names one', () => {
    const any = mapping({ id: 'any' });
    const onlyOther = mapping({ id: 'other', issuerKey: 'other' });
    const email = mapping({ id: 'email', claim: 'email_domain', value: 'police.be' });
    const mappings = [any, onlyOther, email];
    expect(matchingMappings(mappings, identity({ groups: ['be-police-crisis'] })).map((m) => m.id)).toEqual([
      'any',
    ]);
    expect(
      matchingMappings(mappings, identity({ groups: ['be-police-crisis'] }, 'other')).map((m) => m.id),
    ).toEqual(['any', 'other']);
    expect(matchingMappings(mappings, identity({ groups: ['staff'] }))).toEqual([]);
    // An inherited property is no claim.
    expect(matchingMappings([mapping({ claim: 'toString', value: 'x' })], identity({}))).toEqual([]);
  });

  it('names the member after name, else preferred_username, else e-mail, else the subject', () => {
    expect(displayNameOf(identity({ name: ' Alice ', preferred_username: 'alice' }))).toBe('Alice');
    expect(displayNameOf(identity({ preferred_username: 'alice' }))).toBe('alice');
    expect(displayNameOf(identity({ email: 'a@police.be' }))).toBe('a@police.be');
    expect(displayNameOf(identity({ name: '' }))).toBe('u-1');
    expect(displayNameOf(identity({ name: 'x'.repeat(500) }))).toHaveLength(200);
  });
});

describe('session secrets', () => {
  it('derives a CSRF token bound to the session, compared in constant time', () => {
    const secret = generateSessionSecret();
    const other = generateSessionSecret();
    expect(secret).not.toBe(other);
    expect(hashSessionSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(csrfTokenMatches(secret, csrfTokenOf(secret))).toBe(true);
    expect(csrfTokenMatches(secret, csrfTokenOf(other))).toBe(false);
    expect(csrfTokenMatches(secret, undefined)).toBe(false);
    expect(csrfTokenMatches(secret, 'short')).toBe(false);
  });
});
