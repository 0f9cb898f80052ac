import { IsDistribution, type Distribution, type OriginRef } from './federation/federation.dto';
import { CursorPageQuery } from './page.dto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
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
  ANSWER_CHANNELS,
  CELL_STATUSES,
  CHANNELS,
  CONTENT_TYPES,
  HASH_ALGORITHMS,
  ITEM_KINDS,
  ITEM_VISIBILITIES,
  VERDICTS,
  type AnswerChannel,
  type CellStatus,
  type Channel,
  type ContentType,
  type HashAlgorithm,
  type HashTransform,
  type ItemKind,
  type ItemVisibility,
  type Verdict,
} from './enums';
import { LIMITS } from './limits';
import { NarrativeDto, type NarrativeView } from './narratives/narrative.dto';

const PLATFORM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const PDQ_HEX = /^[0-9a-fA-F]{64}$/;
/** Past any video's length: 24 hours at 1,000 frames a second, and 11 days. */
const MAX_FRAME_NUMBER = 100_000_000;
const MAX_FRAME_SECONDS = 1_000_000;

/** One hashed frame of a video, as Meta's vPDQ prints it: `<frame>,<quality>,<hash>,<seconds>`. */
export class VpdqFrameDto {
  @IsInt()
  @Min(0)
  @Max(MAX_FRAME_NUMBER)
  frame!: number;

  @IsInt()
  @Min(0)
  @Max(100)
  quality!: number;

  @IsString()
  @Matches(PDQ_HEX, { message: '$property must be a PDQ hash of 64 hexadecimal digits' })
  hash!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_FRAME_SECONDS)
  seconds!: number;
}

/** Frames of a video hash: present, bounded, each one checked. */
function VpdqFrames(): PropertyDecorator {
  return (target, key) => {
    for (const decorate of [
      IsArray(),
      ArrayMinSize(1),
      ArrayMaxSize(LIMITS.vpdqFrames),
      ValidateNested({ each: true }),
      Type(() => VpdqFrameDto),
    ]) {
      decorate(target, key);
    }
  };
}

/**
 * A hash item. A video hashed with vPDQ is sent as its `frames` (PDQ per frame), which the hub matches;
 * a vPDQ `value` (an opaque encoding, as before frames were accepted) is still kept, but never matched.
 */
export class HashDto {
  @IsIn(HASH_ALGORITHMS)
  algorithm!: HashAlgorithm;

  @ValidateIf((o: HashDto) => o.value !== undefined || o.algorithm !== 'vpdq' || o.frames === undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.opaqueHash)
  value?: string;

  @ValidateIf((o: HashDto) => o.frames !== undefined)
  @VpdqFrames()
  frames?: VpdqFrameDto[];

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

  @ValidateIf((o: ShareItemDto) => o.kind === 'narrative' || o.narrative !== undefined)
  @IsObject({ message: 'narrative.title is required for a narrative (narrative must be an object)' })
  @ValidateNested()
  @Type(() => NarrativeDto)
  narrative?: NarrativeDto;

  /** DISARM Red Framework technique ids (`T0022.001`), on any kind of item; unknown ids are refused by place. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.techniques)
  @IsString({ each: true })
  @MaxLength(16, { each: true })
  techniques?: string[];

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

  /**
   * Who sees the item: `participants` (everyone in the incident) or `coordination` (coordinators,
   * authorities, observers, the platforms concerned and the sharer's organisation). A flagger's default is
   * `coordination`, anyone else's `participants`; set by the first share, a repeat does not change it.
   */
  @IsOptional()
  @IsIn(ITEM_VISIBILITIES)
  visibility?: ItemVisibility;

  /** Narrows the incident's distribution for this item (never widens it): `hub` keeps it here. */
  @IsOptional()
  @IsDistribution()
  distribution?: Distribution;
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

  /**
   * How the platform's answer came: `hub` (its liaison here: the only channel a liaison records), or told to a
   * coordinator who records it (`phone`, `meeting`, `email`, `letter`; absent: not said).
   */
  @IsOptional()
  @IsIn(ANSWER_CHANNELS)
  via?: AnswerChannel;

