import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { LIMITS } from './limits';
import { CursorPageQuery } from './page.dto';

/** `members`: every member sees the bank; `participants`: the incidents its organisation takes part in. */
export const BANK_VISIBILITIES = ['members', 'participants'] as const;
export type BankVisibility = (typeof BANK_VISIBILITIES)[number];

/** What a bank holds: picture and file hashes, and URLs. */
export const BANK_ALGORITHMS = ['pdq', 'md5', 'sha1', 'sha256', 'url'] as const;
export type BankAlgorithm = (typeof BANK_ALGORITHMS)[number];

export const BANK_LIMITS = {
  /** Signals in one `POST /banks/:id/signals`. */
  signalsPerRequest: 10_000,
  label: 500,
  sourceRef: 500,
  description: 2_000,
  /** A line of an imported ThreatExchange or CSV file. */
  lineChars: 8_192,
  /** A STIX bundle or MISP event is one JSON document, read whole: this is its bound. */
  jsonImportBytes: 64 * 1024 * 1024,
  /** Rejected lines reported by name in an import's answer and state; the rest are counted. */
  reportedRejections: 100,
  /** A bank's match distance (PDQ bits) is at most this: farther, near-uniform pictures match anything. */
  maxDistance: 64,
} as const;

/** The PDQ distance a bank matches within unless it says otherwise (Meta's recommended threshold). */
export const BANK_DEFAULT_DISTANCE = 31;

/** `active`: matched; `quarantined`: matched too often too fast, its hits held; `removed`: never matched. */
export const SIGNAL_STATES = ['active', 'quarantined', 'removed'] as const;
export type SignalState = (typeof SIGNAL_STATES)[number];

/** A participant's word on a bank hit: the item is (agree) or is not (disagree) what the signal says. */
export const FEEDBACK_VERDICTS = ['agree', 'disagree'] as const;
export type FeedbackVerdict = (typeof FEEDBACK_VERDICTS)[number];

export class CreateBankDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(BANK_LIMITS.description)
  description?: string;

  @IsIn(BANK_VISIBILITIES)
  visibility!: BankVisibility;

  /** The organisation the bank belongs to (an admin's choice); the caller's own by default. */
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  /** Known-benign content: a share hitting it is not reported as a match of other banks as near or farther. */
  @IsOptional()
  @IsBoolean()
  negative?: boolean;

  /** The PDQ distance this bank matches within (31 unless said). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(BANK_LIMITS.maxDistance)
  maxDistance?: number;
}

export class SignalFeedbackDto {
  @IsIn(FEEDBACK_VERDICTS)
  verdict!: FeedbackVerdict;

  /** The item whose hit this is about: the verdict then shows in its incident's room. */
  @IsOptional()
  @IsUUID()
  itemId?: string;
}

export class AddSignalsDto {
  /** Each `{ algorithm, value, quality?, label?, sourceRef? }`, checked one by one: a bad one is rejected by index. */
  @IsArray()
  @ArrayMaxSize(BANK_LIMITS.signalsPerRequest)
  @IsObject({ each: true })
  signals!: Record<string, unknown>[];
}

export class BankSignalsQuery extends CursorPageQuery {
  /** Only signals in this state (`active` and `quarantined` ones unless said; removed ones are not listed). */
  @IsOptional()
  @IsIn(['active', 'quarantined'])
  state?: Exclude<SignalState, 'removed'>;
}

/** `?limit=&after=`: `after` is the `next` of the previous page (older hits); 20 hits a page unless asked. */
export class BankHitsQuery extends CursorPageQuery {}

/** Hits a page of `GET /banks/:id/hits` holds unless `limit` says otherwise. */
export const BANK_HITS_PAGE = 20;

export class BankImportQuery {
  /** What a bare hash on a line is, for ThreatExchange files of hashes alone. */
  @IsOptional()
  @IsIn(BANK_ALGORITHMS)
  algorithm?: BankAlgorithm;
}

