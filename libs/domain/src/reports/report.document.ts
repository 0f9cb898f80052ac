import {
  formatNumber,
  hasMessage,
  translator,
  type Language,
  type MessageKey,
  type Translator,
} from '@hub/i18n';
import type { Block, Cell, DataTable, DocumentSection, ReportDocument, Table } from './document.model';
import type { ChartRow } from './report.chart';
import {
  MOMENT_LABELS,
  type IncidentReport,
  type ReportCellRow,
  type ReportMoment,
  type ReportNarrative,
} from './report.model';

/**
 * The after-action report laid out for people: the one walk over its sections that every format shares,
 * its headings and fixed phrases in `language`; titles, summaries and names stay as people typed them.
 */
export function reportDocument(report: IncidentReport, language: Language = 'en'): ReportDocument {
  const { incident } = report;
  const tr = translator(language);
  const sections = [
    incidentSection(report, tr),
    timelineSection(report, tr),
    participantsSection(report, tr),
    itemsSection(report, tr),
    platformsSection(report, tr, language),
    cellsSection(report, tr),
  ];
  if (report.exercise) sections.push(exerciseSection(report, tr));
  return {
    title: tr('report.title', { ref: incident.ref }),
    subtitle: incident.title,
    generated: tr('report.generated', { at: time(report.generatedAt) }),
    notice: tr('report.notice'),
    sections,
    language,
  };
}

/** The per item × platform table as data for spreadsheets: raw values, one column per field. */
export function containmentData(report: IncidentReport): DataTable {
  return {
    head: DATA_COLUMNS,
    rows: report.containment.rows.map((row) => DATA_COLUMNS.map((column) => row[column])),
  };
}

/** Median minutes to acknowledge per platform, against the level's acknowledgement deadline. */
export function ackMedianChartRows(report: IncidentReport): ChartRow[] {
  return report.containment.platforms
    .filter((p) => p.cells > 0)
    .map((p) => ({
      label: p.platformKey,
      minutes: p.ackMedianMinutes,
      limit: report.containment.ackDeadlineMinutes,
    }));
}

/** The exercise's acknowledge expectations: each platform's slowest acknowledgement against its deadline. */
export function exerciseChartRows(report: IncidentReport): ChartRow[] {
  return (report.exercise?.expectations ?? [])
    .filter((e) => e.kind === 'acknowledge')
    .map((e) => ({ label: e.platformKey, minutes: e.actualMinutes, limit: e.withinMinutes }));
}

// Wording shared by every format.

const humanise = (s: string): string => s.replace(/_/g, ' ');
/** A word of the catalogues for an enum value (`category.terrorist_content`), else the value in words. */
const word = (tr: Translator, prefix: string, value: string): string => {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? tr(key) : humanise(value);
};
// Times stay in the ISO order with UTC in every language: a report is read side by side across borders.
const time = (s: string | null | undefined): string => (s ? `${s.slice(0, 10)} ${s.slice(11, 19)} UTC` : '—');
const minutesIn =
  (tr: Translator) =>
  (n: number | null | undefined): string =>
    n === null || n === undefined ? '—' : tr('report.minutes', { minutes: n });
const share = (n: number | null): string => (n === null ? '—' : `${Math.round(n * 1000) / 10} %`);
const orDash = (s: string | null | undefined): string =>
  s === null || s === undefined || s === '' ? '—' : s;
const counts = (
  tr: Translator,
  title: string,
  column: string,
  byKey: Record<string, number>,
  label = (k: string) => k,
) =>
  table(
    [column, tr('report.count')],
    Object.entries(byKey).map(([key, n]) => [label(key), String(n)]),
    { title },
  );

function table(head: string[], rows: Cell[][], options: { title?: string; wide?: boolean } = {}): Table {
  return { kind: 'table', head, rows, ...options };
}

