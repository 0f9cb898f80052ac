import type { Block, Cell, ReportDocument, Table } from './document.model';
import { resultText, verdictText } from './document.model';
import { escapeXml as h, renderChartSvg } from './report.chart';
import { t, type Language } from '@hub/i18n';

/** How the page looks: the caller's stylesheet (the report's HTML is presentation-free without it). */
export interface HtmlPresentation {
  stylesheet?: string;
}

/**
 * A report document as one standalone HTML5 page: every text escaped, charts inline as SVG, the stylesheet
 * inline, and a Content-Security-Policy that lets nothing load or run, whatever a title or summary holds.
 */
export function serialiseHtml(doc: ReportDocument, presentation: HtmlPresentation = {}): string {
  const { stylesheet } = presentation;
  const language = doc.language ?? 'en';
  // The stylesheet is the hub's own file, but a `</style>` in it would end the element early: refuse it.
  if (stylesheet !== undefined && /<\/style/i.test(stylesheet)) {
    throw new Error('a report stylesheet may not contain </style>');
  }
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(`${doc.title}: ${doc.subtitle}`)}</title>`,
    ...(stylesheet === undefined ? [] : [`<style>${stylesheet.trim()}</style>`]),
    '</head>',
    '<body>',
    '<main>',
    `<h1>${h(doc.title)}</h1>`,
    `<p class="meta">${h(doc.subtitle)}</p>`,
    `<p class="meta">${h(doc.generated)}</p>`,
    `<p class="notice">${h(doc.notice)}</p>`,
    ...doc.sections.flatMap((section) => [
      `<section><h2>${h(section.title)}</h2>`,
      ...section.blocks.map((b) => block(b, language)),
      '</section>',
    ]),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function block(b: Block, language: Language): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${h(b.text)}</p>`;
    case 'fields':
      return [
        '<dl>',
        ...b.fields.map(([label, value]) => `<dt>${h(label)}</dt><dd>${h(value)}</dd>`),
        '</dl>',
      ].join('\n');
    case 'table':
      return b.wide ? `<div class="wide">\n${table(b, language)}\n</div>` : table(b, language);
    case 'quote':
      return `<h3>${h(b.title)}</h3><blockquote>${paragraphs(b.text)}</blockquote>`;
    case 'chart':
      return `<figure>${renderChartSvg(b.rows, b.title)}</figure>`;
  }
}

function table({ title, head, rows }: Table, language: Language): string {
  // An empty table still says what is empty, as the Markdown's sub-heading does.
  if (rows.length === 0)
    return `${title ? `<h3>${h(title)}</h3>\n` : ''}<p class="none">${h(t(language, 'report.none'))}</p>`;
  return [
    '<table>',
    ...(title ? [`<caption>${h(title)}</caption>`] : []),
    `<thead><tr>${head.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((row) => `<tr>${row.map((c) => `<td>${cell(c, language)}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

/** Verdicts and results get a class for colour, and words (and a ✓ or ✗) so colour is never the only sign. */
function cell(value: Cell, language: Language): string {
  if (typeof value === 'string') return h(value);
  if ('code' in value) return value.code === '' ? '—' : `<code>${h(value.code)}</code>`;
  if ('verdict' in value)
    return `<span class="v-${value.verdict ?? 'none'}">${h(verdictText(value.verdict, language))}</span>`;
  // The class stays English (the stylesheet's); the words are the reader's.
  return `<span class="${value.met ? 'met' : 'missed'}">${value.met ? '✓' : '✗'} ${h(resultText(value.met, language))}</span>`;
}

/** People's texts: blank lines split paragraphs, single line breaks are kept. */
function paragraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => `<p>${h(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
