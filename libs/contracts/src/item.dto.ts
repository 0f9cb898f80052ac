import { CursorPageQuery } from './page.dto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CELL_STATUSES,
  CHANNELS,
  CONTENT_TYPES,
  HASH_ALGORITHMS,
  ITEM_KINDS,
  VERDICTS,
  type CellStatus,
  type Channel,
  type ContentType,
  type HashAlgorithm,
  type ItemKind,
  type Verdict,
} from './enums';
import { LIMITS } from './limits';

const PLATFORM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class HashDto {
  @IsIn(HASH_ALGORITHMS)
  algorithm!: HashAlgorithm;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.opaqueHash)
  value!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  quality?: number;
}

export class AccountDto {
  @Matches(PLATFORM_KEY, { message: 'account.platformKey must be a platform key' })
  platformKey!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.handle)
  handle!: string;
}

/** What may be said about an item. `uploaderHandle` is personal data: purged when retention ends. */
export class ItemMetadataDto {
  @IsOptional()
  @IsIn(CONTENT_TYPES)
  contentType?: ContentType;

  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
    message: 'metadata.language must be a language tag like en or pt-BR',
  })
  language?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  firstSeenAt?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.metadataValue)
  label?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.metadataValue)
  notes?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.handle)
  uploaderHandle?: string;
}

export const PERSONAL_METADATA_FIELDS = ['uploaderHandle'] as const;

export class ShareItemDto {
  @IsIn(ITEM_KINDS)
  kind!: ItemKind;

  @ValidateIf((o: ShareItemDto) => o.kind === 'url' || o.url !== undefined)
  @IsString()
  @MaxLength(LIMITS.url)
  url?: string;

  @ValidateIf((o: ShareItemDto) => o.kind === 'hash' || o.hash !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => HashDto)
  hash?: HashDto;

  @ValidateIf((o: ShareItemDto) => o.kind === 'account' || o.account !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => AccountDto)
  account?: AccountDto;

  @IsIn(CHANNELS)
  channel!: Channel;

  @ValidateIf((o: ShareItemDto) => o.channel === 'removal_order' || o.legalReference !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.legalReference)
  legalReference?: string;

  @IsOptional()
  @Matches(PLATFORM_KEY, { message: 'platformKey must be a platform key' })
  platformKey?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ItemMetadataDto)
  metadata?: ItemMetadataDto;
}

export class BulkShareDto {
  @IsArray()
  @ArrayMaxSize(LIMITS.bulkItems)
  items!: unknown[];
}

export class ContainmentUpdateDto {
  @IsIn(CELL_STATUSES)
  status!: CellStatus;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.reason)
  reason?: string;
}

export class FeedbackDto {
  @IsIn(VERDICTS)
  verdict!: Verdict;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.note)
  note?: string;
}

export class ListItemsQuery extends CursorPageQuery {
  @IsOptional()
  @Matches(PLATFORM_KEY)
  platformKey?: string;

  @IsOptional()
  @IsIn(CELL_STATUSES)
  status?: CellStatus;
}

export class HashMatchDto {
  @IsIn(['pdq'])
  algorithm!: 'pdq';

  @IsString()
  @MaxLength(64)
  value!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(64)
  maxDistance?: number;
}

export interface CellView {
  itemId: string;
  platformKey: string;
  status: CellStatus;
  reason?: string;
  ackDueAt?: string;
  actionDueAt?: string;
  acknowledgedAt?: string;
  actedAt?: string;
  notifiedAt?: string;
  overdue?: boolean;
  updatedAt: string;
}

export interface ItemView {
  id: string;
  incidentId: string;
  kind: ItemKind;
  url?: string;
  submittedUrl?: string;
  hash?: { algorithm: HashAlgorithm; value: string; quality?: number };
  account?: { platformKey: string; handle: string };
  channel: Channel;
  legalReference?: string;
  platformKey?: string;
  metadata: Record<string, unknown>;
  reporters: string[];
  variantOf?: string;
  createdAt: string;
  containment: CellView[];
}

export interface ShareResult {
  duplicate: boolean;
  item: ItemView;
}

export interface BulkShareResultEntry {
  index: number;
  status: 200 | 201 | 400 | 409;
  item?: ItemView;
  error?: { message: string; details?: unknown };
}

export interface PlatformContainmentView {
  platformKey: string;
  counts: Record<CellStatus, number>;
  total: number;
  ackMinutes: { median: number | null; p90: number | null };
  actMinutes: { median: number | null; p90: number | null };
  overdue: number;
  withinDeadlineShare: number | null;
}

export interface HashMatchView {
  matches: { incidentId: string; itemId: string; distance: number }[];
  note?: string;
}
