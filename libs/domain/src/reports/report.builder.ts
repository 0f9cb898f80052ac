import {
  CELL_STATUSES,
  CHANNELS,
  CONTENT_TYPES,
  ITEM_KINDS,
  type Category,
  type CellStatus,
  type Channel,
  type ExpectationResultView,
  type HashAlgorithm,
  type IncidentLevel,
  type IncidentMode,
  type IncidentStatus,
  type ItemKind,
  type OrganisationKind,
} from '@hub/contracts';
import { hashValueInOneLine } from '../items/vpdq.frames';
import type { CellRecord, EventRecord, IncidentRecord, ItemRecord, OrganisationRecord } from '../model';
import { summariseContainment } from '../use-cases/containment-summary';

/** What the exercises feature adds to the report of an exercise incident. */
export interface ExerciseReportPart {
  scenarioName: string;
  speed: number;
  status: string;
  injects: { at: string; by: string; do: string; firedAt?: string; seq?: number }[];
  expectations: ExpectationResultView[];
  overall: number;
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

/** A deadline verdict: kept, missed, not yet due (or paused); null where the cell had no such deadline. */
export type DeadlineVerdict = 'yes' | 'no' | 'open';

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

export interface ReportCellRow {
  itemId: string;
  kind: ItemKind;
  /** The canonical URL, `algorithm:value` for a hash, `platform:handle` for an account. */
  target: string;
  url: string | null;
  hashAlgorithm: HashAlgorithm | null;
  hashValue: string | null;
  accountPlatform: string | null;
  accountHandle: string | null;
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
}

export interface ExerciseReport extends ExerciseReportPart {
  met: number;
  missed: number;
}

/** The after-action report: JSON-able, and free of personal data by construction. */
export interface IncidentReport {
  generatedAt: string;
  incident: {
    id: string;
    ref: string;
    title: string;
    summary: string;
    category: Category;
    protocol: string;
    level: IncidentLevel;
    mode: IncidentMode;
    status: IncidentStatus;
    criteria: string[];
    createdAt: string;
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
    removalOrders: ReportRemovalOrder[];
  };
  containment: {
    /** Minutes from a cell's creation to its acknowledgement deadline at the incident's level, if any. */
    ackDeadlineMinutes: number | null;
    platforms: ReportPlatformRow[];
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
};
const MOMENT_TYPES: ReadonlySet<string> = new Set(Object.keys(MOMENT_LABELS));

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const minutesBetween = (from: Date, to: Date): number =>
  Math.round(((to.getTime() - from.getTime()) / 60_000) * 10) / 10;
const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function buildReport(input: ReportInput): IncidentReport {
  const { incident, items, cells, events, now } = input;
  const orgs = participantsOf(input);
  const orgName = new Map(input.organisations.map((o) => [o.id, o.name]));
  const itemById = new Map(items.map((i) => [i.id, i]));

  const report: IncidentReport = {
    generatedAt: now.toISOString(),
    incident: {
      id: incident.id,
      ref: incident.ref,
      title: incident.title,
      summary: incident.summary,
      category: incident.category,
      protocol: incident.protocol,
      level: incident.level,
      mode: incident.mode,
      status: incident.status,
      criteria: [...incident.criteria],
      createdAt: incident.createdAt.toISOString(),
      closedAt: iso(incident.closedAt),
      closingSummary: incident.closingSummary,
      reviewSummary: incident.reviewSummary,
    },
    timeline: timelineOf(events, orgName),
    participants: orgs.map((o) => ({
      name: o.name,
      kind: o.kind,
      country: o.country,
      platformKey: o.platformKey,
    })),
    items: itemsPart(items, cells, orgName),
    containment: {
      ackDeadlineMinutes: ackDeadlineOf(cells),
      platforms: platformRows(input, orgs),
      rows: cellRows(cells, itemById, now),
    },
  };
  if (input.exercise) report.exercise = exercisePart(input.exercise);
  return report;
}

/** Field by field, so nothing the exercises feature may add later (an inject's text) slips into a report. */
function exercisePart(x: ExerciseReportPart): ExerciseReport {
  const met = x.expectations.filter((e) => e.met).length;
  return {
    scenarioName: x.scenarioName,
    speed: x.speed,
    status: x.status,
    injects: x.injects.map((i) => {
      const inject: ExerciseReportPart['injects'][number] = { at: i.at, by: i.by, do: i.do };
      if (i.firedAt !== undefined) inject.firedAt = i.firedAt;
      if (i.seq !== undefined) inject.seq = i.seq;
      return inject;
    }),
    expectations: x.expectations.map((e) => ({
      platformKey: e.platformKey,
      kind: e.kind,
      withinMinutes: e.withinMinutes,
      actualMinutes: e.actualMinutes,
      met: e.met,
    })),
    overall: x.overall,
    met,
    missed: x.expectations.length - met,
  };
}

/** The organisations taking part: named in the incident, or a platform of it. */
function participantsOf(input: ReportInput): OrganisationRecord[] {
  const ids = new Set(input.incident.participants);
  const platforms = new Set(input.incident.platforms);
  const order: Record<string, number> = { coordinator: 0, authority: 1, platform: 2, observer: 3, hub: 4 };
  return input.organisations
    .filter((o) => ids.has(o.id) || (o.platformKey !== null && platforms.has(o.platformKey)))
    .sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9) || a.name.localeCompare(b.name));
}

