import type { OrganisationKind, Role } from '@hub/contracts';

/** Who acts: resolved from a token by the platform layer, trusted from there on. */
export interface Actor {
  memberId: string;
  organisationId: string;
  displayName: string;
  role: Role;
  organisationKind: OrganisationKind;
  platformKey?: string;
}

/** The hub acting on its own (deliveries, deadlines, the exercise clock). */
export const SYSTEM_ACTOR = { memberId: null, organisationId: null } as const;
