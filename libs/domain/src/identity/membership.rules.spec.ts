import { ORGANISATION_KINDS, ROLES } from '@hub/contracts';
import { DomainError } from '../core/errors';
import { assertOrganisationShape, assertRoleFitsOrganisation, ROLE_OF_KIND } from './membership.rules';

describe('role and organisation kind', () => {
  const kinds = [...ORGANISATION_KINDS, 'hub'] as const;
  const cases = kinds.flatMap((kind) =>
    // A `hub` organisation is this hub (admins) or a peer hub (its `peer` tokens).
    ROLES.map(
      (role) => [kind, role, ROLE_OF_KIND[kind] === role || (kind === 'hub' && role === 'peer')] as const,
    ),
  );

  it.each(cases)('a %s organisation with a %s member: allowed %s', (kind, role, allowed) => {
    const attempt = () => assertRoleFitsOrganisation(role, kind);
    if (allowed) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(DomainError);
  });

  it('refuses a liaison in an authority', () => {
    expect(() => assertRoleFitsOrganisation('liaison', 'authority')).toThrow(
      /role: a authority organisation has authority members/,
    );
  });

  it('requires a country for an authority and a platformKey for a platform', () => {
    expect(() => assertOrganisationShape({ kind: 'authority' })).toThrow(/country/);
    expect(() => assertOrganisationShape({ kind: 'platform' })).toThrow(/platformKey/);
    expect(() => assertOrganisationShape({ kind: 'observer', domains: ['x.example'] })).toThrow(/domains/);
  });
});