function timelineOf(events: EventRecord[], orgName: Map<string, string>): IncidentReport['timeline'] {
  const countsByType: Record<string, number> = {};
  for (const e of events) countsByType[e.type] = (countsByType[e.type] ?? 0) + 1;
  const sortedCounts = Object.fromEntries(
    Object.entries(countsByType).sort(([a], [b]) => a.localeCompare(b)),
  );
  const times = events.map((e) => e.at.getTime());
  return {
    events: events.length,
    firstEventAt: times.length ? new Date(Math.min(...times)).toISOString() : null,
    lastEventAt: times.length ? new Date(Math.max(...times)).toISOString() : null,
    countsByType: sortedCounts,
    // Messages are counted, never quoted: their text is the participants' own words.
    messages: countsByType['message.posted'] ?? 0,
    moments: events.filter((e) => MOMENT_TYPES.has(e.type)).map((e) => momentOf(e, orgName)),
  };
}

/** Picks only the lifecycle fields of an event's data; rationales, texts and member ids stay out. */
function momentOf(e: EventRecord, orgName: Map<string, string>): ReportMoment {
  const by = e.actor.organisationId ? (orgName.get(e.actor.organisationId) ?? null) : 'hub';
  const moment: ReportMoment = { seq: e.seq, type: e.type, at: e.at.toISOString(), by };
  const d = e.data ?? {};
  if (e.type === 'incident.level_changed') {
    const from = str(d.from);
    const to = str(d.to);
    if (from) moment.fromLevel = from;
    if (to) moment.toLevel = to;
    return moment;
  }
  if (e.type === 'incident.participant_added') {
    const ids = Array.isArray(d.organisationIds)
      ? d.organisationIds.filter((x): x is string => typeof x === 'string')
      : [];
    const keys = Array.isArray(d.platformKeys)
      ? d.platformKeys.filter((x): x is string => typeof x === 'string')
      : [];
    moment.added = [
      ...ids.map((id) => orgName.get(id) ?? 'an organisation'),
      ...keys.map((k) => `platform ${k}`),
    ];
    return moment;
  }
  const status = str(d.status);
  const level = str(d.level);
  if (status) moment.status = status;
  if (level) moment.level = level;
  return moment;
}

export function itemTarget(item: ItemRecord): string {
  if (item.kind === 'url') return item.url ?? '';
  if (item.kind === 'hash')
    return `${item.hashAlgorithm ?? '?'}:${hashValueInOneLine(item.hashAlgorithm, item.hashValue) ?? ''}`;
  return `${item.accountPlatform ?? '?'}:${item.accountHandle ?? ''}`;
}

function itemsPart(
  items: ItemRecord[],
  cells: CellRecord[],
  orgName: Map<string, string>,
): IncidentReport['items'] {
  const byKind = zeroes(ITEM_KINDS);
  const byChannel = zeroes(CHANNELS);
  const byContentType: Record<string, number> = {};
  for (const item of items) {
    byKind[item.kind] += 1;
    byChannel[item.channel] += 1;
    // Only the closed vocabulary is counted: metadata is free input and may hold anything.
    const ct = item.metadata?.contentType;
    const key =
      typeof ct === 'string' && (CONTENT_TYPES as readonly string[]).includes(ct) ? ct : 'unspecified';
    byContentType[key] = (byContentType[key] ?? 0) + 1;
  }
  const ordered = [...items].sort(byCreation);
  return {
    total: items.length,
    byKind,
    byChannel,
    byContentType: Object.fromEntries(Object.entries(byContentType).sort(([a], [b]) => a.localeCompare(b))),
    variants: items.filter((i) => i.variantOf !== null).length,
    reportedBySeveral: items.filter((i) => i.reporters.length > 1).length,
    removalOrders: ordered
      .filter((i) => i.channel === 'removal_order')
      .map((i) => ({
        itemId: i.id,
        target: itemTarget(i),
        legalReference: i.legalReference,
        issuedAt: i.createdAt.toISOString(),
        issuedBy: i.reporters.map((id) => orgName.get(id) ?? 'an organisation'),
        platforms: cells
          .filter((c) => c.itemId === i.id)
          .map((c) => c.platformKey)
          .sort(),
      })),
  };
}

