import type { IncidentRecord, ItemRecord } from '../incidents/incident.model';

/** A position in a hub's log: (transaction id, event id), in commit order. */
export interface FeedCursor {
  tx: string;
  id: string;
}

export const START: FeedCursor = { tx: '0', id: '0' };

export function parseCursor(text: string | undefined): FeedCursor {
  if (!text) return START;
  const [tx, id] = text.split(':');
  return { tx: BigInt(tx).toString(), id: BigInt(id).toString() };
}

export const formatCursor = (c: FeedCursor): string => `${c.tx}:${c.id}`;

export function compareCursors(a: FeedCursor, b: FeedCursor): number {
  const tx = BigInt(a.tx) - BigInt(b.tx);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const id = BigInt(a.id) - BigInt(b.id);
  return id === 0n ? 0 : id < 0n ? -1 : 1;
}

/** Another hub this one exchanges incidents with. */
export interface PeerRecord {
  id: string;
  /** Its HUB_NAME. */
  name: string;
  url: string;
  /** The token it issued to this hub: presented on every call to it. */
  token: string;
  /** The local organisation (kind `hub`) whose `peer` members are its tokens here. */
  organisationId: string;
  exercise: boolean;
  /** How far it has this hub's feed, by its own word. */
  pushed: FeedCursor;
  /** How far this hub has its feed. */
  received: FeedCursor;
  lastContactAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  failures: number;
  refusals: number;
  createdAt: Date;
}

export interface SharingGroupRecord {
  id: string;
  name: string;
  peers: string[];
  createdBy: string | null;
  createdAt: Date;
}

/** What an event of the log is read with to decide what a peer may have of it. */
export interface FeedRow {
  eventId: string;
  cursor: FeedCursor;
  type: string;
  at: Date;
  data: Record<string, any>;
  actorOrganisationId: string | null;
  /** The author's organisation, by name. */
  actorOrganisationName: string | null;
  incident: IncidentRecord;
  /** The item an item event concerns (`data.itemId`), if any. */
  item: ItemRecord | null;
}

/**
 * What an event applied from a peer carries in its `data.federation`: the event's id on its origin,
 * the hubs it passed (this one last), and the peer it came from. It is how each hop is on the record.
 */
export interface FederationStamp {
  id: string;
  originHub: string;
  path: string[];
  from: string;
}