function momentDetail(m: ReportMoment, tr: Translator): string {
  const parts: string[] = [];
  const level = (l: string | undefined | null) => (l ? word(tr, 'level', l) : '?');
  if (m.fromLevel || m.toLevel)
    parts.push(tr('report.moment.levelChange', { from: level(m.fromLevel), to: level(m.toLevel) }));
  if (m.level) parts.push(tr('report.moment.level', { level: level(m.level) }));
  if (m.status) parts.push(tr('report.moment.status', { status: word(tr, 'incidentStatus', m.status) }));
  if (m.added?.length) parts.push(tr('report.moment.added', { names: m.added.join(', ') }));
  if (m.step) {
    const whom = m.tiers?.length
      ? tr('report.moment.tiers', { tiers: m.tiers.join(' + ') })
      : tr('report.moment.noContact');
    parts.push(
      tr('report.moment.escalation', {
        platform: m.platformKey ?? '',
        step: word(tr, 'report.step', m.step),
        whom,
        coordinator: m.coordinator ? 'yes' : 'no',
        cells: m.cells ?? 0,
      }),
    );
  }
  return parts.join('; ');
}

// The sections, in reading order.

function incidentSection({ incident: inc }: IncidentReport, tr: Translator): DocumentSection {
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        [tr('report.field.reference'), inc.ref],
        [tr('report.field.title'), inc.title],
        [tr('report.field.category'), word(tr, 'category', inc.category)],
        [tr('report.field.protocol'), inc.protocol],
        [tr('report.field.level'), word(tr, 'level', inc.level)],
        [tr('report.field.mode'), word(tr, 'mode', inc.mode)],
        [tr('report.field.status'), word(tr, 'incidentStatus', inc.status)],
        [tr('report.field.criteria'), inc.criteria.map(humanise).join(', ') || '—'],
        [tr('report.field.created'), time(inc.createdAt)],
        [tr('report.field.closed'), time(inc.closedAt)],
      ],
    },
  ];
  const summaries = [
    [tr('report.field.summary'), inc.summary],
    [tr('report.field.closingSummary'), inc.closingSummary],
    [tr('report.field.reviewSummary'), inc.reviewSummary],
  ] as const;
  for (const [title, text] of summaries) if (text) blocks.push({ kind: 'quote', title, text });
  return { title: tr('report.section.incident'), blocks };
}

function timelineSection({ timeline }: IncidentReport, tr: Translator): DocumentSection {
  return {
    title: tr('report.section.timeline'),
    blocks: [
      {
        kind: 'fields',
        fields: [
          [
            tr('report.field.events'),
            tr('report.eventsSpan', {
              count: timeline.events,
              from: time(timeline.firstEventAt),
              to: time(timeline.lastEventAt),
            }),
          ],
          [tr('report.field.messages'), String(timeline.messages)],
        ],
      },
      table(
        [
          tr('report.column.time'),
          tr('report.column.moment'),
          tr('report.column.by'),
          tr('report.column.detail'),
        ],
        timeline.moments.map((m) => [
          time(m.at),
          hasMessage(`moment.${m.type}`)
            ? tr(`moment.${m.type}` as MessageKey)
            : (MOMENT_LABELS[m.type] ?? m.type),
          orDash(m.by),
          momentDetail(m, tr) || '—',
        ]),
        { title: tr('report.table.keyMoments') },
      ),
      table(
        [tr('report.column.eventType'), tr('report.count')],
        Object.entries(timeline.countsByType).map(([type, n]) => [{ code: type }, String(n)]),
        { title: tr('report.table.eventsByType') },
      ),
    ],
  };
}

function participantsSection({ participants }: IncidentReport, tr: Translator): DocumentSection {
  const place = (p: IncidentReport['participants'][number]): string =>
    [p.country, p.platformKey].filter(Boolean).join(' · ') || '—';
  return {
    title: tr('report.section.participants'),
    blocks: [
      table(
        [tr('report.column.organisation'), tr('report.column.kind'), tr('report.column.place')],
        participants.map((p) => [p.name, p.kind, place(p)]),
      ),
    ],
  };
}

