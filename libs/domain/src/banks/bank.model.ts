import type { BankAlgorithm, BankImportRejection, BankVisibility } from '@hub/contracts';
import type { BankPartition } from './bank-pdq.near';

export interface BankRecord {
  id: string;
  name: string;
  description: string | null;
  visibility: BankVisibility;
  organisationId: string;
  createdBy: string | null;
  createdAt: Date;
  signalCount: number;
}

/** A signal as parsed and checked, before it is stored. */
export interface NewSignal {
  algorithm: BankAlgorithm;
  /** Hex digests lower-cased; URLs canonical. */
  value: string;
  quality: number | null;
  /** False for a PDQ hash of quality under 50: kept, never matched. */
  matchable: boolean;
  label: string | null;
  sourceRef: string | null;
}

export interface BankSignalRecord extends NewSignal {
  id: string;
  /** Insertion order: the page cursor, and the key of the signal in the in-memory PDQ index. */
  seq: number;
  bankId: string;
  addedByMember: string | null;
  addedByOrganisation: string | null;
  importId: string | null;
  createdAt: Date;
  removedAt: Date | null;
}

export interface BankImportRecord {
  id: string;
  bankId: string;
  format: string;
  state: 'running' | 'completed' | 'failed';
  linesRead: number;
  added: number;
  duplicates: number;
  rejectedCount: number;
  rejected: BankImportRejection[];
  error: string | null;
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Who changed a bank: written into its signals and its log. */
export interface BankActor {
  memberId: string | null;
  organisationId: string | null;
}

/** An entry of a bank's append-only log. */
export interface BankEvent {
  type:
    | 'bank.created'
    | 'bank.signals_added'
    | 'bank.signal_removed'
    | 'bank.import_started'
    | 'bank.import_finished';
  data: Record<string, unknown>;
}

export interface ImportProgress {
  linesRead: number;
  added: number;
  duplicates: number;
  rejectedCount: number;
  rejected: BankImportRejection[];
}

/** Where banks, their signals, imports and log live. Every change writes its event in the same transaction. */
/** An `item.bank_matched` event of one bank, with the incident it is in. */
export interface BankHitRecord {
  /** The event's id in the log: hits are listed newest first by it, and it is the cursor of a page. */
  eventId: number;
  incidentId: string;
  incidentRef: string;
  incidentTitle: string;
  itemId: string;
  signalId: string;
  algorithm: BankAlgorithm;
  distance: number;
  label: string | null;
  sourceRef: string | null;
  at: Date;
}

export interface BankHitsPage {
  /** Only hits in incidents this organisation takes part in; every incident when absent. */
  participant?: string;
  /** Hits older than this event id. */
  beforeEventId?: number;
  limit: number;
}

export interface BankRepository {
  insertBank(bank: BankRecord, by: BankActor): Promise<void>;
  findBank(id: string): Promise<BankRecord | null>;
  /** Every bank (a hub holds tens, not thousands); visibility is decided by the caller. */
  listBanks(): Promise<BankRecord[]>;
  /** The organisations that take part in an incident together with this one. */
  incidentPartners(organisationId: string): Promise<Set<string>>;
  /**
   * Stores the signals the bank does not hold yet (a repeat of `(algorithm, value)` is skipped) and the
   * event `{ ...event.data, added, duplicates }`, in one transaction: answers how many were added.
   */
  addSignals(
    bankId: string,
    signals: NewSignal[],
    by: BankActor,
    event: BankEvent,
    importId?: string,
  ): Promise<number>;
  listSignals(bankId: string, page: { afterSeq?: number; limit: number }): Promise<BankSignalRecord[]>;
  /** Marks the signal removed with its event (once); null when the bank holds no such signal. */
  removeSignal(bankId: string, signalId: string, by: BankActor): Promise<BankSignalRecord | null>;
  startImport(record: BankImportRecord, by: BankActor): Promise<void>;
  progressImport(importId: string, progress: ImportProgress): Promise<void>;
  finishImport(
    record: Pick<BankImportRecord, 'id' | 'bankId' | 'state' | 'error'> & ImportProgress,
    by: BankActor,
  ): Promise<void>;
  latestImport(bankId: string): Promise<BankImportRecord | null>;
  /**
   * Marks failed, with `message`, the running imports (of one bank, or all) whose process is gone, each
   * with its `bank.import_finished` entry; answers how many. An import's process holds a lock for as long
   * as it runs (`startImport` to `finishImport`), so a live import is never taken for a gone one.
   */
  interruptGoneImports(message: string, bankId?: string): Promise<number>;
  /** Signals by their `seq`, removed ones left out. */
  signalsBySeq(seqs: number[]): Promise<BankSignalRecord[]>;
  /** The signals equal to a value, in these banks, removed ones left out. */
  exactSignals(algorithm: BankAlgorithm, value: string, bankIds: string[]): Promise<BankSignalRecord[]>;
  /** The bank's hits (`item.bank_matched` in the incident log), newest first. */
  latestHits(bankId: string, page: BankHitsPage): Promise<BankHitRecord[]>;
  /**
   * Matchable PDQ signals after `afterSeq`, in `seq` order, a page at a time (the index is loaded this way);
   * with `partition`, only those of that partition (their hash's first bits).
   */
  matchablePdqSignals(
    afterSeq: number,
    limit: number,
    partition?: BankPartition,
  ): Promise<{ seq: number; value: string }[]>;
}
