import {
  ANSWER_CHANNELS,
  CELL_STATUSES,
  CHANNELS,
  CONTENT_TYPES,
  ITEM_KINDS,
  type AnswerChannel,
} from '@hub/contracts';
import { answerNote } from '../incidents/answer-note';
import { percentile } from '../incidents/percentile';
import { hashValueInOneLine } from '../items/vpdq.frames';
import type { CellRecord, IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { EventRecord } from '../events/event.model';
import type { OrganisationRecord } from '../identity/identity.model';
import { deadlineVerdict, summariseContainment } from '../incidents/containment-summary';
import { onExerciseClock } from './exercise-time';
import {
  MOMENT_LABELS,
  type ExerciseReport,
  type ExerciseReportPart,
  type IncidentReport,
  type ReportCellRow,
  type ReportAckChannelRow,
  type ReportInput,
  type ReportMoment,
  type ReportParticipant,
  type ReportPlatformRow,
} from './report.model';

/**
 * The after-action report of an incident, from its records. A pure function of its input.
 *
 * Every part copies named fields, never whole records or event data: member names and ids, message texts,
 * rationales and item metadata other than the content type cannot reach a report, however the records grow.
 */
export function buildReport(input: ReportInput): IncidentReport {
  const names = new Map(input.organisations.map((o) => [o.id, o.name]));
  const nameOf = (id: string): string => names.get(id) ?? 'an organisation';
  const participants = participantsOf(input);
  // An exercise's containment is measured on its own clock, like its score (exercise-time.ts).
  const clock = input.exercise?.clock;
  const timed = clock ? { ...input, ...onExerciseClock(input.cells, input.now, clock) } : input;
  const report: IncidentReport = {
    generatedAt: input.now.toISOString(),
    incident: incidentPart(input.incident),
    timeline: timelinePart(input.events, names),
    participants: participants.map(participantOf),
    items: { ...itemsPart(input.items, input.cells, nameOf), ...bankHitsOf(input.events) },
    containment: {
      clock: clock ? 'exercise' : 'wall',
      ackDeadlineMinutes: ackDeadlineOf(timed.cells),
      platforms: platformRows(timed, participants),
      acknowledgedVia: acknowledgedVia(timed),
      rows: cellRows(timed, latestAnswers(input.events)),
    },
  };
  if (input.exercise) report.exercise = exercisePart(input.exercise);
  return report;
}

/**
 * What an item points at: the canonical URL, `algorithm:value` for a hash, `account on <platform>` for an
 * account. An account's handle is personal data (DOMAIN.md: reports carry none): the item id finds it in the hub.
 */
export function itemTarget(item: ItemRecord): string {
  if (item.kind === 'url') return item.url ?? '';
  if (item.kind === 'hash')
    return `${item.hashAlgorithm ?? '?'}:${hashValueInOneLine(item.hashAlgorithm, item.hashValue) ?? ''}`;
  if (item.kind === 'narrative') return `narrative: ${item.narrative?.title ?? '?'}`;
  return `account on ${item.accountPlatform ?? '?'}`;
}

/** Lifecycle moments, one per event; escalation steps come grouped (`escalationMoments`). */
const MOMENT_TYPES: ReadonlySet<string> = new Set(
  Object.keys(MOMENT_LABELS).filter((type) => type !== 'escalation.sent'),
);
/** Participants are listed coordinator first, then authorities, platforms and observers, each by name. */
const KIND_ORDER: Record<string, number> = { coordinator: 0, authority: 1, platform: 2, observer: 3, hub: 4 };

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const minutesBetween = (from: Date, to: Date): number =>
  Math.round(((to.getTime() - from.getTime()) / 60_000) * 10) / 10;
const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const byKey = (counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const texts = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const byCreation = (a: ItemRecord, b: ItemRecord): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);

function incidentPart(incident: IncidentRecord): IncidentReport['incident'] {
  return {
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
  };
}

function timelinePart(events: EventRecord[], names: Map<string, string>): IncidentReport['timeline'] {
  const countsByType: Record<string, number> = {};
  for (const e of events) countsByType[e.type] = (countsByType[e.type] ?? 0) + 1;
  const times = events.map((e) => e.at.getTime());
  return {
    events: events.length,
    firstEventAt: times.length ? new Date(Math.min(...times)).toISOString() : null,
    lastEventAt: times.length ? new Date(Math.max(...times)).toISOString() : null,
    countsByType: byKey(countsByType),
    // Messages are counted, never quoted: their text is the participants' own words.
    messages: countsByType['message.posted'] ?? 0,
    moments: [
      ...events.filter((e) => MOMENT_TYPES.has(e.type)).map((e) => momentOf(e, names)),
      ...escalationMoments(events),
    ].sort((a, b) => a.seq - b.seq),
  };
}

/**
 * Each escalation step as one moment: an e-mail batch appends one `escalation.sent` per cell it reached,
 * all at the same time, so those with the same platform, step, tiers and time are one step of the ladder.
 */
function escalationMoments(events: EventRecord[]): ReportMoment[] {
  const steps = new Map<string, ReportMoment>();
  for (const e of events) {
    if (e.type !== 'escalation.sent') continue;
    const data = e.data ?? {};
    const platformKey = text(data.platformKey) ?? '?';
    const step = text(data.step) ?? '?';
    const tiers = Array.isArray(data.tiers)
      ? data.tiers.filter((t): t is number => typeof t === 'number')
      : [];
    const coordinator = Array.isArray(data.coordinatorContactIds) && data.coordinatorContactIds.length > 0;
    const key = [platformKey, step, tiers.join('+'), coordinator, e.at.toISOString()].join('|');
    const known = steps.get(key);
    if (known) known.cells = (known.cells ?? 0) + 1;
    else
      steps.set(key, {
        seq: e.seq,
        type: e.type,
        at: e.at.toISOString(),
        by: 'hub',
        platformKey,
        step,
        tiers,
        coordinator,
        cells: 1,
      });
  }
  return [...steps.values()];
}

/** Picks only the lifecycle fields of an event's data; rationales, texts and member ids stay out. */
function momentOf(e: EventRecord, names: Map<string, string>): ReportMoment {
  const by = e.actor.organisationId ? (names.get(e.actor.organisationId) ?? null) : 'hub';
  const moment: ReportMoment = { seq: e.seq, type: e.type, at: e.at.toISOString(), by };
  const data = e.data ?? {};
  if (e.type === 'incident.level_changed') {
    const from = text(data.from);
    const to = text(data.to);
    if (from) moment.fromLevel = from;
    if (to) moment.toLevel = to;
  } else if (e.type === 'incident.participant_added') {
    moment.added = [
      ...texts(data.organisationIds).map((id) => names.get(id) ?? 'an organisation'),
      ...texts(data.platformKeys).map((key) => `platform ${key}`),
    ];
  } else {
    const status = text(data.status);
    const level = text(data.level);
    if (status) moment.status = status;
    if (level) moment.level = level;
  }
  return moment;
}

/** The organisations taking part: named in the incident, or a platform of it. */
function participantsOf({ incident, organisations }: ReportInput): OrganisationRecord[] {
  const ids = new Set(incident.participants);
  const platforms = new Set(incident.platforms);
  return organisations
    .filter((o) => ids.has(o.id) || (o.platformKey !== null && platforms.has(o.platformKey)))
    .sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.name.localeCompare(b.name));
}