function itemsSection({ items }: IncidentReport, tr: Translator): DocumentSection {
  return {
    title: tr('report.section.items'),
    blocks: [
      {
        kind: 'paragraph',
        text: tr('report.itemsSummary', {
          total: items.total,
          variants: items.variants,
          several: items.reportedBySeveral,
          known: items.knownToBanks,
          hits: items.bankHits,
        }),
      },
      counts(tr, tr('report.table.byKind'), tr('report.column.kind'), items.byKind),
      counts(tr, tr('report.table.byChannel'), tr('report.column.channel'), items.byChannel, (k) =>
        word(tr, 'channel', k),
      ),
      counts(tr, tr('report.table.byContentType'), tr('report.column.contentType'), items.byContentType),
      // Shown only when an item named a technique or a narrative was shared: most incidents have neither.
      ...(Object.keys(items.byTechnique).length
        ? [counts(tr, tr('report.table.byTechnique'), tr('report.column.technique'), items.byTechnique)]
        : []),
      ...(items.narratives.length ? [narrativesTable(items.narratives, tr)] : []),
      table(
        [
          tr('report.column.item'),
          tr('report.column.target'),
          tr('report.column.legalReference'),
          tr('report.column.issued'),
          tr('report.column.issuedBy'),
          tr('report.column.platforms'),
        ],
        items.removalOrders.map((r) => [
          { code: r.itemId },
          { code: r.target },
          orDash(r.legalReference),
          time(r.issuedAt),
          r.issuedBy.join(', ') || '—',
          r.platforms.join(', ') || '—',
        ]),
        { title: tr('report.table.removalOrders') },
      ),
    ],
  };
}

function narrativesTable(narratives: ReportNarrative[], tr: Translator): Table {
  return table(
    [
      tr('report.column.item'),
      tr('report.column.narrative'),
      tr('report.column.keywords'),
      tr('report.column.languages'),
      tr('report.column.examples'),
      tr('report.column.techniques'),
    ],
    narratives.map((n) => [
      { code: n.itemId },
      n.title,
      n.keywords.join(', ') || '—',
      n.languages.join(', ') || '—',
      String(n.examples),
      n.techniques.join(', ') || '—',
    ]),
    { title: tr('report.table.narratives') },
  );
}

function platformsSection(report: IncidentReport, tr: Translator, language: Language): DocumentSection {
  const { containment } = report;
  const minutes = minutesIn(tr);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        tr('report.ackDeadline', { deadline: minutes(containment.ackDeadlineMinutes) }) +
        (containment.clock === 'exercise'
          ? ` ${tr('report.exerciseClock', { speed: formatNumber(language, report.exercise?.speed ?? 1) })}`
          : ''),
    },
    table(
      [
        tr('report.column.platform'),
        tr('report.column.cells'),
        tr('report.column.acknowledged'),
        tr('report.column.acted'),
        tr('report.column.overdue'),
        tr('report.column.ackMedian'),
        tr('report.column.ackP90'),
        tr('report.column.actMedian'),
        tr('report.column.actP90'),
        tr('report.column.withinDeadline'),
      ],
      containment.platforms.map((p) => [
        p.organisation ? `${p.platformKey} (${p.organisation})` : p.platformKey,
        String(p.cells),
        String(p.acknowledged),
        String(p.acted),
        String(p.overdue),
        minutes(p.ackMedianMinutes),
        minutes(p.ackP90Minutes),
        minutes(p.actMedianMinutes),
        minutes(p.actP90Minutes),
        share(p.withinDeadlineShare),
      ]),
      { wide: true },
    ),
  ];
  blocks.push(
    table(
      [
        tr('report.column.platform'),
        ...OUTCOMES.map((o) => word(tr, 'cellStatus', o)),
        tr('report.column.stillOpen'),
      ],
      containment.platforms.map((p) => {
        const decided = OUTCOMES.reduce((n, o) => n + (p.counts[o] ?? 0), 0);
        return [p.platformKey, ...OUTCOMES.map((o) => String(p.counts[o] ?? 0)), String(p.cells - decided)];
      }),
      { title: tr('report.table.outcomesPerPlatform'), wide: true },
    ),
  );
  // Shown once a contact has answered by e-mail: how the two channels compare.
  if (containment.acknowledgedVia.some((v) => v.channel === 'email')) {
    const via = containment.acknowledgedVia.map((v) =>
      tr(v.channel === 'email' ? 'report.via.email' : 'report.via.hub', {
        count: v.acknowledged,
        median: minutes(v.medianMinutes),
      }),
    );
    blocks.push({ kind: 'paragraph', text: tr('report.acknowledgedVia', { parts: via.join('; ') }) });
  }
  const rows = ackMedianChartRows(report);
  if (rows.length) blocks.push({ kind: 'chart', title: tr('report.chart.ackMedian'), rows });
  return { title: tr('report.section.platforms'), blocks };
}

