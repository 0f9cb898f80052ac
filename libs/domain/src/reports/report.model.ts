import type {
  AnswerChannel,
  CellStatus,
  Channel,
  ExpectationResultView,
  IncidentView,
  HashAlgorithm,
  ItemKind,
  OrganisationKind,
} from '@hub/contracts';
import type { ClockState } from '../exercises/exercise.clock';
import type { CellRecord, IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { EventRecord } from '../events/event.model';
import type { OrganisationRecord } from '../identity/identity.model';
import type { DeadlineVerdict } from '../incidents/containment-summary';

/**
 * The after-action report's data: what `buildReport` computes from an incident's records, what the JSON
 * format returns as is, and what `report.document.ts` lays out for the other formats.
 */

/** What the exercises feature adds to the report of an exercise incident. */
export interface ExerciseReportPart {
  scenarioName: string;
  speed: number;
  status: string;
  injects: { at: string; by: string; do: string; firedAt?: string; seq?: number }[];
  expectations: ExpectationResultView[];
  overall: number;
  /** The run's clock: the report measures the exercise's containment on it (never copied into a report). */
  clock?: ClockState;
}

export interface ReportInput {
  incident: IncidentRecord;
  /** The participants: only names, kinds, countries and platform keys reach the report. */
  organisations: OrganisationRecord[];
  items: ItemRecord[];
  cells: CellRecord[];
  /** The whole log, in seq order. */
  events: EventRecord[];
  now: Date;
  exercise?: ExerciseReportPart;
}

export interface ReportMoment {
  seq: number;
  type: string;
  at: string;
  /** The organisation that acted, by name; `hub` for the hub itself. Never a member. */
  by: string | null;
  status?: string;
  level?: string;
  fromLevel?: string;
  toLevel?: string;
  added?: string[];
  /** An escalation step (`escalation.sent`), one moment per e-mail batch: the platform, step, tiers, cells. */
  platformKey?: string;
  step?: string;
  tiers?: number[];
  coordinator?: boolean;
  cells?: number;
}

export interface ReportParticipant {
  name: string;
  kind: OrganisationKind;
  country: string | null;
  platformKey: string | null;
}

export interface ReportRemovalOrder {
  itemId: string;
  target: string;
  legalReference: string | null;
  issuedAt: string;
  issuedBy: string[];
  platforms: string[];
}

export interface ReportPlatformRow {
  platformKey: string;
  organisation: string | null;
  cells: number;
  acknowledged: number;
  acted: number;
  overdue: number;
  counts: Record<CellStatus, number>;
  ackMedianMinutes: number | null;
  ackP90Minutes: number | null;
  actMedianMinutes: number | null;
  actP90Minutes: number | null;
  /** 0 to 1, over the cells whose deadlines can already be judged; null when none can. */
  withinDeadlineShare: number | null;
}

/** How cells were acknowledged: through the hub (room, API, console) or a receipt link mailed to a contact. */
export interface ReportAckChannelRow {
  channel: 'hub' | 'email';
  acknowledged: number;
  medianMinutes: number | null;
}

/** A narrative item: its claim as shared (title, keywords, languages) and how many example URLs it named. */
export interface ReportNarrative {
  itemId: string;
  title: string;
  keywords: string[];
  languages: string[];
  examples: number;
  techniques: string[];
}

export interface ReportCellRow {
  itemId: string;
  kind: ItemKind;
  /** The canonical URL, `algorithm:value` for a hash, `account on <platform>` for an account (no handle). */
  target: string;
  url: string | null;
  hashAlgorithm: HashAlgorithm | null;
  hashValue: string | null;
  accountPlatform: string | null;
  channel: Channel;
  platformKey: string;
  status: CellStatus;
  createdAt: string;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  minutesToAcknowledge: number | null;
  metAckDeadline: DeadlineVerdict | null;
  actionDueAt: string | null;
  actedAt: string | null;
  minutesToAct: number | null;
  metActionDeadline: DeadlineVerdict | null;
  /**
   * How the cell's latest answer came: `hub` (the liaison), a channel a coordinator was told by, or null (no
   * answer yet, a receipt link, or a coordinator's record that named no channel).
   */
  answeredVia: AnswerChannel | null;
  /** Who at the platform gave the answer a coordinator recorded, as the coordinator wrote it. */
  reportedBy: string | null;
  /** Who recorded the latest answer: the platform's liaison, a coordinator on its behalf, or a mailed contact. */
  recordedBy: 'liaison' | 'coordinator' | 'contact' | null;
  /** In words: "answered by phone, reported by …, recorded by a coordinator". */
  answer: string | null;
}

export interface ExerciseReport extends Omit<ExerciseReportPart, 'clock'> {
  met: number;
  missed: number;
}

/** The after-action report: JSON-able, and free of personal data by construction. */
export interface IncidentReport {
  generatedAt: string;
  /** The incident's header: its wire view's fields, and how it ended. */
  incident: Pick<
    IncidentView,
    | 'id'
    | 'ref'
    | 'title'
    | 'summary'
    | 'category'
    | 'protocol'
    | 'level'
    | 'mode'
    | 'status'
    | 'criteria'
    | 'createdAt'
  > & {
    closedAt: string | null;
    closingSummary: string | null;
    reviewSummary: string | null;
  };
  timeline: {
    events: number;
    firstEventAt: string | null;
    lastEventAt: string | null;
    countsByType: Record<string, number>;
    messages: number;
    moments: ReportMoment[];
  };
  participants: ReportParticipant[];
  items: {
    total: number;
    byKind: Record<ItemKind, number>;
    byChannel: Record<Channel, number>;
    byContentType: Record<string, number>;
    variants: number;
    reportedBySeveral: number;
    /** Items found in a hash bank (`item.bank_matched`), and the hits counted one per bank signal. */
    knownToBanks: number;
    bankHits: number;
    removalOrders: ReportRemovalOrder[];
    /** Items naming each DISARM technique (an item naming several counts for each). */
    byTechnique: Record<string, number>;
    narratives: ReportNarrative[];
  };
  containment: {
    /**
     * `exercise`: every time, minute and verdict below is on the exercise's clock (scenario time, scenario
     * time 0 at the run's start), as its score is; `wall` for a live incident.
     */
    clock: 'wall' | 'exercise';
    /** Minutes from a cell's creation to its acknowledgement deadline at the incident's level, if any. */
    ackDeadlineMinutes: number | null;
    platforms: ReportPlatformRow[];
    /** Time to acknowledge by channel (a channel no cell was acknowledged through is left out). */
    acknowledgedVia: ReportAckChannelRow[];
    rows: ReportCellRow[];
  };
  exercise?: ExerciseReport;
}

/** The events a report's timeline keeps, with the label each is shown under. */
export const MOMENT_LABELS: Readonly<Record<string, string>> = {
  'incident.notified': 'Notified',
  'incident.activated': 'Activated',
  'incident.rejected': 'Rejected',
  'incident.level_changed': 'Level changed',
  'incident.participant_added': 'Participant added',
  'incident.standing_down': 'Standing down',
  'incident.closed': 'Closed',
  'incident.reviewed': 'Reviewed',
  'exercise.started': 'Exercise started',
  'exercise.completed': 'Exercise completed',
  'escalation.sent': 'Escalated',
};