  /**
   * Who at the platform gave the answer a coordinator records (free text). It stays in the incident's
   * append-only log and its report: a desk or a role rather than a person's name where possible.
   */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.reportedBy)
  reportedBy?: string;
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
  @IsIn(['pdq', 'vpdq'])
  algorithm!: 'pdq' | 'vpdq';

  /** A PDQ hash (`algorithm: pdq`). */
  @ValidateIf(
    (o: HashMatchDto) => (o.algorithm !== 'vpdq' && o.values === undefined) || o.value !== undefined,
  )
  @IsString()
  @MaxLength(64)
  value?: string;

  /** Up to 1,000 PDQ hashes (`algorithm: pdq`) instead of `value`: answered per value, in order. */
  @ValidateIf((o: HashMatchDto) => o.values !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.hashMatchBatch)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  values?: string[];

  /** A video's frames (`algorithm: vpdq`). */
  @ValidateIf((o: HashMatchDto) => o.algorithm === 'vpdq' || o.frames !== undefined)
  @VpdqFrames()
  frames?: VpdqFrameDto[];

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
  /** The peer hub on which the platform's liaison answered (docs/federation.md). */
  via?: string;
  updatedAt: string;
}

export interface ItemView {
  id: string;
  incidentId: string;
  kind: ItemKind;
  url?: string;
  submittedUrl?: string;
  /** `value` for every algorithm but a vPDQ hash shared as `frames`. */
  hash?: { algorithm: HashAlgorithm; value?: string; quality?: number; frames?: VpdqFrameView[] };
  account?: { platformKey: string; handle: string };
  channel: Channel;
  legalReference?: string;
  platformKey?: string;
  /** Who sees it (see `ShareItemDto.visibility`). */
  visibility: ItemVisibility;
  metadata: Record<string, unknown>;
  reporters: string[];
  variantOf?: string;
  /** A narrative item's claim. */
  narrative?: NarrativeView;
  /** DISARM technique ids, absent when none were named. */
  techniques?: string[];
  /** Set when it narrows its incident's distribution. */
  distribution?: Distribution;
  /** A mirrored item: its origin hub and its id there. */
  origin?: OriginRef;
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

export interface VpdqFrameView {
  frame: number;
  quality: number;
  hash: string;
  seconds: number;
}

/**
 * One known item near the query. A PDQ picture against a PDQ picture or a video's frame: `distance`, and
 * `transform`, how the query's picture is turned relative to the item's (`rotate90`: the query is the
 * item rotated by 90 degrees); against a video also the video's `frame` and its `seconds`. A video
 * against a video: `queryMatchPercent` (of the query's frames, how many the item holds) and
 * `comparedMatchPercent` (the other way round), as Meta's vPDQ defines them.
 */
/** A signal of a hash bank near (PDQ) or equal to (other hashes, URLs) what was looked up. */
export interface BankHitEntry {
  bankId: string;
  bankName: string;
  signalId: string;
  label?: string;
  sourceRef?: string;
  distance: number;
  /** A negative bank's hit (known-benign content): other banks' hits as near or farther are left out. */
  negative?: true;
}

export interface HashMatchEntry {
  incidentId: string;
  itemId: string;
  /** The matched item's algorithm. */
  algorithm: 'pdq' | 'vpdq';
  distance?: number;
  transform?: HashTransform;
  frame?: number;
  seconds?: number;
  queryMatchPercent?: number;
  comparedMatchPercent?: number;
}

export interface HashMatchView {
  /** Items of incidents the caller can see, then hits in the hash banks the caller can see. */
  matches: (HashMatchEntry | BankHitEntry)[];
  note?: string;
}

/** The answer to `values`: each value's `matches` as the single form answers them, `index` its place. */
export interface HashMatchBatchView {
  results: { index: number; matches: (HashMatchEntry | BankHitEntry)[] }[];
  note?: string;
}