export interface BankImportView {
  id: string;
  state: 'running' | 'completed' | 'failed';
  format: string;
  linesRead: number;
  added: number;
  duplicates: number;
  rejectedCount: number;
  rejected: BankImportRejection[];
  error?: string;
  startedAt: string;
  finishedAt?: string;
}

export interface BankView {
  id: string;
  name: string;
  description?: string;
  visibility: BankVisibility;
  organisationId: string;
  signalCount: number;
  /** Known-benign content: its hits hold back other banks' hits as near or farther. */
  negative: boolean;
  /** The PDQ distance the bank matches within. */
  maxDistance: number;
  /** Participants' feedback on the bank's hits (`agree / (agree + disagree)` is its agreement rate). */
  agreement: { agree: number; disagree: number };
  createdAt: string;
  latestImport?: BankImportView;
}

export interface BankSignalView {
  id: string;
  bankId: string;
  algorithm: BankAlgorithm;
  value: string;
  quality?: number;
  /** False for a PDQ hash of quality under 50: kept, never matched. */
  matchable: boolean;
  label?: string;
  sourceRef?: string;
  addedBy: { memberId: string | null; organisationId: string | null };
  createdAt: string;
  /** Set once the signal was removed (only in the answer to its removal: lists leave removed signals out). */
  removedAt?: string;
  state: SignalState;
  /** When a flood of hits quarantined it (held until an admin releases or removes it). */
  quarantinedAt?: string;
  /** Disagreement with its hits passed the threshold: someone should look at it. */
  review?: true;
}

/** `POST /banks/:id/signals/:signalId/feedback`: the verdicts on the signal after this one. */
export interface SignalFeedbackAnswer {
  signalId: string;
  verdict: FeedbackVerdict;
  agree: number;
  disagree: number;
  review: boolean;
}

export interface AddSignalsAnswer {
  added: number;
  duplicates: number;
  rejected: { index: number; message: string }[];
}

/** A line (ThreatExchange, CSV) or a place in a JSON document (`objects[3]`) that was not taken. */
export interface BankImportRejection {
  line?: number;
  at?: string;
  message: string;
}

export interface BankImportAnswer {
  importId: string;
  linesRead: number;
  added: number;
  duplicates: number;
  rejectedCount: number;
  rejected: BankImportRejection[];
}

/**
 * One `item.bank_matched` of a bank, for `GET /banks/:id/hits`: where it was found (an incident the caller
 * sees), which signal it hit, how near, and when.
 */
export interface BankHitView {
  incidentId: string;
  incidentRef: string;
  incidentTitle: string;
  itemId: string;
  signalId: string;
  algorithm: BankAlgorithm;
  distance: number;
  label?: string;
  sourceRef?: string;
  at: string;
}

/**
 * `item.bank_benign`: the item hits a negative bank (known-benign content), so hits of other banks as near or
 * farther (`heldBack` of them) are not reported: what the room says instead of a match.
 */
export interface ItemBankBenignData {
  itemId: string;
  bankId: string;
  bankName: string;
  signalId: string;
  distance: number;
  label?: string;
  heldBack: number;
  triggeredBy: string;
}

/**
 * `item.bank_hit_held`: the item hits a quarantined signal (it matched too many shares too fast); the hit
 * waits for an admin to release the signal (then `item.bank_matched` follows) or remove it.
 * `quarantined`: this hit is the one that set the quarantine off.
 */
export interface ItemBankHitHeldData {
  itemId: string;
  bankId: string;
  bankName: string;
  signalId: string;
  distance: number;
  quarantined: boolean;
  triggeredBy: string;
}

/** `item.bank_feedback`: a participant agrees or disagrees with a bank hit on the item. */
export interface ItemBankFeedbackData {
  itemId: string;
  bankId: string;
  signalId: string;
  verdict: FeedbackVerdict;
  review: boolean;
}

/** `item.bank_matched`: a shared item equals or is near a bank's signal. */
export interface ItemBankMatchedData {
  itemId: string;
  bankId: string;
  bankName: string;
  signalId: string;
  algorithm: BankAlgorithm;
  distance: number;
  label?: string;
  sourceRef?: string;
  triggeredBy: string;
}
