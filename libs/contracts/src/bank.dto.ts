import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
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
} as const;

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
}

export class AddSignalsDto {
  /** Each `{ algorithm, value, quality?, label?, sourceRef? }`, checked one by one: a bad one is rejected by index. */
  @IsArray()
  @ArrayMaxSize(BANK_LIMITS.signalsPerRequest)
  @IsObject({ each: true })
  signals!: Record<string, unknown>[];
}

export class BankSignalsQuery extends CursorPageQuery {}

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
