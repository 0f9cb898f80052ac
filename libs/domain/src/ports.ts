import type { CellStatus, IncidentMode, IncidentStatus, Verdict } from '@hub/contracts';
import type {
  Actor,
  CellRecord,
  EventRecord,
  IncidentRecord,
  ItemRecord,
  MemberRecord,
  NewEvent,
  OrganisationRecord,
} from './model';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Organisations, members and tokens. Tokens arrive here already hashed. */
export interface IdentityRepository {
  insertOrganisation(org: OrganisationRecord): Promise<void>;
  findOrganisation(id: string): Promise<OrganisationRecord | null>;
  findOrganisationByName(name: string): Promise<OrganisationRecord | null>;
  findPlatforms(platformKeys: string[]): Promise<OrganisationRecord[]>;
  /** Every platform with its domains; read on every share, so implementations may cache it briefly. */
  platformDirectory(): Promise<OrganisationRecord[]>;
  findOrganisations(ids: string[]): Promise<OrganisationRecord[]>;
  listOrganisations(page: { after?: string; limit: number }): Promise<OrganisationRecord[]>;
  insertMemberWithToken(member: MemberRecord, tokenHash: string): Promise<void>;
  insertToken(memberId: string, tokenHash: string): Promise<void>;
  findActorByTokenHash(tokenHash: string): Promise<Actor | null>;
  revokeTokens(memberId: string): Promise<number>;
  findMember(id: string): Promise<MemberRecord | null>;
  countAdmins(): Promise<number>;
}

export interface IncidentFilter {
  viewer: Actor;
  status?: IncidentStatus;
  mode?: IncidentMode;
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
  list(filter: IncidentFilter): Promise<IncidentRecord[]>;
  nextRef(mode: IncidentMode, year: number): Promise<string>;
}

export interface IncidentTx {
  readonly incident: IncidentRecord;
  updateIncident(patch: Partial<IncidentRecord>): Promise<IncidentRecord>;
  append(events: NewEvent[]): Promise<EventRecord[]>;
  findItemsByDedupKeys(keys: string[]): Promise<ItemRecord[]>;
  findItem(itemId: string): Promise<ItemRecord | null>;
  insertItems(items: ItemRecord[], cells: CellRecord[]): Promise<void>;
  addReporters(additions: { itemId: string; organisationId: string }[]): Promise<void>;
  lockCell(itemId: string, platformKey: string): Promise<CellRecord | null>;
  saveCell(cell: CellRecord): Promise<void>;
  insertCells(cells: CellRecord[]): Promise<void>;
  itemsConcerningNewPlatform(platformKey: string): Promise<ItemRecord[]>;
  openCells(): Promise<CellRecord[]>;
  cellsForItems(itemIds: string[]): Promise<CellRecord[]>;
  saveFeedback(feedback: {
    itemId: string;
    organisationId: string;
    memberId: string;
    verdict: Verdict;
    note?: string;
  }): Promise<void>;
}

export interface ItemPageQuery {
  incidentId: string;
  platformKey?: string;
  status?: CellStatus;
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** Reads that need no lock. */
export interface IncidentQueries {
  items(query: ItemPageQuery): Promise<{ item: ItemRecord; cells: CellRecord[] }[]>;
  itemWithCells(
    incidentId: string,
    itemId: string,
  ): Promise<{ item: ItemRecord; cells: CellRecord[] } | null>;
  cells(incidentId: string): Promise<CellRecord[]>;
  events(incidentId: string, afterSeq: number, limit: number): Promise<EventRecord[]>;
  allItems(incidentId: string): Promise<ItemRecord[]>;
}

export interface AuditLog {
  /** Recompute every chain; name the first event whose hash or link does not hold. */
  verify(): Promise<{ ok: boolean; checked: number; firstBrokenEventId?: string }>;
}
