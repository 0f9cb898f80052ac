import { NumericParam } from './page.dto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsFQDN,
  IsIn,
  IsISO31661Alpha2,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ORGANISATION_KINDS, ROLES, type Language, type OrganisationKind, type Role } from './enums';
import { LIMITS } from './limits';

export class WebhookDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(LIMITS.url)
  url!: string;

  @IsString()
  @MinLength(16)
  @MaxLength(LIMITS.webhookSecret)
  secret!: string;

  /** Events queued for the platform go out together, `{ events: [...] }` (default false: one POST each). */
  @IsOptional()
  @IsBoolean()
  batch?: boolean;
}

export class CreateOrganisationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  name!: string;

  /** `hub`: another hub, a peer of this one (its members have role `peer`; docs/federation.md). */
  @IsIn([...ORGANISATION_KINDS, 'hub'])
  kind!: OrganisationKind;

  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    message: 'platformKey must be lower-case letters, digits, - or _ (at most 64)',
  })
  platformKey?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.domainsPerOrganisation)
  @IsFQDN({ require_tld: true }, { each: true })
  @MaxLength(LIMITS.domain, { each: true })
  domains?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookDto)
  webhook?: WebhookDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookDto)
  exerciseWebhook?: WebhookDto;
}

export class CreateMemberDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  displayName!: string;

  @IsIn(ROLES)
  role!: Role;
}

/** What an admin sees of a webhook: where it points and, after a rotation, until when the old secret signs. */
export interface WebhookView {
  url: string;
  /** Deliveries in batches (`{ events: [...] }`); absent: one POST per event. */
  batch?: boolean;
  previousSecretValidUntil?: string;
}

export interface OrganisationView {
  id: string;
  name: string;
  kind: OrganisationKind;
  country?: string;
  platformKey?: string;
  domains: string[];
  /** Webhook addresses are shown to admins only; secrets never leave the hub (but once, at rotation). */
  webhook?: WebhookView;
  exerciseWebhook?: WebhookView;
  simulated?: boolean;
  active: boolean;
  deactivatedAt?: string;
  createdAt: string;
}

export interface MemberView {
  id: string;
  organisationId: string;
  displayName: string;
  role: Role;
  active: boolean;
  deactivatedAt?: string;
  createdAt: string;
  /** The language the member reads the hub in, once chosen (`PATCH /me`); absent: the browser's. */
  language?: Language;
}

export interface MeView {
  member: MemberView;
  organisation: OrganisationView;
}

export interface CreatedMemberView {
  member: MemberView;
  /** Shown once; only its hash is stored. */
  token: string;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

export class ListOrganisationsQuery {
  @IsOptional()
  @IsUUID()
  after?: string;

  @IsOptional()
  @NumericParam()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/**
 * `PATCH /organisations/:id`: each field given is changed, with the checks of creation; `webhook: null`
 * removes a webhook; `active: false` deactivates the organisation (its members can do nothing).
 */
export class UpdateOrganisationDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  name?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.domainsPerOrganisation)
  @IsFQDN({ require_tld: true }, { each: true })
  @MaxLength(LIMITS.domain, { each: true })
  domains?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookDto)
  webhook?: WebhookDto | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookDto)
  exerciseWebhook?: WebhookDto | null;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** `PATCH /members/:id`. A role must still fit the member's organisation (one role per kind). */
export class UpdateMemberDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  displayName?: string;

  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export const WEBHOOK_KINDS = ['webhook', 'exerciseWebhook'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** At most a week of two valid secrets. */
export const MAX_GRACE_MINUTES = 7 * 24 * 60;

/** `POST /organisations/:id/webhook/rotate-secret`. */
export class RotateWebhookSecretDto {
  /** How long the previous secret keeps signing beside the new one (default 60; 0: not at all). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_MINUTES)
  graceMinutes?: number;

  /** Which of the platform's webhooks (default `webhook`, the live one). */
  @IsOptional()
  @IsIn(WEBHOOK_KINDS)
  webhook?: WebhookKind;
}

export interface RotatedSecretView {
  /** Shown once; give it to the platform. */
  secret: string;
  webhook: WebhookKind;
  previousSecretValidUntil?: string;
}

export interface MembersView {
  items: MemberView[];
}

export class ListAdminAuditQuery {
  /** The `seq` of the last entry already read. */
  @IsOptional()
  @NumericParam()
  @IsInt()
  @Min(0)
  after?: number;

  @IsOptional()
  @NumericParam()
  @IsInt()
  @Min(1)
  @Max(LIMITS.pageSize)
  limit?: number;
}

export interface AdminAuditEntryView {
  id: string;
  seq: number;
  at: string;
  action: string;
  actor: { memberId: string | null; organisationId: string | null };
  subject: { type: string; id: string };
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditVerdictView {
  ok: boolean;
  /** Incident events checked. */
  checked: number;
  firstBrokenEventId?: string;
  /** Admin audit entries checked. */
  adminChecked: number;
  firstBrokenAdminEntryId?: string;
}
