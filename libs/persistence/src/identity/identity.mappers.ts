import { LANGUAGES, type Language } from '@hub/contracts';
import type { MemberRecord, OrganisationRecord } from '@hub/domain';
import type { MemberRow, OrganisationRow } from './identity.rows';

export function toOrganisation(r: OrganisationRow): OrganisationRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    country: r.country,
    platformKey: r.platform_key,
    domains: r.domains ?? [],
    webhookUrl: r.webhook_url,
    webhookSecret: r.webhook_secret,
    exerciseWebhookUrl: r.exercise_webhook_url,
    exerciseWebhookSecret: r.exercise_webhook_secret,
    webhookBatch: r.webhook_batch ?? false,
    exerciseWebhookBatch: r.exercise_webhook_batch ?? false,
    webhookPreviousSecret: r.webhook_previous_secret,
    webhookPreviousSecretUntil: r.webhook_previous_secret_until,
    exerciseWebhookPreviousSecret: r.exercise_webhook_previous_secret,
    exerciseWebhookPreviousSecretUntil: r.exercise_webhook_previous_secret_until,
    simulated: r.simulated,
    active: r.active,
    deactivatedAt: r.deactivated_at,
    createdAt: r.created_at,
  };
}

export function toMember(r: MemberRow): MemberRecord {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    displayName: r.display_name,
    role: r.role,
    active: r.active,
    deactivatedAt: r.deactivated_at,
    createdAt: r.created_at,
    // A code the catalogues no longer have reads as none: the member falls back to the browser's.
    language: (LANGUAGES as readonly (string | null | undefined)[]).includes(r.language)
      ? (r.language as Language)
      : null,
  };
}