/** Names, kinds and places only: no domains, webhooks or members. */
function participantOf(o: OrganisationRecord): ReportParticipant {
  return { name: o.name, kind: o.kind, country: o.country, platformKey: o.platformKey };
}

/** How many items hash banks knew, and by how many signals (each signal once per item). */
function bankHitsOf(events: EventRecord[]): Pick<IncidentReport['items'], 'knownToBanks' | 'bankHits'> {
  const items = new Set<string>();
  const hits = new Set<string>();
  for (const e of events) {
    if (e.type !== 'item.bank_matched') continue;
    const { itemId, signalId } = e.data as { itemId: string; signalId: string };
    items.add(itemId);
    hits.add(`${itemId} ${signalId}`);
  }
  return { knownToBanks: items.size, bankHits: hits.size };
}

function itemsPart(
  items: ItemRecord[],
  cells: CellRecord[],
  nameOf: (organisationId: string) => string,
): Omit<IncidentReport['items'], 'knownToBanks' | 'bankHits'> {
  const byKind = zeroes(ITEM_KINDS);
  const byChannel = zeroes(CHANNELS);
  const byContentType: Record<string, number> = {};
  const byTechnique: Record<string, number> = {};
  for (const item of items) {
    byKind[item.kind] += 1;
    for (const t of item.techniques ?? []) byTechnique[t] = (byTechnique[t] ?? 0) + 1;
    byChannel[item.channel] += 1;
    const type = contentTypeOf(item);
    byContentType[type] = (byContentType[type] ?? 0) + 1;
  }
  const platformsOf = (itemId: string): string[] =>
    cells
      .filter((c) => c.itemId === itemId)
      .map((c) => c.platformKey)
      .sort();
  return {
    total: items.length,
    byKind,
    byChannel,
    byContentType: byKey(byContentType),
    variants: items.filter((i) => i.variantOf !== null).length,
    reportedBySeveral: items.filter((i) => i.reporters.length > 1).length,
    byTechnique: byKey(byTechnique),
    narratives: items
      .filter((i) => i.narrative)
      .sort(byCreation)
      .map((i) => ({
        itemId: i.id,
        title: i.narrative!.title,
        keywords: [...i.narrative!.keywords],
        languages: [...i.narrative!.languages],
        examples: i.narrative!.examples.length,
        techniques: [...(i.techniques ?? [])],
      })),
    removalOrders: items
      .filter((i) => i.channel === 'removal_order')
      .sort(byCreation)
      .map((i) => ({
        itemId: i.id,
        target: itemTarget(i),
        legalReference: i.legalReference,
        issuedAt: i.createdAt.toISOString(),
        issuedBy: i.reporters.map(nameOf),
        platforms: platformsOf(i.id),
      })),
  };
}

