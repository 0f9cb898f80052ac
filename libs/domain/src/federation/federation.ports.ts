import type { IncidentRecord } from '../incidents/incident.model';
import type { FeedCursor, FeedRow, PeerRecord, SharingGroupRecord } from './federation.model';

/** Peers, sharing groups, the feed and the cursors (libs/persistence/src/federation). */
export interface FederationStore {
  insertPeer(peer: PeerRecord): Promise<void>;
  findPeer(id: string): Promise<PeerRecord | null>;
  /** The peer a `peer` member's organisation stands for. */
  findPeerByOrganisation(organisationId: string): Promise<PeerRecord | null>;
  listPeers(): Promise<PeerRecord[]>;
  /** Answers false when there was none. */
  deletePeer(id: string, at: Date): Promise<boolean>;
  insertGroup(group: SharingGroupRecord): Promise<void>;
  findGroup(id: string): Promise<SharingGroupRecord | null>;
  listGroups(): Promise<SharingGroupRecord[]>;
  /**
   * Up to `limit` events of the log after `cursor`, in commit order, with what decides where each may go,
   * read only where every older transaction has ended; `end` is where the read stopped.
   */
  feedAfter(cursor: FeedCursor, limit: number): Promise<{ rows: FeedRow[]; end: FeedCursor; more: boolean }>;
  /** An event's place in the feed (its transaction and id); null when there is no such event. */
  cursorOfEvent(eventId: string): Promise<FeedCursor | null>;
  /** Events of shared (or mirrored) incidents after the cursor: a peer's backlog, at most `cap`. */
  countShared(after: FeedCursor, cap: number): Promise<number>;
  /** The peer's own word of how far it has this hub's feed. */
  savePushed(peerId: string, cursor: FeedCursor): Promise<void>;
  /** How far this hub has the peer's feed; never moves back. */
  saveReceived(peerId: string, cursor: FeedCursor): Promise<FeedCursor>;
  recordContact(peerId: string, at: Date): Promise<void>;
  recordFailure(peerId: string, message: string, at: Date): Promise<void>;
  recordRefusal(peerId: string, eventKey: string, reason: string, at: Date): Promise<void>;
  findMirror(originHub: string, originId: string): Promise<IncidentRecord | null>;
  /** Which of these `<originHub>:<originEventId>` keys were applied already. */
  received(keys: string[]): Promise<Set<string>>;
}
