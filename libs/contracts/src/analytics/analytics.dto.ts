import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import {
  CATEGORIES,
  INCIDENT_MODES,
  LANGUAGES,
  type CellStatus,
  type Category,
  type IncidentMode,
  type Language,
} from '../enums';
import { SUPPORTED_LANGUAGES_MESSAGE } from '../languages/language.dto';

/** `GET /analytics/response-times`: which incidents (by when they were declared, election, category, mode). */
export class ResponseTimesQuery {
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'from must be a date (2026-05-01) or a time (2026-05-01T08:00:00Z)' },
  )
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date (2026-05-31) or a time (2026-05-31T20:00:00Z)' })
  to?: string;

  @IsOptional()
  @IsUUID('all', { message: 'electionId must be an election id (a UUID)' })
  electionId?: string;

  @IsOptional()
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category?: Category;

  @IsOptional()
  @IsIn(INCIDENT_MODES, { message: `mode must be one of ${INCIDENT_MODES.join(', ')}` })
  mode?: IncidentMode;
}

/**
 * One platform's answers over the cells counted: how many, how many answered, how fast (minutes from the
 * cell's creation; null when none), the cells by current status, and how many missed a deadline.
 */
export interface PlatformResponseTimesView {
  platformKey: string;
  cells: number;
  replied: number;
  medianFirstReplyMinutes: number | null;
  p90FirstReplyMinutes: number | null;
  medianOutcomeMinutes: number | null;
  p90OutcomeMinutes: number | null;
  outcomes: Partial<Record<CellStatus, number>>;
  overdue: number;
}

export interface ResponseTimesView {
  platforms: PlatformResponseTimesView[];
}

export const BULLETIN_FORMATS = ['json', 'md', 'html'] as const;
export type BulletinFormat = (typeof BULLETIN_FORMATS)[number];

/** `GET /elections/:id/bulletin`: the day (UTC) and the format. */
export class BulletinQuery {
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be a day, YYYY-MM-DD' })
  date!: string;

  @IsOptional()
  @IsIn(BULLETIN_FORMATS, { message: `format must be one of ${BULLETIN_FORMATS.join(', ')}` })
  format?: BulletinFormat;

  /** The language of Markdown's and HTML's headings and fixed phrases; JSON is data and has none. */
  @IsOptional()
  @IsIn(LANGUAGES, { message: `lang ${SUPPORTED_LANGUAGES_MESSAGE}` })
  lang?: Language;
}

/** A count under a closed vocabulary's key (an item kind, a DISARM technique id, a warning's severity). */
export interface CountView {
  key: string;
  count: number;
}

/** The day's bulletin of an election: counts and times only, never a target, a name or a text. */
export interface BulletinView {
  election: { id: string; name: string };
  date: string;
  generatedAt: string;
  incidents: { declared: number; withFlags: number };
  flags: { total: number; byKind: CountView[]; byTechnique: CountView[] };
  platforms: PlatformResponseTimesView[];
  warnings: { total: number; bySeverity: CountView[] };
}

/** The public account's figures for one group of incidents (a category, an election). */
export interface PublicAccountGroupView {
  incidents: number;
  cells: number;
  replied: number;
  medianFirstReplyMinutes: number | null;
  p90FirstReplyMinutes: number | null;
}

/** `GET /transparency.json`: what closed live incidents show of platforms' answers, without personal data. */
export interface PublicAccountView {
  generatedAt: string;
  /** Incidents closed before this time are counted (now minus HUB_TRANSPARENCY_DELAY_DAYS). */
  closedBefore: string;
  delayDays: number;
  incidents: number;
  platforms: PlatformResponseTimesView[];
  categories: (PublicAccountGroupView & { category: Category })[];
  elections: (PublicAccountGroupView & { name: string })[];
}
