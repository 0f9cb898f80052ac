import type { ElectionStatus } from '@hub/contracts';
import type { ElectionExtensionRecord, ElectionRecord, WarningRecord } from './election.model';

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

export interface WarningStore {
  insert(warning: WarningRecord): Promise<void>;
  find(id: string): Promise<WarningRecord | null>;
  /** Newest first. */
  listByElection(electionId: string, limit: number): Promise<WarningRecord[]>;
  /** Records the organisation's acknowledgement once; false when it was recorded before. */
  acknowledge(warningId: string, organisationId: string, memberId: string, at: Date): Promise<boolean>;
}
