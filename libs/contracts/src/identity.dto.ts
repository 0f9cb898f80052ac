import { NumericParam } from './page.dto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
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
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from './enums';
import { LIMITS } from './limits';

export class WebhookDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(LIMITS.url)
  url!: string;

  @IsString()
  @MinLength(16)
  @MaxLength(LIMITS.webhookSecret)
  secret!: string;
}

export class CreateOrganisationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  name!: string;

  @IsIn(ORGANISATION_KINDS)
  kind!: Exclude<OrganisationKind, 'hub'>;

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

export interface OrganisationView {
  id: string;
  name: string;
  kind: OrganisationKind;
  country?: string;
  platformKey?: string;
  domains: string[];
  /** Webhook addresses are shown to admins only; secrets never leave the hub. */
  webhook?: { url: string };
  exerciseWebhook?: { url: string };
  simulated?: boolean;
  createdAt: string;
}

export interface MemberView {
  id: string;
  organisationId: string;
  displayName: string;
  role: Role;
  createdAt: string;
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
