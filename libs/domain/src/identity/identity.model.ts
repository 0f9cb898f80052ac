import type { Language, OrganisationKind, Role } from '@hub/contracts';

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: OrganisationKind;
  country: string | null;
  platformKey: string | null;
  domains: string[];
  webhookUrl: string | null;
  webhookSecret: string | null;
  exerciseWebhookUrl: string | null;
  exerciseWebhookSecret: string | null;
  /** Deliveries to the webhook (the exercise webhook) go in batches, `{ events: [...] }`. */
  webhookBatch: boolean;
  exerciseWebhookBatch: boolean;
  /** After a rotation, the secret before it, still signing beside the new one until `...Until`. */
  webhookPreviousSecret: string | null;
  webhookPreviousSecretUntil: Date | null;
  exerciseWebhookPreviousSecret: string | null;
  exerciseWebhookPreviousSecretUntil: Date | null;
  simulated: boolean;
  /** A deactivated organisation's members can do nothing; its platform gets no deliveries. */
  active: boolean;
  deactivatedAt: Date | null;
  createdAt: Date;
}

export interface MemberRecord {
  id: string;
  organisationId: string;
  displayName: string;
  role: Role;
  active: boolean;
  deactivatedAt: Date | null;
  createdAt: Date;
  /** The language the member reads the hub in (`PATCH /me`); null or absent: the browser's. */
  language?: Language | null;
}
