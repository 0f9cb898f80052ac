import type { OrganisationKind, Role } from '@hub/contracts';

/** Rows of the identity tables as node-postgres answers them (conventions: `incidents/incident.rows.ts`). */
export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  country: string | null;
  platform_key: string | null;
  domains: string[];
  webhook_url: string | null;
  webhook_secret: string | null;
  exercise_webhook_url: string | null;
  exercise_webhook_secret: string | null;
  webhook_batch: boolean;
  exercise_webhook_batch: boolean;
  webhook_previous_secret: string | null;
  webhook_previous_secret_until: Date | null;
  exercise_webhook_previous_secret: string | null;
  exercise_webhook_previous_secret_until: Date | null;
  simulated: boolean;
  active: boolean;
  deactivated_at: Date | null;
  created_at: Date;
}

export interface MemberRow {
  id: string;
  organisation_id: string;
  display_name: string;
  role: Role;
  active: boolean;
  deactivated_at: Date | null;
  created_at: Date;
  language?: string | null;
}

export interface TokenRow {
  id: string;
  member_id: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
