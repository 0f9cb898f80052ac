import type {
  BankAlgorithm,
  BankImportRejection,
  BankVisibility,
  FeedbackVerdict,
  SignalState,
} from '@hub/contracts';
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
  /** Known-benign content: its hits hold back other banks' hits as near or farther. */
  negative: boolean;
  /** The PDQ distance its signals match within. */
  maxDistance: number;
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
  /** A URL's identity (the key items are deduplicated by, without `url:`): what URL lookups compare. */
  urlKey?: string | null;
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
  quarantinedAt: Date | null;
  releasedAt: Date | null;
  /** When disagreement with its hits flagged it for review. */
  reviewAt: Date | null;
}

export const signalState = (s: Pick<BankSignalRecord, 'removedAt' | 'quarantinedAt'>): SignalState =>
  s.removedAt ? 'removed' : s.quarantinedAt ? 'quarantined' : 'active';

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
    | 'bank.import_finished'
    | 'bank.signal_quarantined'
    | 'bank.signal_released'
    | 'bank.signal_feedback'
    | 'bank.signal_flagged';
  data: Record<string, unknown>;
}

export interface ImportProgress {
  linesRead: number;
  added: number;
  duplicates: number;
  rejectedCount: number;
  rejected: BankImportRejection[];
}

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

/** A hit about to be recorded against a signal's flood count. */
export interface NewSignalHit {
  signalId: string;
  bankId: string;
  incidentId: string;
  itemId: string;
  triggeredBy: string;
  distance: number;
}

/** What became of a hit: `held` while its signal is quarantined; `quarantined` when this hit set it off. */
export interface SignalHitOutcome {
  signalId: string;
  held: boolean;
  quarantined: boolean;
}

/** When a signal is quarantined: more than `hits` hits within `minutes`. */
export interface FloodRule {
  hits: number;
  minutes: number;
}

/** A hit held while its signal was quarantined, waiting for the release. */
export interface HeldHit extends NewSignalHit {
  id: number;
}

/** A participant's verdict on a signal's hit, and the signal's verdicts after it. */
export interface FeedbackRecord {
  bankId: string;
  signalId: string;
  memberId: string;
  organisationId: string;
  itemId: string | null;
  verdict: FeedbackVerdict;
}

/** An open incident, as the pass over open incidents' items needs it. */
export interface OpenIncident {
  id: string;
  participants: string[];
}

/** Where banks, their signals, imports and log live. Every change writes its event in the same transaction. */
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
  listSignals(
    bankId: string,
    page: { afterSeq?: number; limit: number; state?: 'active' | 'quarantined' },
  ): Promise<BankSignalRecord[]>;
  /** One signal of the bank, removed or not. */
  findSignal(bankId: string, signalId: string): Promise<BankSignalRecord | null>;
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
  /**
   * The signals equal to a value, in these banks, removed ones left out; for URLs, those of the same
   * identity (`urlKey`) or, for a signal stored before identities were, the same canonical URL.
   */
  exactSignals(
    algorithm: BankAlgorithm,
    value: string,
    bankIds: string[],
    urlKey?: string,
  ): Promise<BankSignalRecord[]>;
  /**
   * Records each hit against its signal's count, in one transaction, once per signal and item (a repeat
   * answers what the first got). A signal with more than `rule.hits` hits within `rule.minutes` (since its
   * release, if later) is quarantined with its `bank.signal_quarantined` entry; hits on a quarantined signal
   * are held.
   */
  recordHits(hits: NewSignalHit[], rule: FloodRule): Promise<SignalHitOutcome[]>;
  /** The signals an item's events in its incident's log already name, by event type. */
  loggedHits(incidentId: string, itemId: string): Promise<{ type: string; signalId: string }[]>;
  /**
   * Ends a signal's quarantine with its `bank.signal_released` entry (its flood count starts again) and
   * answers the hits held meanwhile; null when the bank holds no such signal or it is not quarantined.
   */
  releaseSignal(bankId: string, signalId: string, by: BankActor): Promise<HeldHit[] | null>;
  /** Marks held hits as delivered (their `item.bank_matched` is in the log). */
  deliverHeldHits(ids: number[]): Promise<void>;
  /**
   * Keeps a participant's verdict (replacing its earlier one on the same signal and item) with its
   * `bank.signal_feedback` entry; flags the signal for review (`bank.signal_flagged`, once) when `flag`
   * says so of the counts after it. Answers the signal's counts and whether it is flagged.
   */
  recordFeedback(
    feedback: FeedbackRecord,
    flag: (agree: number, disagree: number) => boolean,
  ): Promise<{ agree: number; disagree: number; review: boolean }>;
  /** Verdicts on the hits of each bank's signals. */
  agreement(bankIds: string[]): Promise<Map<string, { agree: number; disagree: number }>>;
  /** The incident in whose log the item hit the signal (`item.bank_matched`), if any. */
  incidentOfHit(itemId: string, signalId: string): Promise<string | null>;
  /** The highest signal `seq` committed, and the pass over open incidents' cursor. */
  newestSignalSeq(): Promise<number>;
  backfillCursor(): Promise<number>;
  /** Moves the cursor from `from` to `to` (unless another process moved it meanwhile: then false). */
  advanceBackfill(from: number, to: number): Promise<boolean>;
  openIncidents(): Promise<OpenIncident[]>;
  /** The bank's hits (`item.bank_matched` in the incident log), newest first. */
  latestHits(bankId: string, page: BankHitsPage): Promise<BankHitRecord[]>;
  /**
   * Matchable PDQ signals with `afterSeq < seq <= throughSeq`, in `seq` order (the index is loaded a range at
   * a time); with `partition`, only those of that partition (their hash's first bits).
   */
  matchablePdqSignals(
    afterSeq: number,
    throughSeq: number,
    partition?: BankPartition,
  ): Promise<{ seq: number; value: string }[]>;
}
