import type { Block, Cell, DataTable, DocumentSection, ReportDocument, Table } from './document.model';
import type { ChartRow } from './report.chart';
import {
  MOMENT_LABELS,
  type IncidentReport,
  type ReportCellRow,
  type ReportMoment,
  type ReportNarrative,
} from './report.model';

/** The after-action report laid out for people: the one walk over its sections that every format shares. */
export function reportDocument(report: IncidentReport): ReportDocument {
  const { incident } = report;
  const sections = [
    incidentSection(report),
    timelineSection(report),
    participantsSection(report),
    itemsSection(report),
    platformsSection(report),
    cellsSection(report),
  ];
  if (report.exercise) sections.push(exerciseSection(report));
  return {
    title: `After-action report: ${incident.ref}`,
    subtitle: incident.title,
    generated: `Generated ${time(report.generatedAt)}`,
    notice: NO_PERSONAL_DATA,
    sections,
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

const NO_PERSONAL_DATA =
  'This report carries no personal data: member names and ids, uploader and account handles and message texts are left out (messages are counted; an account is named by its platform and item id). An answer a coordinator recorded for a platform shows who at the platform gave it, as the coordinator wrote it.';

const humanise = (s: string): string => s.replace(/_/g, ' ');
const time = (s: string | null | undefined): string => (s ? `${s.slice(0, 10)} ${s.slice(11, 19)} UTC` : '—');
const minutes = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${n} min`);
const share = (n: number | null): string => (n === null ? '—' : `${Math.round(n * 1000) / 10} %`);
const orDash = (s: string | null | undefined): string =>
  s === null || s === undefined || s === '' ? '—' : s;
const counts = (title: string, column: string, byKey: Record<string, number>, label = (k: string) => k) =>
  table(
    [column, 'Count'],
    Object.entries(byKey).map(([key, n]) => [label(key), String(n)]),
    { title },
  );

function table(head: string[], rows: Cell[][], options: { title?: string; wide?: boolean } = {}): Table {
  return { kind: 'table', head, rows, ...options };
}

function momentDetail(m: ReportMoment): string {
  const parts: string[] = [];
  if (m.fromLevel || m.toLevel) parts.push(`level ${m.fromLevel ?? '?'} → ${m.toLevel ?? '?'}`);
  if (m.level) parts.push(`level ${m.level}`);
  if (m.status) parts.push(`status ${humanise(m.status)}`);
  if (m.added?.length) parts.push(`added ${m.added.join(', ')}`);
  if (m.step) {
    const whom = m.tiers?.length ? `tier ${m.tiers.join(' and ')}` : 'no contact';
    const cells = `${m.cells ?? 0} item${m.cells === 1 ? '' : 's'}`;
    parts.push(
      `${m.platformKey}: ${humanise(m.step)}, ${whom}${m.coordinator ? ' and the coordinator' : ''}, ${cells}`,
    );
  }
  return parts.join('; ');
}

// The sections, in reading order.

function incidentSection({ incident: inc }: IncidentReport): DocumentSection {
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        ['Reference', inc.ref],
        ['Title', inc.title],
        ['Category', humanise(inc.category)],
        ['Protocol', inc.protocol],
        ['Level', inc.level],
        ['Mode', inc.mode],
        ['Status', humanise(inc.status)],
        ['Criteria met', inc.criteria.map(humanise).join(', ') || '—'],
        ['Created', time(inc.createdAt)],
        ['Closed', time(inc.closedAt)],
      ],
    },
  ];
  const summaries = [
    ['Summary', inc.summary],
    ['Closing summary', inc.closingSummary],
    ['Review summary', inc.reviewSummary],
  ] as const;
  for (const [title, text] of summaries) if (text) blocks.push({ kind: 'quote', title, text });
  return { title: 'Incident', blocks };
}

function timelineSection({ timeline }: IncidentReport): DocumentSection {
  return {
    title: 'Timeline',
    blocks: [
      {
        kind: 'fields',
        fields: [
          [
            'Events',
            `${timeline.events}, from ${time(timeline.firstEventAt)} to ${time(timeline.lastEventAt)}`,
          ],
          ['Messages posted', String(timeline.messages)],
        ],
      },
      table(
        ['Time', 'Moment', 'By', 'Detail'],
        timeline.moments.map((m) => [
          time(m.at),
          MOMENT_LABELS[m.type] ?? m.type,
          orDash(m.by),
          momentDetail(m) || '—',
        ]),
        { title: 'Key moments' },
      ),
      table(
        ['Event type', 'Count'],
        Object.entries(timeline.countsByType).map(([type, n]) => [{ code: type }, String(n)]),
        { title: 'Events by type' },
      ),
    ],
  };
}

function participantsSection({ participants }: IncidentReport): DocumentSection {
  const place = (p: IncidentReport['participants'][number]): string =>
    [p.country, p.platformKey].filter(Boolean).join(' · ') || '—';
  return {
    title: 'Participants',
    blocks: [
      table(
        ['Organisation', 'Kind', 'Country / platform'],
        participants.map((p) => [p.name, p.kind, place(p)]),
      ),
    ],
  };
}

function itemsSection({ items }: IncidentReport): DocumentSection {
  return {
    title: 'Items',
    blocks: [
      {
        kind: 'paragraph',
        text:
          `${items.total} items; ${items.variants} linked as variants; ${items.reportedBySeveral} reported by several organisations; ` +
          `${items.knownToBanks} found in hash banks (${items.bankHits} bank hits).`,
      },
      counts('By kind', 'Kind', items.byKind),
      counts('By channel', 'Channel', items.byChannel, humanise),
      counts('By content type', 'Content type', items.byContentType),
      // Shown only when an item named a technique or a narrative was shared: most incidents have neither.
      ...(Object.keys(items.byTechnique).length
        ? [counts('By DISARM technique', 'Technique', items.byTechnique)]
        : []),
      ...(items.narratives.length ? [narrativesTable(items.narratives)] : []),
      table(
        ['Item', 'Target', 'Legal reference', 'Issued', 'Issued by', 'Platforms'],
        items.removalOrders.map((r) => [
          { code: r.itemId },
          { code: r.target },
          orDash(r.legalReference),
          time(r.issuedAt),
          r.issuedBy.join(', ') || '—',
          r.platforms.join(', ') || '—',
        ]),
        { title: 'Removal orders' },
      ),
    ],
  };
}

function narrativesTable(narratives: ReportNarrative[]): Table {
  return table(
    ['Item', 'Narrative', 'Keywords', 'Languages', 'Examples', 'Techniques'],
    narratives.map((n) => [
      { code: n.itemId },
      n.title,
      n.keywords.join(', ') || '—',
      n.languages.join(', ') || '—',
      String(n.examples),
      n.techniques.join(', ') || '—',
    ]),
    { title: 'Narratives' },
  );
}

function platformsSection(report: IncidentReport): DocumentSection {
  const { containment } = report;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        `Acknowledgement deadline at this level: ${minutes(containment.ackDeadlineMinutes)}.` +
        (containment.clock === 'exercise'
          ? ` Times, minutes and deadlines of this exercise are on its clock (scenario time at ${report.exercise?.speed ?? 1}×, from the run's start), as its score is.`
          : ''),
    },
    table(
      [
        'Platform',
        'Cells',
        'Acknowledged',
        'Acted',
        'Overdue now',
        'Ack median',
        'Ack p90',
        'Act median',
        'Act p90',
        'Within deadline',
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
      ['Platform', ...OUTCOMES.map(humanise), 'Still open'],
      containment.platforms.map((p) => {
        const decided = OUTCOMES.reduce((n, o) => n + (p.counts[o] ?? 0), 0);
        return [p.platformKey, ...OUTCOMES.map((o) => String(p.counts[o] ?? 0)), String(p.cells - decided)];
      }),
      { title: 'Outcomes per platform', wide: true },
    ),
  );
  // Shown once a contact has answered by e-mail: how the two channels compare.
  if (containment.acknowledgedVia.some((v) => v.channel === 'email')) {
    const via = containment.acknowledgedVia.map(
      (v) =>
        `${v.channel === 'email' ? 'through e-mailed receipt links' : 'in the hub'}: ${v.acknowledged}, median ${minutes(v.medianMinutes)}`,
    );
    blocks.push({ kind: 'paragraph', text: `Acknowledged ${via.join('; ')}.` });
  }
  const rows = ackMedianChartRows(report);
  if (rows.length) blocks.push({ kind: 'chart', title: 'Median minutes to acknowledge per platform', rows });
  return { title: 'Containment per platform', blocks };
}

