import { IsDistribution, type Distribution, type OriginRef } from './federation/federation.dto';
import { CursorPageQuery, NumericParam } from './page.dto';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  CATEGORIES,
  INCIDENT_LEVELS,
  INCIDENT_MODES,
  INCIDENT_STATUSES,
  type AnswerChannel,
  type Category,
  type CellStatus,
  type IncidentLevel,
  type IncidentMode,
  type IncidentStatus,
  LANGUAGES,
  type Language,
  REPORT_FORMATS,
  type ReportFormat,
} from './enums';
import { SUPPORTED_LANGUAGES_MESSAGE } from './languages/language.dto';
import { LIMITS } from './limits';

const PLATFORM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class CreateIncidentDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.title)
  title!: string;

  @IsString()
  @MaxLength(LIMITS.summary)
  summary!: string;

  @IsIn(CATEGORIES)
  category!: Category;

  @IsIn(INCIDENT_LEVELS)
  level!: IncidentLevel;

  @IsIn(INCIDENT_MODES)
  mode!: IncidentMode;

  @IsArray()
  @ArrayMaxSize(LIMITS.participants)
  @IsUUID('all', { each: true })
  participants!: string[];

  @IsArray()
  @ArrayMaxSize(LIMITS.platforms)
  @Matches(PLATFORM_KEY, { each: true, message: 'each value in platforms must be a platform key' })
  platforms!: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.criteria)
  @IsString({ each: true })
  @MaxLength(LIMITS.criterion, { each: true })
  criteria?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.rationale)
  rationale?: string;

  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,64}$/)
  protocol?: string;

  /** Declared under this election: its participants and platforms join the incident's. */
  @IsOptional()
  @IsUUID()
  electionId?: string;

  /** Which peer hubs receive it (docs/federation.md): `hub` (the default) keeps it here. */
  @IsOptional()
  @IsDistribution()
  distribution?: Distribution;
}

/** One body for every lifecycle action; each action reads the fields it needs. */
export class IncidentActionDto {
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.rationale)
  rationale?: string;

  @IsOptional()
  @IsIn(INCIDENT_LEVELS)
  level?: IncidentLevel;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.criteria)
  @IsString({ each: true })
  @MaxLength(LIMITS.criterion, { each: true })
  criteria?: string[];

  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @IsOptional()
  @Matches(PLATFORM_KEY)
  platformKey?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.summary)
  summary?: string;
}

export class ListIncidentsQuery extends CursorPageQuery {
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @IsOptional()
  @IsIn(INCIDENT_MODES)
  mode?: IncidentMode;

  @IsOptional()
  @IsUUID()
  electionId?: string;
}

export class ListEventsQuery {
  @IsOptional()
  @NumericParam()
  @IsInt()
  @Min(0)
  after?: number;

  @IsOptional()
  @NumericParam()
  @IsInt()
  @Min(1)
  @Max(LIMITS.pageSize)
  limit?: number;
}

export class PostMessageDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.text)
  text!: string;
}

export interface IncidentView {
  id: string;
  ref: string;
  title: string;
  summary: string;
  category: Category;
  protocol: string;
  level: IncidentLevel;
  mode: IncidentMode;
  status: IncidentStatus;
  participants: string[];
  platforms: string[];
  criteria: string[];
  rationale?: string;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  overdueCount?: number;
  /** The election the incident was declared under. */
  electionId?: string;
  /** Which peer hubs receive it. */
  distribution: Distribution;
  /** A mirrored incident: where it began (the origin hub owns it and its items). */
  origin?: OriginRef & { ref: string };
}

export interface ActorView {
  memberId: string | null;
  organisationId: string | null;
}

export interface EventView<T = Record<string, unknown>> {
  id: string;
  incidentId: string;
  seq: number;
  type: string;
  at: string;
  actor: ActorView;
  data: T;
}

/** The `data` of a `containment.updated` event: the cell as it now stands, and the status it left. */
export interface ContainmentUpdatedData {
  itemId: string;
  platformKey: string;
  from: CellStatus;
  status: CellStatus;
  reason: string | null;
  /** Recorded by a coordinator on the platform's behalf. */
  onBehalf: boolean;
  ackDueAt: string | null;
  actionDueAt: string | null;
  acknowledgedAt: string | null;
  actedAt: string | null;
  /** Overdue checks the cell had by then (absent in events written before it was recorded). */
  overdueCount?: number;
  /** Recorded through a one-click receipt link mailed to this contact point (the actor has no member). */
  contactId?: string;
  /**
   * How the platform answered: `hub` (its liaison here), or the channel a coordinator was told by; absent in
   * a coordinator's record that did not say, in a receipt link's, and in events written before channels.
   */
  via?: AnswerChannel;
  /** Who at the platform gave the answer a coordinator recorded. */
  reportedBy?: string;
}

export class ReportQuery {
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  /** The language of the report's headings and fixed phrases; what people typed stays as typed. */
  @IsOptional()
  @IsIn(LANGUAGES, { message: `lang ${SUPPORTED_LANGUAGES_MESSAGE}` })
  lang?: Language;
}