function byCreation(a: ItemRecord, b: ItemRecord): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
}

/**
 * The level's acknowledgement deadline, read back from the cells (the protocol is configuration the report
 * does not load): the most common ackDueAt − createdAt, ties going to the most recent cell, since a level
 * change retimes open cells.
 */
function ackDeadlineOf(cells: CellRecord[]): number | null {
  const tally = new Map<number, { n: number; latest: number }>();
  for (const c of cells) {
    if (!c.ackDueAt) continue;
    const minutes = Math.round((c.ackDueAt.getTime() - c.createdAt.getTime()) / 60_000);
    const entry = tally.get(minutes) ?? { n: 0, latest: 0 };
    entry.n += 1;
    entry.latest = Math.max(entry.latest, c.createdAt.getTime());
    tally.set(minutes, entry);
  }
  let best: { minutes: number; n: number; latest: number } | null = null;
  for (const [minutes, { n, latest }] of tally) {
    if (!best || n > best.n || (n === best.n && latest > best.latest)) best = { minutes, n, latest };
  }
  return best?.minutes ?? null;
}

function platformRows(input: ReportInput, orgs: OrganisationRecord[]): ReportPlatformRow[] {
  const { cells, now } = input;
  return summariseContainment(cells, input.incident.platforms, now).map((s) => {
    const mine = cells.filter((c) => c.platformKey === s.platformKey);
    return {
      platformKey: s.platformKey,
      organisation: orgs.find((o) => o.platformKey === s.platformKey)?.name ?? null,
      cells: s.total,
      acknowledged: mine.filter((c) => c.acknowledgedAt).length,
      acted: mine.filter((c) => c.actedAt).length,
      overdue: s.overdue,
      counts: { ...zeroes(CELL_STATUSES), ...s.counts },
      ackMedianMinutes: s.ackMinutes.median,
      ackP90Minutes: s.ackMinutes.p90,
      actMedianMinutes: s.actMinutes.median,
      actP90Minutes: s.actMinutes.p90,
      withinDeadlineShare: s.withinDeadlineShare,
    };
  });
}

/** Same judgement as the containment summary: a paused clock or a deadline still ahead is `open`. */
function verdict(due: Date | null, done: Date | null, paused: boolean, now: Date): DeadlineVerdict | null {
  if (!due) return null;
  if (done) return done <= due ? 'yes' : 'no';
  return due <= now && !paused ? 'no' : 'open';
}

function cellRows(cells: CellRecord[], itemById: Map<string, ItemRecord>, now: Date): ReportCellRow[] {
  const rows: { item: ItemRecord; cell: CellRecord }[] = [];
  for (const cell of cells) {
    const item = itemById.get(cell.itemId);
    if (item) rows.push({ item, cell });
  }
  rows.sort((a, b) => byCreation(a.item, b.item) || a.cell.platformKey.localeCompare(b.cell.platformKey));
  return rows.map(({ item, cell }) => {
    const paused = cell.pausedAt !== null;
    return {
      itemId: item.id,
      kind: item.kind,
      target: itemTarget(item),
      url: item.url,
      hashAlgorithm: item.hashAlgorithm,
      hashValue: hashValueInOneLine(item.hashAlgorithm, item.hashValue),
      accountPlatform: item.accountPlatform,
      accountHandle: item.accountHandle,
      channel: item.channel,
      platformKey: cell.platformKey,
      status: cell.status,
      createdAt: cell.createdAt.toISOString(),
      ackDueAt: iso(cell.ackDueAt),
      acknowledgedAt: iso(cell.acknowledgedAt),
      minutesToAcknowledge: cell.acknowledgedAt ? minutesBetween(cell.createdAt, cell.acknowledgedAt) : null,
      metAckDeadline: verdict(cell.ackDueAt, cell.acknowledgedAt, paused, now),
      actionDueAt: iso(cell.actionDueAt),
      actedAt: iso(cell.actedAt),
      minutesToAct: cell.actedAt ? minutesBetween(cell.createdAt, cell.actedAt) : null,
      metActionDeadline: verdict(cell.actionDueAt, cell.actedAt, paused, now),
    };
  });
}