/** The per item × platform table: one column definition for every format. */
const CELL_COLUMNS: [string, (r: ReportCellRow) => Cell][] = [
  ['Item', (r) => ({ code: r.itemId })],
  ['Kind', (r) => r.kind],
  ['Target', (r) => ({ code: r.target })],
  ['Channel', (r) => humanise(r.channel)],
  ['Platform', (r) => r.platformKey],
  ['Status', (r) => humanise(r.status)],
  ['Created', (r) => time(r.createdAt)],
  ['Ack due', (r) => time(r.ackDueAt)],
  ['Acknowledged', (r) => time(r.acknowledgedAt)],
  ['Min to ack', (r) => minutes(r.minutesToAcknowledge)],
  ['Ack in time', (r) => ({ verdict: r.metAckDeadline })],
  ['Action due', (r) => time(r.actionDueAt)],
  ['Acted', (r) => time(r.actedAt)],
  ['Min to act', (r) => minutes(r.minutesToAct)],
  ['Act in time', (r) => ({ verdict: r.metActionDeadline })],
  ['Answer', (r) => orDash(r.answer)],
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

function cellsSection({ containment }: IncidentReport): DocumentSection {
  return {
    title: 'Containment per item and platform',
    blocks: [
      table(
        CELL_COLUMNS.map(([header]) => header),
        containment.rows.map((row) => CELL_COLUMNS.map(([, cell]) => cell(row))),
        { wide: true },
      ),
    ],
  };
}

function exerciseSection(report: IncidentReport): DocumentSection {
  const exercise = report.exercise!;
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        ['Scenario', exercise.scenarioName],
        ['Speed', `${exercise.speed}×`],
        ['Run status', exercise.status],
        ['Overall score', `${exercise.overall} / 100`],
        ['Expectations', `${exercise.met} met, ${exercise.missed} missed`],
      ],
    },
    table(
      ['At', 'By', 'Action', 'Fired', 'Event'],
      exercise.injects.map((i) => [
        i.at,
        i.by,
        humanise(i.do),
        i.firedAt ? time(i.firedAt) : 'not fired',
        i.seq === undefined ? '—' : `#${i.seq}`,
      ]),
      { title: 'Injects' },
    ),
    table(
      ['Platform', 'Expectation', 'Within', 'Actual', 'Result'],
      exercise.expectations.map((e) => [
        e.platformKey,
        e.kind,
        minutes(e.withinMinutes),
        e.actualMinutes === null ? 'never' : minutes(e.actualMinutes),
        { met: e.met },
      ]),
      { title: 'Expectations' },
    ),
  ];
  const rows = exerciseChartRows(report);
  if (rows.length) {
    blocks.push({ kind: 'chart', title: 'Exercise: time to acknowledge per platform (slowest)', rows });
  }
  return { title: 'Exercise', blocks };
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
