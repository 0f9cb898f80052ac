import type { ElectionStatus } from '@hub/contracts';
import type {
  ElectionExtensionRecord,
  ElectionRecord,
  WarningMailRecord,
  WarningRecord,
} from './election.model';

export interface ElectionFilter {
  /** Only elections this organisation takes part in; every election when absent. */
  participant?: string;
  status?: ElectionStatus;
  now: Date;
  after?: { createdAt: Date; id: string };
  limit: number;
}

export interface ElectionStore {
  insert(election: ElectionRecord): Promise<void>;
  find(id: string): Promise<ElectionRecord | null>;
  /** Newest first. */
  list(filter: ElectionFilter): Promise<ElectionRecord[]>;
  /**
   * Moves the end to `extension.until` and records the extension, in one transaction, only if the end is
   * still `extension.previousUntil` (two extensions at once: the second is refused, not lost). False when
   * the end had moved.
   */
  extend(extension: ElectionExtensionRecord): Promise<boolean>;
}

/**
 * Warnings and their acknowledgements. Each change is told to every api process once committed (the
 * sockets of the receiving, or issuing, organisation get it), whichever process made it.
 */
export interface WarningStore {
  /** The warning and its e-mails (one per tier-1 contact of a receiving organisation), in one transaction. */
  insert(warning: WarningRecord, mails: WarningMailRecord[]): Promise<void>;
  find(id: string): Promise<WarningRecord | null>;
  /** Newest first. */
  listByElection(electionId: string, limit: number): Promise<WarningRecord[]>;
  /** Records the organisation's acknowledgement once; false when it was recorded before. */
  acknowledge(warning: WarningRecord, organisationId: string, memberId: string, at: Date): Promise<boolean>;
}

/** The e-mails of warnings still owed (`sending`), and what became of each. */
export interface WarningMailOutbox {
  pending(warningId: string): Promise<WarningMailRecord[]>;
  markSent(warningId: string, contactId: string, at: Date): Promise<void>;
  /** One more attempt failed; `failed` when it was the last. */
  markAttempt(warningId: string, contactId: string, failed: boolean): Promise<void>;
  /** Warnings with an e-mail still `sending` since before `before`: their job was lost (a crash). */
  stalled(before: Date, limit: number): Promise<string[]>;
}

/** Puts a warning's e-mail on the queue (job id: the warning's), when a mail server is configured. */
export interface WarningMailQueue {
  readonly enabled: boolean;
  enqueue(warningIds: string[]): Promise<void>;
}