/** The per item × platform table: one column definition for every format. */
const CELL_COLUMNS: [MessageKey, (r: ReportCellRow, tr: Translator) => Cell][] = [
  ['report.column.item', (r) => ({ code: r.itemId })],
  ['report.column.kind', (r, tr) => word(tr, 'itemKind', r.kind)],
  ['report.column.target', (r) => ({ code: r.target })],
  ['report.column.channel', (r, tr) => word(tr, 'channel', r.channel)],
  ['report.column.platform', (r) => r.platformKey],
  ['report.column.status', (r, tr) => word(tr, 'cellStatus', r.status)],
  ['report.column.created', (r) => time(r.createdAt)],
  ['report.column.ackDue', (r) => time(r.ackDueAt)],
  ['report.column.acknowledged', (r) => time(r.acknowledgedAt)],
  ['report.column.minToAck', (r, tr) => minutesIn(tr)(r.minutesToAcknowledge)],
  ['report.column.ackInTime', (r) => ({ verdict: r.metAckDeadline })],
  ['report.column.actionDue', (r) => time(r.actionDueAt)],
  ['report.column.acted', (r) => time(r.actedAt)],
  ['report.column.minToAct', (r, tr) => minutesIn(tr)(r.minutesToAct)],
  ['report.column.actInTime', (r) => ({ verdict: r.metActionDeadline })],
  ['report.column.answer', (r) => orDash(r.answer)],
];

/** A platform's outcomes, as the containment machine ends a cell. */
const OUTCOMES = [
  'removed',
  'restricted',
  'labelled',
  'demoted',
  'not_found',
  'no_action',
  'cannot_comply',
] as const;

function cellsSection({ containment }: IncidentReport, tr: Translator): DocumentSection {
  return {
    title: tr('report.section.cells'),
    blocks: [
      table(
        CELL_COLUMNS.map(([header]) => tr(header)),
        containment.rows.map((row) => CELL_COLUMNS.map(([, cell]) => cell(row, tr))),
        { wide: true },
      ),
    ],
  };
}

function exerciseSection(report: IncidentReport, tr: Translator): DocumentSection {
  const exercise = report.exercise!;
  const minutes = minutesIn(tr);
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        [tr('report.field.scenario'), exercise.scenarioName],
        [tr('report.field.speed'), `${exercise.speed}×`],
        [tr('report.field.runStatus'), exercise.status],
        [tr('report.field.overall'), tr('report.overallScore', { score: exercise.overall })],
        [
          tr('report.field.expectations'),
          tr('report.expectationsMet', { met: exercise.met, missed: exercise.missed }),
        ],
      ],
    },
    table(
      [
        tr('report.column.at'),
        tr('report.column.by'),
        tr('report.column.action'),
        tr('report.column.fired'),
        tr('report.column.event'),
      ],
      exercise.injects.map((i) => [
        i.at,
        i.by,
        humanise(i.do),
        i.firedAt ? time(i.firedAt) : tr('report.notFired'),
        i.seq === undefined ? '—' : `#${i.seq}`,
      ]),
      { title: tr('report.table.injects') },
    ),
    table(
      [
        tr('report.column.platform'),
        tr('report.column.expectation'),
        tr('report.column.within'),
        tr('report.column.actual'),
        tr('report.column.result'),
      ],
      exercise.expectations.map((e) => [
        e.platformKey,
        e.kind,
        minutes(e.withinMinutes),
        e.actualMinutes === null ? tr('report.never') : minutes(e.actualMinutes),
        { met: e.met },
      ]),
      { title: tr('report.table.expectations') },
    ),
  ];
  const rows = exerciseChartRows(report);
  if (rows.length) {
    blocks.push({ kind: 'chart', title: tr('report.chart.exercise'), rows });
  }
  return { title: tr('report.section.exercise'), blocks };
}

/** The CSV's columns: the report's own field names, so a spreadsheet reads like the JSON. */
const DATA_COLUMNS: (keyof ReportCellRow)[] = [
  'itemId',
  'kind',
  'url',
  'hashAlgorithm',
  'hashValue',
  'accountPlatform',
  'channel',
  'platformKey',
  'status',
  'createdAt',
  'ackDueAt',
  'acknowledgedAt',
  'minutesToAcknowledge',
  'metAckDeadline',
  'actionDueAt',
  'actedAt',
  'minutesToAct',
  'metActionDeadline',
  'answeredVia',
  'reportedBy',
  'recordedBy',
];
