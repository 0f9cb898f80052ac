import type { PublicAccountView } from '@hub/contracts';
import { minutesText, platformsTable } from '../analytics/bulletin.document';
import type { ReportDocument, Table } from '../reports/document.model';
import { serialiseHtml, type HtmlPresentation } from '../reports/html.serializer';

const humanise = (s: string): string => s.replace(/_/g, ' ');

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
): Table => ({
  kind: 'table',
  title,
  head: [title, 'Incidents', 'Cells', 'Replied', 'Median first reply', 'p90 first reply'],
  rows: rows.map((r) => [
    r.label,
    String(r.incidents),
    String(r.cells),
    String(r.replied),
    minutesText(r.median),
    minutesText(r.p90),
  ]),
});

/** The public account as a page: numbers, platform keys, categories and elections' public names. */
export function publicAccountDocument(view: PublicAccountView): ReportDocument {
  return {
    title: 'Public account: platforms’ response times',
    subtitle: `Closed live incidents closed before ${view.closedBefore.slice(0, 10)} (${view.delayDays} days’ delay)`,
    generated: `Generated ${view.generatedAt.slice(0, 10)} ${view.generatedAt.slice(11, 16)} UTC`,
    notice:
      'Aggregate figures only: no URLs, hashes, account handles, organisations, names, contacts or texts. Minutes run from the moment a platform was asked about an item.',
    sections: [
      {
        title: 'Incidents',
        blocks: [{ kind: 'fields', fields: [['Closed live incidents counted', String(view.incidents)]] }],
      },
      {
        title: 'By platform',
        blocks: view.platforms.length
          ? [platformsTable(view.platforms)]
          : [{ kind: 'paragraph', text: 'No platform was asked to act.' }],
      },
      {
        title: 'By category',
        blocks: [
          groups(
            'Category',
            view.categories.map((c) => ({
              label: humanise(c.category),
              incidents: c.incidents,
              cells: c.cells,
              replied: c.replied,
              median: c.medianFirstReplyMinutes,
              p90: c.p90FirstReplyMinutes,
            })),
          ),
        ],
      },
      {
        title: 'By election',
        blocks: view.elections.length
          ? [
              groups(
                'Election',
                view.elections.map((e) => ({
                  label: e.name,
                  incidents: e.incidents,
                  cells: e.cells,
                  replied: e.replied,
                  median: e.medianFirstReplyMinutes,
                  p90: e.p90FirstReplyMinutes,
                })),
              ),
            ]
          : [{ kind: 'paragraph', text: 'No incident of an election is counted yet.' }],
      },
    ],
  };
}

export function renderPublicAccountHtml(view: PublicAccountView, presentation?: HtmlPresentation): string {
  return serialiseHtml(publicAccountDocument(view), presentation);
}
