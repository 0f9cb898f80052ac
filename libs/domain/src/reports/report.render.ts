import { MOMENT_LABELS, type IncidentReport, type ReportCellRow } from './report.model';
import { escapeXml, renderChartSvg, type ChartRow } from './report.chart';

// ---------------------------------------------------------------------------------------------------------
// Shared wording
// ---------------------------------------------------------------------------------------------------------

const NO_PERSONAL_DATA =
  'This report carries no personal data: member names and ids, uploader handles and message texts are left out (messages are counted).';

const humanise = (s: string): string => s.replace(/_/g, ' ');
const time = (s: string | null | undefined): string => (s ? `${s.slice(0, 10)} ${s.slice(11, 19)} UTC` : '—');
const minutes = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${n} min`);
const share = (n: number | null): string => (n === null ? '—' : `${Math.round(n * 1000) / 10} %`);
const verdict = (v: ReportCellRow['metAckDeadline']): string => v ?? 'no deadline';

type CellValue =
  { kind: 'text' | 'code'; text: string } | { kind: 'verdict'; verdict: ReportCellRow['metAckDeadline'] };
const text = (t: string): CellValue => ({ kind: 'text', text: t });

/** The per item × platform table, one definition for Markdown and HTML (each escapes in its own way). */
const CELL_COLUMNS: [string, (r: ReportCellRow) => CellValue][] = [
  ['Item', (r) => ({ kind: 'code', text: r.itemId })],
  ['Kind', (r) => text(r.kind)],
  ['Target', (r) => ({ kind: 'code', text: r.target })],
  ['Channel', (r) => text(humanise(r.channel))],
  ['Platform', (r) => text(r.platformKey)],
  ['Status', (r) => text(humanise(r.status))],
  ['Created', (r) => text(time(r.createdAt))],
  ['Ack due', (r) => text(time(r.ackDueAt))],
  ['Acknowledged', (r) => text(time(r.acknowledgedAt))],
  ['Min to ack', (r) => text(minutes(r.minutesToAcknowledge))],
  ['Ack in time', (r) => ({ kind: 'verdict', verdict: r.metAckDeadline })],
  ['Action due', (r) => text(time(r.actionDueAt))],
  ['Acted', (r) => text(time(r.actedAt))],
  ['Min to act', (r) => text(minutes(r.minutesToAct))],
  ['Act in time', (r) => ({ kind: 'verdict', verdict: r.metActionDeadline })],
];
const orDash = (s: string | null | undefined): string =>
  s === null || s === undefined || s === '' ? '—' : s;

function momentDetail(m: IncidentReport['timeline']['moments'][number]): string {
  const parts: string[] = [];
  if (m.fromLevel || m.toLevel) parts.push(`level ${m.fromLevel ?? '?'} → ${m.toLevel ?? '?'}`);
  if (m.level) parts.push(`level ${m.level}`);
  if (m.status) parts.push(`status ${humanise(m.status)}`);
  if (m.added?.length) parts.push(`added ${m.added.join(', ')}`);
  return parts.join('; ');
}

function participantPlace(p: IncidentReport['participants'][number]): string {
  return [p.country, p.platformKey].filter(Boolean).join(' · ') || '—';
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

const ACK_CHART_TITLE = 'Median minutes to acknowledge per platform';
const EXERCISE_CHART_TITLE = 'Exercise: time to acknowledge per platform (slowest)';

// ---------------------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------------------

/** Inline text: HTML is neutralised (Markdown renders raw HTML) and Markdown syntax is escaped. */
function md(s: string): string {
  return s
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** Literal text in a table cell (ids, URLs, hashes): a code span long enough for any backticks inside. */
function mdCode(s: string): string {
  const flat = s.replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|');
  if (flat === '') return '—';
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A multi-line text as a block quote, each line escaped so it cannot start a heading or a list. */
function mdQuote(s: string): string {
  return s
    .split(/\r\n?|\n/)
    .map((line) => {
      const escaped = md(line)
        .replace(/^(\s*)([#>+\-=])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2');
      return `> ${escaped}`.trimEnd();
    })
    .join('\n');
}

function mdTable(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '_None._';
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function mdChart(rows: ChartRow[], title: string): string {
  const data = Buffer.from(renderChartSvg(rows, title), 'utf8').toString('base64');
  return `![${md(title)}](data:image/svg+xml;base64,${data})`;
}

export function renderMarkdown(report: IncidentReport): string {
  const { incident: inc, timeline, items, containment, exercise } = report;
  const out: string[] = [];
  out.push(`# After-action report: ${md(inc.ref)}: ${md(inc.title)}`, '');
  out.push(`_Generated ${time(report.generatedAt)}. ${md(NO_PERSONAL_DATA)}_`, '');

  out.push('## Incident', '');
  out.push(
    mdTable(
      ['Field', 'Value'],
      [
        ['Reference', md(inc.ref)],
        ['Title', md(inc.title)],
        ['Category', md(humanise(inc.category))],
        ['Protocol', md(inc.protocol)],
        ['Level', md(inc.level)],
        ['Mode', md(inc.mode)],
        ['Status', md(humanise(inc.status))],
        ['Criteria met', inc.criteria.length ? inc.criteria.map((c) => md(humanise(c))).join(', ') : '—'],
        ['Created', time(inc.createdAt)],
        ['Closed', time(inc.closedAt)],
      ],
    ),
    '',
  );
  for (const [heading, text] of [
    ['Summary', inc.summary],
    ['Closing summary', inc.closingSummary],
    ['Review summary', inc.reviewSummary],
  ] as const) {
    if (text) out.push(`### ${heading}`, '', mdQuote(text), '');
  }

  out.push('## Timeline', '');
  out.push(
    `- Events: ${timeline.events}, from ${time(timeline.firstEventAt)} to ${time(timeline.lastEventAt)}`,
    `- Messages posted: ${timeline.messages}`,
    '',
    '### Key moments',
    '',
    mdTable(
      ['Time', 'Moment', 'By', 'Detail'],
      timeline.moments.map((m) => [
        time(m.at),
        md(MOMENT_LABELS[m.type] ?? m.type),
        md(orDash(m.by)),
        md(momentDetail(m) || '—'),
      ]),
    ),
    '',
    '### Events by type',
    '',
    mdTable(
      ['Event type', 'Count'],
      Object.entries(timeline.countsByType).map(([type, n]) => [mdCode(type), String(n)]),
    ),
    '',
  );

  out.push('## Participants', '');
  out.push(
    mdTable(
      ['Organisation', 'Kind', 'Country / platform'],
      report.participants.map((p) => [md(p.name), md(p.kind), md(participantPlace(p))]),
    ),
    '',
  );

  out.push('## Items', '');
  out.push(
    `${items.total} items; ${items.variants} linked as variants; ${items.reportedBySeveral} reported by several organisations.`,
    '',
    mdTable(
      ['By kind', 'Count'],
      Object.entries(items.byKind).map(([k, n]) => [md(k), String(n)]),
    ),
    '',
    mdTable(
      ['By channel', 'Count'],
      Object.entries(items.byChannel).map(([k, n]) => [md(humanise(k)), String(n)]),
    ),
    '',
    mdTable(
      ['By content type', 'Count'],
      Object.entries(items.byContentType).map(([k, n]) => [md(k), String(n)]),
    ),
    '',
    '### Removal orders',
    '',
    mdTable(
      ['Item', 'Target', 'Legal reference', 'Issued', 'Issued by', 'Platforms'],
      items.removalOrders.map((r) => [
        mdCode(r.itemId),
        mdCode(r.target),
        md(orDash(r.legalReference)),
        time(r.issuedAt),
        md(r.issuedBy.join(', ') || '—'),
        md(r.platforms.join(', ') || '—'),
      ]),
    ),
    '',
  );

  out.push('## Containment per platform', '');
  out.push(`Acknowledgement deadline at this level: ${minutes(containment.ackDeadlineMinutes)}.`, '');
  out.push(
    mdTable(
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
        md(p.organisation ? `${p.platformKey} (${p.organisation})` : p.platformKey),
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
    ),
    '',
  );
  const ackRows = ackMedianChartRows(report);
  if (ackRows.length) out.push(mdChart(ackRows, ACK_CHART_TITLE), '');

  out.push('## Containment per item and platform', '');
  out.push(
    mdTable(
      CELL_COLUMNS.map(([header]) => header),
      containment.rows.map((r) =>
        CELL_COLUMNS.map(([, value]) => {
          const cell = value(r);
          return cell.kind === 'code'
            ? mdCode(cell.text)
            : cell.kind === 'verdict'
              ? verdict(cell.verdict)
              : md(cell.text);
        }),
      ),
    ),
    '',
  );

  if (exercise) {
    out.push('## Exercise', '');
    out.push(
      `- Scenario: ${md(exercise.scenarioName)}`,
      `- Speed: ${exercise.speed}×`,
      `- Run status: ${md(exercise.status)}`,
      `- Overall score: ${exercise.overall} / 100`,
      `- Expectations: ${exercise.met} met, ${exercise.missed} missed`,
      '',
      '### Injects',
      '',
      mdTable(
        ['At', 'By', 'Action', 'Fired', 'Event'],
        exercise.injects.map((i) => [
          md(i.at),
          md(i.by),
          md(humanise(i.do)),
          i.firedAt ? time(i.firedAt) : 'not fired',
          i.seq === undefined ? '—' : `#${i.seq}`,
        ]),
      ),
      '',
      '### Expectations',
      '',
      mdTable(
        ['Platform', 'Expectation', 'Within', 'Actual', 'Result'],
        exercise.expectations.map((e) => [
          md(e.platformKey),
          md(e.kind),
          minutes(e.withinMinutes),
          e.actualMinutes === null ? 'never' : minutes(e.actualMinutes),
          e.met ? '**met**' : '**missed**',
        ]),
      ),
      '',
    );
    const exRows = exerciseChartRows(report);
    if (exRows.length) out.push(mdChart(exRows, EXERCISE_CHART_TITLE), '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------------------

const h = escapeXml;

function htmlTable(head: string[], rows: string[][], caption?: string): string {
  if (rows.length === 0) return '<p class="none">None.</p>';
  return [
    '<table>',
    caption ? `<caption>${h(caption)}</caption>` : '',
    `<thead><tr>${head.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    // Cells arrive already escaped by the caller (some hold markup such as <code>).
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ]
    .filter(Boolean)
    .join('\n');
}

const code = (s: string): string => (s === '' ? '—' : `<code>${h(s)}</code>`);
const para = (s: string): string =>
  s
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => `<p>${h(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
const verdictCell = (v: ReportCellRow['metAckDeadline']): string =>
  `<span class="v-${v ?? 'none'}">${h(verdict(v))}</span>`;

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;margin:2rem auto;max-width:72rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
.meta{color:#555;font-size:.9rem}.notice{background:#f3f6f9;border-left:4px solid #2f6f9f;padding:.5rem .8rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.85rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f0}
td code{font-size:.8rem;word-break:break-all}.wide{overflow-x:auto}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:4px solid #ddd;background:#fafafa}
.v-yes{color:#1f5f1f}.v-no{color:#9a3412;font-weight:700}.v-open{color:#555}.v-none{color:#777}
.met{color:#1f5f1f;font-weight:700}.missed{color:#9a3412;font-weight:700}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}.wide{overflow:visible}}
`.trim();

export function renderHtml(report: IncidentReport): string {
  const { incident: inc, timeline, items, containment, exercise } = report;
  const body: string[] = [];
  body.push(
    `<h1>After-action report: ${h(inc.ref)}</h1>`,
    `<p class="meta">${h(inc.title)}</p>`,
    `<p class="meta">Generated ${h(time(report.generatedAt))}</p>`,
    `<p class="notice">${h(NO_PERSONAL_DATA)}</p>`,
  );

  body.push('<section><h2>Incident</h2><dl>');
  const fields: [string, string][] = [
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
  ];
  for (const [k, v] of fields) body.push(`<dt>${h(k)}</dt><dd>${h(v)}</dd>`);
  body.push('</dl>');
  for (const [heading, text] of [
    ['Summary', inc.summary],
    ['Closing summary', inc.closingSummary],
    ['Review summary', inc.reviewSummary],
  ] as const) {
    if (text) body.push(`<h3>${h(heading)}</h3><blockquote>${para(text)}</blockquote>`);
  }
  body.push('</section>');

  body.push(
    '<section><h2>Timeline</h2>',
    `<p>${timeline.events} events, from ${h(time(timeline.firstEventAt))} to ${h(time(timeline.lastEventAt))}; ${timeline.messages} messages posted.</p>`,
    htmlTable(
      ['Time', 'Moment', 'By', 'Detail'],
      timeline.moments.map((m) => [
        h(time(m.at)),
        h(MOMENT_LABELS[m.type] ?? m.type),
        h(orDash(m.by)),
        h(momentDetail(m) || '—'),
      ]),
      'Key moments',
    ),
    htmlTable(
      ['Event type', 'Count'],
      Object.entries(timeline.countsByType).map(([type, n]) => [code(type), String(n)]),
      'Events by type',
    ),
    '</section>',
  );

  body.push(
    '<section><h2>Participants</h2>',
    htmlTable(
      ['Organisation', 'Kind', 'Country / platform'],
      report.participants.map((p) => [h(p.name), h(p.kind), h(participantPlace(p))]),
    ),
    '</section>',
  );

  body.push(
    '<section><h2>Items</h2>',
    `<p>${items.total} items; ${items.variants} linked as variants; ${items.reportedBySeveral} reported by several organisations.</p>`,
    htmlTable(
      ['Kind', 'Count'],
      Object.entries(items.byKind).map(([k, n]) => [h(k), String(n)]),
      'By kind',
    ),
    htmlTable(
      ['Channel', 'Count'],
      Object.entries(items.byChannel).map(([k, n]) => [h(humanise(k)), String(n)]),
      'By channel',
    ),
    htmlTable(
      ['Content type', 'Count'],
      Object.entries(items.byContentType).map(([k, n]) => [h(k), String(n)]),
      'By content type',
    ),
    '<h3>Removal orders</h3>',
    htmlTable(
      ['Item', 'Target', 'Legal reference', 'Issued', 'Issued by', 'Platforms'],
      items.removalOrders.map((r) => [
        code(r.itemId),
        code(r.target),
        h(orDash(r.legalReference)),
        h(time(r.issuedAt)),
        h(r.issuedBy.join(', ') || '—'),
        h(r.platforms.join(', ') || '—'),
      ]),
    ),
    '</section>',
  );

  body.push(
    '<section><h2>Containment per platform</h2>',
    `<p>Acknowledgement deadline at this level: ${h(minutes(containment.ackDeadlineMinutes))}.</p>`,
    '<div class="wide">',
    htmlTable(
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
        h(p.organisation ? `${p.platformKey} (${p.organisation})` : p.platformKey),
        String(p.cells),
        String(p.acknowledged),
        String(p.acted),
        String(p.overdue),
        h(minutes(p.ackMedianMinutes)),
        h(minutes(p.ackP90Minutes)),
        h(minutes(p.actMedianMinutes)),
        h(minutes(p.actP90Minutes)),
        h(share(p.withinDeadlineShare)),
      ]),
    ),
    '</div>',
  );
  const ackRows = ackMedianChartRows(report);
  if (ackRows.length) body.push(`<figure>${renderChartSvg(ackRows, ACK_CHART_TITLE)}</figure>`);
  body.push('</section>');

  body.push(
    '<section><h2>Containment per item and platform</h2><div class="wide">',
    htmlTable(
      CELL_COLUMNS.map(([header]) => header),
      containment.rows.map((r) =>
        CELL_COLUMNS.map(([, value]) => {
          const cell = value(r);
          return cell.kind === 'code'
            ? code(cell.text)
            : cell.kind === 'verdict'
              ? verdictCell(cell.verdict)
              : h(cell.text);
        }),
      ),
    ),
    '</div></section>',
  );

  if (exercise) {
    body.push(
      '<section><h2>Exercise</h2><dl>',
      `<dt>Scenario</dt><dd>${h(exercise.scenarioName)}</dd>`,
      `<dt>Speed</dt><dd>${h(String(exercise.speed))}×</dd>`,
      `<dt>Run status</dt><dd>${h(exercise.status)}</dd>`,
      `<dt>Overall score</dt><dd>${h(String(exercise.overall))} / 100</dd>`,
      `<dt>Expectations</dt><dd>${exercise.met} met, ${exercise.missed} missed</dd>`,
      '</dl>',
      htmlTable(
        ['At', 'By', 'Action', 'Fired', 'Event'],
        exercise.injects.map((i) => [
          h(i.at),
          h(i.by),
          h(humanise(i.do)),
          i.firedAt ? h(time(i.firedAt)) : 'not fired',
          i.seq === undefined ? '—' : `#${h(String(i.seq))}`,
        ]),
        'Injects',
      ),
      htmlTable(
        ['Platform', 'Expectation', 'Within', 'Actual', 'Result'],
        exercise.expectations.map((e) => [
          h(e.platformKey),
          h(e.kind),
          h(minutes(e.withinMinutes)),
          e.actualMinutes === null ? 'never' : h(minutes(e.actualMinutes)),
          e.met ? '<span class="met">✓ met</span>' : '<span class="missed">✗ missed</span>',
        ]),
        'Expectations',
      ),
    );
    const exRows = exerciseChartRows(report);
    if (exRows.length) body.push(`<figure>${renderChartSvg(exRows, EXERCISE_CHART_TITLE)}</figure>`);
    body.push('</section>');
  }

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Standalone and inert: nothing may load or run, whatever a title or summary contains.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(`After-action report ${inc.ref}: ${inc.title}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------------

const CSV_COLUMNS: (keyof ReportCellRow)[] = [
  'itemId',
  'kind',
  'url',
  'hashAlgorithm',
  'hashValue',
  'accountPlatform',
  'accountHandle',
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
];

/** RFC 4180 field; a leading = + - @ tab or CR is defused with a quote so spreadsheets do not run it. */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The per item × platform containment table, one header row, CRLF line ends. */
export function renderCsv(report: IncidentReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of report.containment.rows) {
    lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
