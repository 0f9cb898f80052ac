import type { CellStatus, IncidentMode, IncidentStatus, Verdict } from '@hub/contracts';
import type { Actor } from '../core/actor';
import type { CellRecord, IncidentRecord, ItemRecord } from './incident.model';
import type { EventRecord, NewEvent } from '../events/event.model';
import type { ItemAudiences } from './item-visibility';

export interface IncidentFilter {
  viewer: Actor;
  status?: IncidentStatus;
  mode?: IncidentMode;
  electionId?: string;
  after?: { createdAt: Date; id: string };
  limit: number;
}

/**
 * `early` (the default) locks the incident row before the work reads it: for changes that depend on its
 * state. `late` reads it without a lock and takes the lock only to append the events, checking that the
 * incident's configuration (status, level, participants, platforms) has not changed meanwhile; if it has,
 * the whole work runs again. Shares use `late`, so many can prepare their rows in parallel.
 */
export interface WorkOptions {
  lock?: 'early' | 'late';
  /**
   * Late only: the dedup keys whose items the work will look up, read alongside the incident (in parallel)
   * rather than after it.
   */
  dedupKeys?: string[];
  /**
   * Late only: the work may first run on the incident as read a moment ago and with no items known by
   * those keys (a new share, the usual case), which saves the reads. A changed incident or an existing
   * item makes the write fail, as does any refusal; the work then runs again on fresh reads.
   */
  optimistic?: boolean;
}

/** Everything that changes an incident runs inside `withIncident`, in one transaction. */
export interface IncidentStore {
  create(
    incident: IncidentRecord,
    events: NewEvent[],
  ): Promise<{ incident: IncidentRecord; events: EventRecord[] }>;
  withIncident<T>(
    incidentId: string,
    work: (tx: IncidentTx) => Promise<T>,
    options?: WorkOptions,
  ): Promise<T>;
  find(incidentId: string): Promise<IncidentRecord | null>;
  /** Those of `incidentIds` that exist, in one read, in no particular order. */
  findMany(incidentIds: readonly string[]): Promise<IncidentRecord[]>;
  list(filter: IncidentFilter): Promise<IncidentRecord[]>;
  nextRef(mode: IncidentMode, year: number): Promise<string>;
  /** Retention: ids of incidents closed or reviewed whose `closedAt` is before `date`. */
  closedBefore(date: Date): Promise<string[]>;
}

export interface IncidentTx {
  readonly incident: IncidentRecord;
  updateIncident(patch: Partial<IncidentRecord>): Promise<IncidentRecord>;
  append(events: NewEvent[]): Promise<EventRecord[]>;
  findItemsByDedupKeys(keys: string[]): Promise<ItemRecord[]>;
  findItem(itemId: string): Promise<ItemRecord | null>;
  /** Mirrored items by their ids on the incident's origin hub. */
  findItemsByOriginIds(originItemIds: string[]): Promise<ItemRecord[]>;
  /**
   * Federation: records these events from peers (`<originHub>:<originEventId>`) as applied, in the
   * transaction that applies them; answers the keys not recorded before (a repeat records none).
   */
  recordReceived(entries: { key: string; peerId: string }[]): Promise<string[]>;
  insertItems(items: ItemRecord[], cells: CellRecord[]): Promise<void>;
  addReporters(additions: { itemId: string; organisationId: string }[]): Promise<void>;
  /** Techniques a repeat names that the item lacks, appended in order (at most `LIMITS.techniques` kept). */
  addTechniques(additions: { itemId: string; techniques: string[] }[]): Promise<void>;
  lockCell(itemId: string, platformKey: string): Promise<CellRecord | null>;
  saveCell(cell: CellRecord): Promise<void>;
  insertCells(cells: CellRecord[]): Promise<void>;
  itemsConcerningNewPlatform(platformKey: string): Promise<ItemRecord[]>;
  openCells(): Promise<CellRecord[]>;
  cellsForItems(itemIds: string[]): Promise<CellRecord[]>;
  /** Records a delivery's outcome once; false when it was recorded before (a repeated job). */
  claimDelivery(deliveryId: string, outcome: 'succeeded' | 'failed'): Promise<boolean>;
  markNotified(itemId: string, platformKey: string, at: Date): Promise<void>;
  /** A batch's deliveries recorded at once: answers the ids not recorded before (a repeat claims none). */
  claimDeliveries(deliveryIds: string[], outcome: 'succeeded' | 'failed'): Promise<string[]>;
  /** Pending cells of these items on one platform become notified: one statement for a batch. */
  markNotifiedMany(itemIds: string[], platformKey: string, at: Date): Promise<void>;
  /** Moves every deadline still owed later by `ms` (an exercise clock that was paused); answers how many cells. */
  shiftOpenDeadlines(ms: number): Promise<number>;
  saveFeedback(feedback: {
    itemId: string;
    organisationId: string;
    memberId: string;
    verdict: Verdict;
    note?: string;
  }): Promise<void>;
  /** Matching: links the item to the one it is a variant of, unless it is already linked. */
  setVariantOf(itemId: string, variantOf: string): Promise<void>;
  /**
   * Retention: removes these metadata fields from the incident's items that still hold any of them and
   * marks those items purged; answers how many items changed. Needs the incident locked early.
   */
  purgePersonalMetadata(fields: readonly string[]): Promise<number>;
}

export interface ItemPageQuery {
  incidentId: string;
  platformKey?: string;
  status?: CellStatus;
  after?: { createdAt: Date; id: string };
  limit: number;
  /** Only the items this reader sees (`canSeeItem`), for a reader outside the coordination circle. */
  seenBy?: { organisationId: string; platformKey?: string | null };
}

/** Reads that need no lock. */
export interface IncidentQueries {
  items(query: ItemPageQuery): Promise<{ item: ItemRecord; cells: CellRecord[] }[]>;
  /** Items of these incidents with their cells, in one read each (a batch of deliveries). */
  itemsWithCells(
    incidentIds: readonly string[],
    itemIds: string[],
  ): Promise<{ item: ItemRecord; cells: CellRecord[] }[]>;
  itemWithCells(
    incidentId: string,
    itemId: string,
  ): Promise<{ item: ItemRecord; cells: CellRecord[] } | null>;
  cells(incidentId: string): Promise<CellRecord[]>;
  /** The incident's `coordination` items, with who reported them and the platforms concerned. */
  itemAudiences(incidentId: string): Promise<ItemAudiences>;
  /**
   * For a page of incidents at once: how many of each one's cells are overdue at `now` (`isOverdue`: a
   * deadline still open has passed). Incidents with none are left out of the map.
   */
  overdueCounts(
    incidentIds: readonly string[],
    now: Date,
    seenBy?: ItemPageQuery['seenBy'],
  ): Promise<Map<string, number>>;
  events(incidentId: string, afterSeq: number, limit: number): Promise<EventRecord[]>;
  lastSeq(incidentId: string): Promise<number>;
  allItems(incidentId: string): Promise<ItemRecord[]>;
  /** Whether the incident's log holds an event of this type whose `data[dataKey]` is `dataValue`. */
  hasEvent(incidentId: string, type: string, dataKey: string, dataValue: string): Promise<boolean>;
}
