import type { BankAlgorithm, ItemKind, ItemVisibility, TaxiiStatus } from '@hub/contracts';
import type { StixItemSource } from '../exports/stix.export';
import type { ItemRecord } from '../incidents/incident.model';

/**
 * When an object was added to its collection, as PostgreSQL keeps it: an ISO 8601 UTC timestamp with
 * microseconds (`2026-03-01T10:02:00.123456Z`). Kept as text so that a page boundary never loses the
 * microseconds a JavaScript Date would drop; fixed width, so text order is time order.
 */
export type AddedAt = string;

/** A position in a collection: after this date added, then this key (an item's or organisation's id). */
export interface IncidentKeyset {
  added: AddedAt;
  key: string;
}

export interface TaxiiItemPageQuery {
  incidentId: string;
  after?: IncidentKeyset;
  addedAfter?: AddedAt;
  kinds: readonly ItemKind[];
  itemIds?: readonly string[];
  limit: number;
  /** Only the items this reader sees (`canSeeItem`), for a reader outside the coordination circle. */
  seenBy?: ItemReader;
}

/** A reader outside the coordination circle, as the item queries filter for it. */
export interface ItemReader {
  organisationId: string;
  platformKey?: string | null;
}

/** An item of a page: the fields its STIX object is made of, and when it was added. */
export type TaxiiItem = StixItemSource & { added: AddedAt; visibility: ItemVisibility };

/** The fields that decide an item's STIX id and whether it has a STIX form, for the report and id lookups. */
export type TaxiiItemKey = Pick<
  ItemRecord,
  'id' | 'kind' | 'url' | 'hashAlgorithm' | 'hashValue' | 'accountPlatform' | 'accountHandle' | 'createdAt'
>;

/** A bank's signal as a collection holds it. */
export interface TaxiiSignal {
  id: string;
  seq: number;
  algorithm: BankAlgorithm;
  value: string;
  label: string | null;
  createdAt: Date;
  added: AddedAt;
}

export interface TaxiiSignalPageQuery {
  bankId: string;
  afterSeq?: number;
  addedAfter?: AddedAt;
  seqs?: readonly number[];
  limit: number;
}

/** A status resource and whose it is: only its organisation reads it. */
export interface TaxiiStatusRecord extends TaxiiStatus {
  collectionId: string;
  memberId: string;
  organisationId: string;
}

/** What the TAXII server reads and keeps beyond the incidents' and banks' own repositories. */
export interface TaxiiRepository {
  /** The incident's creation time with microseconds: the date its report and identities were added. */
  incidentAdded(incidentId: string): Promise<AddedAt | null>;
  /** Items in (date added, id) order, each with its date added: only what their STIX objects need. */
  items(query: TaxiiItemPageQuery): Promise<TaxiiItem[]>;
  /** Keys in (date added, id) order, after a position when given. */
  itemKeys(
    incidentId: string,
    kinds: readonly ItemKind[],
    after?: IncidentKeyset,
    seenBy?: ItemReader,
  ): Promise<(TaxiiItemKey & { added: AddedAt })[]>;
  /** How many items the incident has (its items' index alone). */
  itemCount(incidentId: string): Promise<number>;
  /** Signals not removed, in seq order. */
  signals(query: TaxiiSignalPageQuery): Promise<TaxiiSignal[]>;
  insertStatus(status: TaxiiStatusRecord): Promise<void>;
  findStatus(id: string): Promise<TaxiiStatusRecord | null>;
}