/** Only the closed vocabulary is counted: metadata is free input and may hold anything. */
function contentTypeOf(item: ItemRecord): string {
  const type = item.metadata?.contentType;
  return typeof type === 'string' && (CONTENT_TYPES as readonly string[]).includes(type)
    ? type
    : 'unspecified';
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

/** The containment summary's figures per platform, with the platform's organisation by name. */
function platformRows(input: ReportInput, participants: OrganisationRecord[]): ReportPlatformRow[] {
  const { cells, now } = input;
  return summariseContainment(cells, input.incident.platforms, now).map((s) => {
    const mine = cells.filter((c) => c.platformKey === s.platformKey);
    return {
      platformKey: s.platformKey,
      organisation: participants.find((o) => o.platformKey === s.platformKey)?.name ?? null,
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

/**
 * Time to acknowledge by channel: each acknowledged cell counts for the channel of the event that first
 * acknowledged it (`email` when a contact answered through a mailed receipt link, else `hub`).
 */
function acknowledgedVia({ cells, events }: ReportInput): ReportAckChannelRow[] {
  const channelOf = new Map<string, 'hub' | 'email'>();
  for (const e of events) {
    if (e.type !== 'containment.updated' || !e.data?.acknowledgedAt) continue;
    const key = `${String(e.data.itemId)}:${String(e.data.platformKey)}`;
    if (!channelOf.has(key)) channelOf.set(key, e.data.contactId ? 'email' : 'hub');
  }
  const minutes: Record<'hub' | 'email', number[]> = { hub: [], email: [] };
  for (const cell of cells) {
    if (!cell.acknowledgedAt) continue;
    const channel = channelOf.get(`${cell.itemId}:${cell.platformKey}`) ?? 'hub';
    minutes[channel].push(minutesBetween(cell.createdAt, cell.acknowledgedAt));
  }
  return (['hub', 'email'] as const)
    .filter((channel) => minutes[channel].length > 0)
    .map((channel) => ({
      channel,
      acknowledged: minutes[channel].length,
      medianMinutes: percentile(minutes[channel], 50),
    }));
}

type CellAnswer = Pick<ReportCellRow, 'answeredVia' | 'reportedBy' | 'recordedBy' | 'answer'>;

/** Each cell's latest move: how its answer came and who recorded it (named fields only, never the actor). */
function latestAnswers(events: EventRecord[]): Map<string, CellAnswer> {
  const out = new Map<string, CellAnswer>();
  for (const e of events) {
    if (e.type !== 'containment.updated' || !e.data) continue;
    const d = e.data;
    const via = (ANSWER_CHANNELS as readonly unknown[]).includes(d.via) ? (d.via as AnswerChannel) : null;
    const facts = {
      via,
      reportedBy: text(d.reportedBy) ?? null,
      onBehalf: d.onBehalf === true,
      contactId: text(d.contactId) ?? null,
    };
    out.set(`${String(d.itemId)}:${String(d.platformKey)}`, {
      answeredVia: facts.contactId ? null : facts.onBehalf ? via : 'hub',
      reportedBy: facts.reportedBy,
      recordedBy: facts.contactId ? 'contact' : facts.onBehalf ? 'coordinator' : 'liaison',
      answer: answerNote(facts),
    });
  }
  return out;
}

const NO_ANSWER: CellAnswer = { answeredVia: null, reportedBy: null, recordedBy: null, answer: null };

/** One row per item and platform, oldest item first, with times, minutes and deadline verdicts. */
function cellRows({ items, cells, now }: ReportInput, answers: Map<string, CellAnswer>): ReportCellRow[] {
  const itemById = new Map(items.map((i) => [i.id, i]));
  const rows: { item: ItemRecord; cell: CellRecord }[] = [];
  for (const cell of cells) {
    const item = itemById.get(cell.itemId);
    if (item) rows.push({ item, cell });
  }
  rows.sort((a, b) => byCreation(a.item, b.item) || a.cell.platformKey.localeCompare(b.cell.platformKey));
  return rows.map(({ item, cell }) => {
    const paused = cell.pausedAt !== null;
    const minutesTo = (at: Date | null) => (at ? minutesBetween(cell.createdAt, at) : null);
    return {
      itemId: item.id,
      kind: item.kind,
      target: itemTarget(item),
      url: item.url,
      hashAlgorithm: item.hashAlgorithm,
      hashValue: hashValueInOneLine(item.hashAlgorithm, item.hashValue),
      accountPlatform: item.accountPlatform,
      channel: item.channel,
      platformKey: cell.platformKey,
      status: cell.status,
      createdAt: cell.createdAt.toISOString(),
      ackDueAt: iso(cell.ackDueAt),
      acknowledgedAt: iso(cell.acknowledgedAt),
      minutesToAcknowledge: minutesTo(cell.acknowledgedAt),
      metAckDeadline: deadlineVerdict(cell.ackDueAt, cell.acknowledgedAt, paused, now),
      actionDueAt: iso(cell.actionDueAt),
      actedAt: iso(cell.actedAt),
      minutesToAct: minutesTo(cell.actedAt),
      metActionDeadline: deadlineVerdict(cell.actionDueAt, cell.actedAt, paused, now),
      ...(answers.get(`${cell.itemId}:${cell.platformKey}`) ?? NO_ANSWER),
    };
  });
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
