import {
  CONTACT_TIERS,
  LANGUAGES,
  ORGANISATION_KINDS,
  ROLES,
  WEBHOOK_KINDS,
  type AdminAuditEntryView,
  type AuditVerdictView,
  type ContactView,
  type CreatedMemberView,
  type CreatedTokenView,
  type MembersView,
  type MemberView,
  type MeView,
  type OrganisationView,
  type RotatedSecretView,
  type SessionView,
  type SignInProviderView,
  type SsoMappingView,
  type TokenView,
  type WebhookView,
} from '@hub/contracts';
import {
  arrayOf,
  boolean,
  dateTime,
  enumOf,
  integer,
  named,
  nullable,
  object,
  optional,
  recordOf,
  string,
  uuid,
} from './answer-schema';

const webhook = object<WebhookView>({
  url: string({ format: 'uri' }),
  previousSecretValidUntil: optional(dateTime),
  batch: optional(boolean),
});

export const OrganisationViewSchema = named(
  'OrganisationView',
  object<OrganisationView>({
    id: uuid,
    name: string(),
    kind: enumOf([...ORGANISATION_KINDS, 'hub']),
    country: optional(string()),
    platformKey: optional(string()),
    domains: arrayOf(string()),
    webhook: optional(webhook),
    exerciseWebhook: optional(webhook),
    simulated: optional(boolean),
    active: boolean,
    deactivatedAt: optional(dateTime),
    createdAt: dateTime,
  }),
);

export const MemberViewSchema = named(
  'MemberView',
  object<MemberView>({
    id: uuid,
    organisationId: uuid,
    displayName: string(),
    role: enumOf(ROLES),
    active: boolean,
    deactivatedAt: optional(dateTime),
    createdAt: dateTime,
    language: optional(enumOf(LANGUAGES)),
  }),
);

export const MeViewSchema = named(
  'MeView',
  object<MeView>({ member: MemberViewSchema, organisation: OrganisationViewSchema }),
);

export const CreatedMemberViewSchema = named(
  'CreatedMemberView',
  object<CreatedMemberView>({
    member: MemberViewSchema,
    token: string({ description: 'The member’s bearer token, shown once.' }),
  }),
);

export const MembersViewSchema = named(
  'MembersView',
  object<MembersView>({ items: arrayOf(MemberViewSchema) }),
);

export const RevokedTokensSchema = named(
  'RevokedTokens',
  object<{ revoked: number }>({ revoked: integer() }),
);

export const RotatedSecretViewSchema = named(
  'RotatedSecretView',
  object<RotatedSecretView>({
    secret: string({ description: 'The new signing secret, shown once.' }),
    webhook: enumOf(WEBHOOK_KINDS),
    previousSecretValidUntil: optional(dateTime),
  }),
);

export const AdminAuditEntryViewSchema = named(
  'AdminAuditEntryView',
  object<AdminAuditEntryView>({
    id: string({ pattern: '^[0-9]+$' }),
    seq: integer(),
    at: dateTime,
    action: string(),
    actor: object<AdminAuditEntryView['actor']>({
      memberId: nullable(uuid),
      organisationId: nullable(uuid),
    }),
    subject: object<AdminAuditEntryView['subject']>({ type: string(), id: string() }),
    data: recordOf({}),
    prevHash: string(),
    hash: string(),
  }),
);

export const AuditVerdictViewSchema = named(
  'AuditVerdictView',
  object<AuditVerdictView>({
    ok: boolean,
    checked: integer(),
    firstBrokenEventId: optional(string({ pattern: '^[0-9]+$' })),
    adminChecked: integer(),
    firstBrokenAdminEntryId: optional(string({ pattern: '^[0-9]+$' })),
  }),
);

export const ContactViewSchema = named(
  'ContactView',
  object<ContactView>({
    id: uuid,
    organisationId: uuid,
    name: string(),
    email: string({ format: 'email' }),
    tier: enumOf(CONTACT_TIERS),
    languages: arrayOf(string()),
    exercise: boolean,
    createdAt: dateTime,
  }),
);

export const SsoMappingViewSchema = named(
  'SsoMappingView',
  object<SsoMappingView>({
    id: uuid,
    organisationId: uuid,
    claim: string(),
    value: string(),
    role: enumOf(ROLES),
    issuer: optional(string()),
    createdAt: dateTime,
  }),
);

export const SignInProviderViewSchema = named(
  'SignInProviderView',
  object<SignInProviderView>({ key: string(), name: string(), loginUrl: string() }),
);

const tokenShape = {
  id: uuid,
  memberId: uuid,
  createdAt: dateTime,
  lastUsedAt: optional(dateTime),
  revokedAt: optional(dateTime),
};

export const TokenViewSchema = named('TokenView', object<TokenView>(tokenShape));

export const CreatedTokenViewSchema = named(
  'CreatedTokenView',
  object<CreatedTokenView>({
    ...tokenShape,
    token: string({ description: 'The bearer token, shown once.' }),
  }),
);

export const SessionViewSchema = named(
  'SessionView',
  object<SessionView>({
    id: uuid,
    memberId: uuid,
    issuer: string(),
    subject: string(),
    createdAt: dateTime,
    lastUsedAt: dateTime,
    expiresAt: dateTime,
  }),
);
