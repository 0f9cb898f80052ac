import type { MemberView, OrganisationView, WebhookView } from '@hub/contracts';
import type { MemberRecord, OrganisationRecord } from './identity.model';

/** Responses are built here from records; no entity ever reaches the wire. */
export function organisationView(
  org: OrganisationRecord,
  opts: { showWebhooks: boolean; now?: Date },
): OrganisationView {
  const view: OrganisationView = {
    id: org.id,
    name: org.name,
    kind: org.kind,
    domains: org.domains,
    active: org.active,
    createdAt: org.createdAt.toISOString(),
  };
  if (org.country) view.country = org.country;
  if (org.platformKey) view.platformKey = org.platformKey;
  if (org.simulated) view.simulated = true;
  if (org.deactivatedAt) view.deactivatedAt = org.deactivatedAt.toISOString();
  if (opts.showWebhooks && org.webhookUrl)
    view.webhook = webhookView(org.webhookUrl, org.webhookPreviousSecretUntil, opts.now, org.webhookBatch);
  if (opts.showWebhooks && org.exerciseWebhookUrl)
    view.exerciseWebhook = webhookView(
      org.exerciseWebhookUrl,
      org.exerciseWebhookPreviousSecretUntil,
      opts.now,
      org.exerciseWebhookBatch,
    );
  return view;
}

function webhookView(url: string, previousUntil: Date | null, now = new Date(), batch = false): WebhookView {
  return {
    url,
    ...(batch && { batch: true }),
    ...(previousUntil && previousUntil > now && { previousSecretValidUntil: previousUntil.toISOString() }),
  };
}

export function memberView(m: MemberRecord): MemberView {
  const view: MemberView = {
    id: m.id,
    organisationId: m.organisationId,
    displayName: m.displayName,
    role: m.role,
    active: m.active,
    createdAt: m.createdAt.toISOString(),
  };
  if (m.deactivatedAt) view.deactivatedAt = m.deactivatedAt.toISOString();
  if (m.language) view.language = m.language;
  return view;
}
