import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { Type } from 'class-transformer';
import { LIMITS } from '../limits';
import type {
  CellStatus,
  Category,
  Channel,
  IncidentLevel,
  IncidentMode,
  IncidentStatus,
  ItemKind,
  ItemVisibility,
} from '../enums';

/**
 * How far an incident (or one of its items) travels: `hub` never leaves this hub; `connected` reaches the
 * direct peers and stops there; `all` reaches every hub of the federation, each once; a sharing group
 * reaches the peers it names.
 */
export const DISTRIBUTIONS = ['hub', 'connected', 'all'] as const;
export type DistributionLevel = (typeof DISTRIBUTIONS)[number];
export type Distribution = DistributionLevel | { sharingGroup: string };

/** A hub's name among its peers (HUB_NAME): lower-case letters, digits, dots and hyphens. */
export const HUB_NAME = /^[a-z0-9][a-z0-9.-]{0,62}$/;
/** A position in a hub's log: "<transaction id>:<event id>" (opaque to a peer, compared by its hub). */
export const FEDERATION_CURSOR = /^\d{1,20}:\d{1,20}$/;

export const FEDERATION_LIMITS = {
  /** Events in one page of a feed, pulled or pushed. */
  page: 500,
  /** Hubs an event may have passed through. */
  path: 16,
  peersInGroup: 50,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `hub`, `connected`, `all` or `{ "sharingGroup": "<id>" }`. */
export function isDistribution(value: unknown): value is Distribution {
  if (typeof value === 'string') return (DISTRIBUTIONS as readonly string[]).includes(value);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const group = (value as { sharingGroup?: unknown }).sharingGroup;
  return keys.length === 1 && typeof group === 'string' && UUID.test(group);
}

export function IsDistribution(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDistribution',
      target: object.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be hub, connected, all or { "sharingGroup": "<id>" }`,
        ...options,
      },
      validator: { validate: (value: unknown) => isDistribution(value) },
    });
}

export class CreatePeerDto {
  @Matches(HUB_NAME, {
    message: 'name must be the peer hub’s HUB_NAME: lower-case letters, digits, dots, hyphens',
  })
  name!: string;

  @IsString()
  @MaxLength(LIMITS.url)
  @Matches(/^https?:\/\/[^\s/]+/, { message: 'url must be an http:// or https:// URL' })
  url!: string;

  /** The token the peer hub issued to this one (a member of role `peer` there). */
  @IsString()
  @MinLength(16)
  @MaxLength(512)
  token!: string;

  /** The local organisation of kind `hub` that stands for the peer (its `peer` members' tokens reach here). */
  @IsUUID()
  organisationId!: string;

  /** An exercise peer also receives exercise incidents (drills across hubs); others never do. */
  @IsOptional()
  @IsBoolean()
  exercise?: boolean;
}

export const PEER_STATES = ['new', 'ok', 'failing'] as const;
export type PeerState = (typeof PEER_STATES)[number];

export interface PeerView {
  id: string;
  name: string;
  url: string;
  organisationId: string;
  exercise: boolean;
  /** `new` until the first exchange, `failing` while the last one failed, else `ok`. */
  state: PeerState;
  lastContactAt: string | null;
  /** Events of this hub's log the peer may have and has not confirmed. */
  backlog: number;
  lastError?: { message: string; at: string };
  /** Events from the peer refused (not its own to change, an origin it is not, a widening). */
  refusals: number;
  createdAt: string;
}

export class CreateSharingGroupDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  name!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(FEDERATION_LIMITS.peersInGroup)
  @IsUUID('all', { each: true })
  peers!: string[];
}

export interface SharingGroupView {
  id: string;
  name: string;
  peers: string[];
  createdAt: string;
}

export class FederationEventsQuery {
  @IsOptional()
  @Matches(FEDERATION_CURSOR, { message: 'after must be a cursor of this hub’s feed ("<tx>:<id>")' })
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(FEDERATION_LIMITS.page)
  limit?: number;
}

/** Where an incident or item began: its hub and its id there. */
export interface OriginRef {
  hub: string;
  id: string;
}

export interface FederatedIncidentData {
  ref: string;
  title: string;
  summary: string;
  category: Category;
  protocol: string;
  level: IncidentLevel;
  mode: IncidentMode;
  status: IncidentStatus;
  platforms: string[];
  /** As the receiving hub keeps it: `all` goes on; anything narrower arrives as `hub`. */
  distribution: 'hub' | 'all';
  closingSummary?: string;
}

export interface FederatedItemData {
  item: OriginRef;
  kind: ItemKind;
  /** The item's identity in its incident (the same URL, hash, account or claim is one item). */
  dedupKey: string;
  url?: string;
  /** As the origin stores it (a vPDQ hash: its frames, serialised). */
  hash?: { algorithm: string; value: string; quality?: number };
  account?: { platformKey: string; handle: string };
  channel: Channel;
  legalReference?: string;
  platformKey?: string;
  metadata: Record<string, unknown>;
  narrative?: {
    title: string;
    description?: string;
    keywords: string[];
    languages: string[];
    examples: string[];
  };
  techniques?: string[];
  visibility: ItemVisibility;
  distribution: 'hub' | 'all';
}

export interface FederatedAnswerData {
  item: OriginRef;
  platformKey: string;
  status: CellStatus;
  reason?: string;
}

export interface FederatedMessageData {
  text: string;
  /** The author's organisation, by name (its id means nothing on another hub). */
  organisation: string;
}

export type FederationEventType = 'incident' | 'item' | 'answer' | 'message';

/** One event of a hub's federation feed. */
export interface FederationEvent<T = unknown> {
  /** `<originHub>:<originEventId>`: what a receiver applies once. */
  id: string;
  /** The hub whose member made it. */
  originHub: string;
  /** Hubs it has passed through, its origin first: it never goes back to one of them. */
  path: string[];
  /** The incident it belongs to, on the incident's origin hub. */
  incident: OriginRef & { ref: string };
  type: FederationEventType;
  at: string;
  data: T;
  /** The sending hub's position after this event: where a receiver resumes. */
  cursor: string;
}

export interface FederationPage {
  /** The sending hub (HUB_NAME). */
  hub: string;
  events: FederationEvent[];
  /** Where the next page starts (the last event's, or past events this peer may not have). */
  cursor: string;
  /** More events are past `cursor` already. */
  more: boolean;
}

/** A push: a page of the sender's feed for the receiver, starting after `after`. */
export interface FederationPush extends FederationPage {
  after: string;
}

export interface FederationReceipt {
  /** Events applied now (a repeat counts nothing). */
  applied: number;
  /** Events refused, with why (they are not applied, and the receiver keeps them on record). */
  refused: { id: string; reason: string }[];
  /** The receiver's position in the sender's feed: the sender resumes from here. */
  cursor: string;
}

/** `POST /federation/events`: a page of the sender's feed; each event is checked on its own. */
export class PushFederationEventsDto implements FederationPush {
  @Matches(HUB_NAME, { message: 'hub must be the sending hub’s name' })
  hub!: string;

  @Matches(FEDERATION_CURSOR, { message: 'after must be a cursor of the sender’s feed ("<tx>:<id>")' })
  after!: string;

  @Matches(FEDERATION_CURSOR, { message: 'cursor must be a cursor of the sender’s feed ("<tx>:<id>")' })
  cursor!: string;

  @IsBoolean()
  more!: boolean;

  @IsArray()
  @ArrayMaxSize(FEDERATION_LIMITS.page)
  events!: FederationEvent[];
}
