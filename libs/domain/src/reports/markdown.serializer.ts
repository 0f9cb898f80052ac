import type { Block, Cell, ReportDocument, Table } from './document.model';
import { resultText, verdictText } from './document.model';
import { renderChartSvg } from './report.chart';
import { t, type Language } from '@hub/i18n';

/** A report document as Markdown: every text escaped, charts as SVG images in data URIs. */
export function serialiseMarkdown(doc: ReportDocument): string {
  const out: string[] = [
    `# ${md(doc.title)}: ${md(doc.subtitle)}`,
    '',
    `_${md(doc.generated)}. ${md(doc.notice)}_`,
    '',
  ];
  for (const section of doc.sections) {
    out.push(`## ${md(section.title)}`, '');
    for (const block of section.blocks) out.push(...blockLines(block, doc.language ?? 'en'), '');
  }
  return out.join('\n');
}

function blockLines(block: Block, language: Language): string[] {
  switch (block.kind) {
    case 'paragraph':
      return [md(block.text)];
    case 'fields':
      return block.fields.map(([label, value]) => `- ${md(label)}: ${md(value)}`);
    case 'table':
      return block.title ? [`### ${md(block.title)}`, '', table(block, language)] : [table(block, language)];
    case 'quote':
      return [`### ${md(block.title)}`, '', quote(block.text)];
    case 'chart': {
      const data = Buffer.from(renderChartSvg(block.rows, block.title), 'utf8').toString('base64');
      return [`![${md(block.title)}](data:image/svg+xml;base64,${data})`];
    }
  }
}

function table({ head, rows }: Table, language: Language): string {
  if (rows.length === 0) return `_${md(t(language, 'report.none'))}_`;
  return [
    `| ${head.map(md).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((c) => cell(c, language)).join(' | ')} |`),
  ].join('\n');
}

function cell(value: Cell, language: Language): string {
  if (typeof value === 'string') return md(value);
  if ('code' in value) return code(value.code);
  if ('verdict' in value) return md(verdictText(value.verdict, language));
  return `**${md(resultText(value.met, language))}**`;
}

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
function code(s: string): string {
  const flat = s.replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|');
  if (flat === '') return '—';
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A multi-line text as a block quote, each line escaped so it cannot start a heading or a list. */
function quote(s: string): string {
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
