import type { NarrativeRecord } from '../narratives/narrative.model';
import type { Distribution, OriginRef } from '@hub/contracts';
import type {
  CellStatus,
  Category,
  Channel,
  HashAlgorithm,
  IncidentLevel,
  IncidentMode,
  IncidentStatus,
  ItemKind,
  ItemVisibility,
} from '@hub/contracts';

export interface IncidentRecord {
  id: string;
  ref: string;
  title: string;
  summary: string;
  category: Category;
  protocol: string;
  level: IncidentLevel;
  mode: IncidentMode;
  status: IncidentStatus;
  participants: string[];
  platforms: string[];
  criteria: string[];
  rationale: string | null;
  closingSummary: string | null;
  reviewSummary: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** The election the incident was declared under, if any. */
  electionId?: string | null;
  lastSeq: number;
  /** Moves whenever status, level, participants or platforms change. */
  configVersion: number;
  /** 1 for live incidents; an exercise's replay speed, so its deadlines run on the exercise clock. */
  clockSpeed?: number;
  /** An exercise whose clock is paused: its deadlines wait too. */
  clockPaused?: boolean;
  /** Which peer hubs receive it; `hub` (absent) keeps it here. */
  distribution?: Distribution;
  /** A mirror of another hub's incident: its origin, and the peer it came from. */
  origin?: (OriginRef & { ref: string }) | null;
  originPeerId?: string | null;
}

export interface ItemRecord {
  id: string;
  incidentId: string;
  kind: ItemKind;
  dedupKey: string;
  url: string | null;
  submittedUrl: string | null;
  hashAlgorithm: HashAlgorithm | null;
  hashValue: string | null;
  hashQuality: number | null;
  accountPlatform: string | null;
  accountHandle: string | null;
  channel: Channel;
  legalReference: string | null;
  platformKey: string | null;
  metadata: Record<string, unknown>;
  /** A narrative item's claim; null for every other kind. */
  narrative: NarrativeRecord | null;
  /** DISARM Red Framework technique ids, on any kind of item. */
  techniques: string[];
  reporters: string[];
  variantOf: string | null;
  /** Set by the first share; a later share does not change it (see docs/flag-visibility.md). */
  visibility: ItemVisibility;
  /** Narrows the incident's distribution for this item; absent: the incident's. */
  distribution?: Distribution | null;
  /** A mirrored item: its origin hub and its id there. */
  origin?: OriginRef | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface CellRecord {
  itemId: string;
  platformKey: string;
  incidentId: string;
  status: CellStatus;
  reason: string | null;
  ackDueAt: Date | null;
  actionDueAt: Date | null;
  notifiedAt: Date | null;
  acknowledgedAt: Date | null;
  actedAt: Date | null;
  pausedAt: Date | null;
  overdueCount: number;
  /** The peer hub on which the platform's liaison answered, when not this one. */
  viaHub?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A platform's cell for an item, as it starts: pending, with the deadlines the protocol gives it. */
export function newCell(
  item: Pick<ItemRecord, 'id' | 'incidentId'>,
  platformKey: string,
  due: { ackDueAt?: Date; actionDueAt?: Date },
  now: Date,
): CellRecord {
  return {
    itemId: item.id,
    platformKey,
    incidentId: item.incidentId,
    status: 'pending',
    reason: null,
    ackDueAt: due.ackDueAt ?? null,
    actionDueAt: due.actionDueAt ?? null,
    notifiedAt: null,
    acknowledgedAt: null,
    actedAt: null,
    pausedAt: null,
    overdueCount: 0,
    createdAt: now,
    updatedAt: now,
  };
}
