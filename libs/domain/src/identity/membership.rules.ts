import type { OrganisationKind, Role } from '@hub/contracts';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';

/** Each role belongs to one kind of organisation. */
export const ROLE_OF_KIND: Record<OrganisationKind, Role> = {
  coordinator: 'coordinator',
  authority: 'authority',
  platform: 'liaison',
  observer: 'observer',
  hub: 'admin',
  fact_checker: 'flagger',
  civil_society: 'flagger',
  party: 'flagger',
  electoral_body: 'flagger',
};

export function assertRoleFitsOrganisation(role: Role, kind: OrganisationKind): void {
  // An organisation of kind `hub` is this hub (its admins) or a peer hub (its `peer` tokens).
  if (kind === 'hub' && role === 'peer') return;
  if (ROLE_OF_KIND[kind] !== role) {
    throw new DomainError(
      ERROR_CODES.VALIDATION_FAILED,
      `role: a ${kind} organisation has ${ROLE_OF_KIND[kind]} members, not ${role}`,
      [{ field: 'role', message: `must be ${ROLE_OF_KIND[kind]} in a ${kind} organisation` }],
    );
  }
}

export function assertOrganisationShape(input: {
  kind: OrganisationKind;
  country?: string;
  platformKey?: string;
  domains?: string[];
  webhook?: unknown;
  exerciseWebhook?: unknown;
}): void {
  if (input.kind === 'authority' && !input.country)
    throw invalid('country', 'an authority needs its ISO country code');
  if (input.kind === 'platform' && !input.platformKey)
    throw invalid('platformKey', 'a platform needs a platformKey');
  if (input.kind !== 'platform') {
    for (const field of ['platformKey', 'domains', 'webhook', 'exerciseWebhook'] as const) {
      if (input[field] !== undefined) throw invalid(field, `only a platform has ${field}`);
    }
  }
}
