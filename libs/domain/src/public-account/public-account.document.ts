import type { PublicAccountView } from '@hub/contracts';
import { t, translator, type Language } from '@hub/i18n';
import { minutesText, platformsTable } from '../analytics/bulletin.document';
import type { ReportDocument, Table } from '../reports/document.model';
import { serialiseHtml, type HtmlPresentation } from '../reports/html.serializer';

const groups = (
  title: string,
  rows: {
    label: string;
    incidents: number;
    cells: number;
    replied: number;
    median: number | null;
    p90: number | null;
  }[],
  language: Language,
): Table => {
  const tr = translator(language);
  return {
    kind: 'table',
    title,
    head: [
      title,
      tr('transparency.column.incidents'),
      tr('bulletin.column.cells'),
      tr('bulletin.column.replied'),
      tr('bulletin.column.medianReply'),
      tr('bulletin.column.p90Reply'),
    ],
    rows: rows.map((r) => [
      r.label,
      String(r.incidents),
      String(r.cells),
      String(r.replied),
      minutesText(r.median, language),
      minutesText(r.p90, language),
    ]),
  };
};

/**
 * The public account as a page: numbers, platform keys, categories and elections' public names, its
 * headings and fixed phrases in `language` (the reader's `?lang=` or Accept-Language).
 */
export function publicAccountDocument(view: PublicAccountView, language: Language = 'en'): ReportDocument {
  const tr = translator(language);
  return {
    title: tr('transparency.title'),
    subtitle: tr('transparency.subtitle', { date: view.closedBefore.slice(0, 10), days: view.delayDays }),
    generated: tr('report.generated', {
      at: `${view.generatedAt.slice(0, 10)} ${view.generatedAt.slice(11, 16)} UTC`,
    }),
    notice: tr('transparency.notice'),
    sections: [
      {
        title: tr('transparency.section.incidents'),
        blocks: [{ kind: 'fields', fields: [[tr('transparency.counted'), String(view.incidents)]] }],
      },
      {
        title: tr('transparency.section.platforms'),
        blocks: view.platforms.length
          ? [platformsTable(view.platforms, language)]
          : [{ kind: 'paragraph', text: tr('bulletin.noPlatform') }],
      },
      {
        title: tr('transparency.section.categories'),
        blocks: [
          groups(
            tr('transparency.category'),
            view.categories.map((c) => ({
              label:
                t(language, `category.${c.category}` as 'category.other') || c.category.replace(/_/g, ' '),
              incidents: c.incidents,
              cells: c.cells,
              replied: c.replied,
              median: c.medianFirstReplyMinutes,
              p90: c.p90FirstReplyMinutes,
            })),
            language,
          ),
        ],
      },
      {
        title: tr('transparency.section.elections'),
        blocks: view.elections.length
          ? [
              groups(
                tr('transparency.election'),
                view.elections.map((e) => ({
                  label: e.name,
                  incidents: e.incidents,
                  cells: e.cells,
                  replied: e.replied,
                  median: e.medianFirstReplyMinutes,
                  p90: e.p90FirstReplyMinutes,
                })),
                language,
              ),
            ]
          : [{ kind: 'paragraph', text: tr('transparency.noElection') }],
      },
    ],
    language,
  };
}

export function renderPublicAccountHtml(
  view: PublicAccountView,
  presentation?: HtmlPresentation,
  language: Language = 'en',
): string {
  return serialiseHtml(publicAccountDocument(view, language), presentation);
}
