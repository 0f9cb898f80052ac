import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { CursorPageQuery } from '../page.dto';
import { LIMITS } from '../limits';

const PLATFORM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** An election's window as the clock sees it: before `activeFrom`, inside, after `activeUntil`. */
export const ELECTION_STATUSES = ['scheduled', 'active', 'ended'] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];

export const WARNING_SEVERITIES = ['info', 'warning', 'urgent'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

/** The longest window an election may be created with (DSA art. 48: a strictly limited duration). */
export const ELECTION_MAX_WINDOW_DAYS = 90;

export const ELECTION_LIMITS = {
  votingDays: 31,
  languages: 30,
  warningTitle: 200,
  warningText: 5_000,
} as const;

export class CreateElectionDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  name!: string;

  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as BE' })
  country?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ELECTION_LIMITS.votingDays)
  @Matches(DAY, { each: true, message: 'each value in votingDays must be a date such as 2026-06-07' })
  votingDays!: string[];

  @IsISO8601({ strict: true }, { message: 'activeFrom must be an ISO 8601 date-time' })
  activeFrom!: string;

  @IsISO8601({ strict: true }, { message: 'activeUntil must be an ISO 8601 date-time' })
  activeUntil!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ELECTION_LIMITS.languages)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, {
    each: true,
    message: 'languages must be language tags such as en, fr or pt-BR',
  })
  languages?: string[];

  @IsArray()
  @ArrayMaxSize(LIMITS.participants)
  @IsUUID('all', { each: true })
  participants!: string[];

  @IsArray()
  @ArrayMaxSize(LIMITS.platforms)
  @Matches(PLATFORM_KEY, { each: true, message: 'each value in platforms must be a platform key' })
  platforms!: string[];
}

/** Moving an election's end later: always with a reason, kept in the election's record of extensions. */
export class ExtendElectionDto {
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time' })
  until!: string;

  @IsString()
  @MinLength(1, { message: 'reason must be given' })
  @MaxLength(LIMITS.reason)
  reason!: string;
}

export class ListElectionsQuery extends CursorPageQuery {
  @IsOptional()
  @IsIn(ELECTION_STATUSES)
  status?: ElectionStatus;
}

export class IssueWarningDto {
  @IsString()
  @MinLength(1)
  @MaxLength(ELECTION_LIMITS.warningTitle)
  title!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(ELECTION_LIMITS.warningText)
  text!: string;

  @IsOptional()
  @IsIn(WARNING_SEVERITIES)
  severity?: WarningSeverity;
}

export interface ElectionExtensionView {
  previousUntil: string;
  until: string;
  reason: string;
  by: { memberId: string | null; organisationId: string | null };
  at: string;
}

export interface ElectionView {
  id: string;
  name: string;
  country: string | null;
  /** Dates (`2026-06-07`), in order. */
  votingDays: string[];
  activeFrom: string;
  activeUntil: string;
  languages: string[];
  participants: string[];
  platforms: string[];
  status: ElectionStatus;
  extensions: ElectionExtensionView[];
  createdAt: string;
}

/** A warning one participant of an election sends every other participating organisation. */
export interface WarningView {
  id: string;
  electionId: string;
  title: string;
  text: string;
  severity: WarningSeverity;
  issuedBy: { organisationId: string };
  createdAt: string;
  acknowledgements: { organisationId: string; at: string }[];
  /** Receiving organisations that have not acknowledged yet. */
  pending: string[];
}

/** The e-mail of one warning to the receiving organisations' tier-1 contacts (the queue's job id is the warning's). */
export interface WarningMailJob {
  warningId: string;
}

/** `election:warning_acknowledged`, sent to the issuing organisation's sockets. */
export interface WarningAcknowledgedEvent {
  warningId: string;
  electionId: string;
  organisationId: string;
  at: string;
}
