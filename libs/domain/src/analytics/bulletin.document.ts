import type { BulletinView, PlatformResponseTimesView } from '@hub/contracts';
import type { DocumentSection, ReportDocument, Table } from '../reports/document.model';
import { serialiseHtml, type HtmlPresentation } from '../reports/html.serializer';
import { serialiseMarkdown } from '../reports/markdown.serializer';

const humanise = (s: string): string => s.replace(/_/g, ' ');
export const minutesText = (n: number | null): string => (n === null ? '—' : `${n} min`);

/** Platforms' answers as a table: the same columns in the bulletin and the public account. */
export function platformsTable(platforms: readonly PlatformResponseTimesView[]): Table {
  return {
    kind: 'table',
    wide: true,
    head: [
      'Platform',
      'Cells',
      'Replied',
      'Median first reply',
      'p90 first reply',
      'Median outcome',
      'p90 outcome',
      'Overdue',
      'Statuses',
    ],
    rows: platforms.map((p) => [
      p.platformKey,
      String(p.cells),
      String(p.replied),
      minutesText(p.medianFirstReplyMinutes),
      minutesText(p.p90FirstReplyMinutes),
      minutesText(p.medianOutcomeMinutes),
      minutesText(p.p90OutcomeMinutes),
      String(p.overdue),
      Object.entries(p.outcomes)
        .map(([status, n]) => `${humanise(status)} ${n}`)
        .join(', '),
    ]),
  };
}

const counts = (title: string, head: string, rows: { key: string; count: number }[]): Table => ({
  kind: 'table',
  title,
  head: [head, 'Count'],
  rows: rows.map((r) => [{ code: r.key }, String(r.count)]),
});

/**
 * The bulletin laid out for people, built from the bulletin's numbers and closed vocabularies only: the
 * election's name is the one free text, and it is the public name of a public event.
 */
export function bulletinDocument(b: BulletinView): ReportDocument {
  const sections: DocumentSection[] = [
    {
      title: 'The day',
      blocks: [
        {
          kind: 'fields',
          fields: [
            ['Day (UTC)', b.date],
            ['Incidents declared', String(b.incidents.declared)],
            ['Incidents with flags', String(b.incidents.withFlags)],
            ['Flags', String(b.flags.total)],
            ['Warnings', String(b.warnings.total)],
          ],
        },
      ],
    },
    {
      title: 'Flags',
      blocks: b.flags.total
        ? [
            counts('By kind', 'Kind', b.flags.byKind),
            ...(b.flags.byTechnique.length
              ? [counts('By DISARM technique', 'Technique', b.flags.byTechnique)]
              : [{ kind: 'paragraph' as const, text: 'No DISARM technique was named.' }]),
          ]
        : [{ kind: 'paragraph', text: 'Nothing was flagged.' }],
    },
    {
      title: 'Platforms’ answers',
      blocks: b.platforms.length
        ? [
            {
              kind: 'paragraph',
              text: 'Cells created this day; minutes from a cell’s creation to its first answer and to its outcome.',
            },
            platformsTable(b.platforms),
          ]
        : [{ kind: 'paragraph', text: 'No platform was asked to act.' }],
    },
    {
      title: 'Warnings',
      blocks: b.warnings.total
        ? [counts('By severity', 'Severity', b.warnings.bySeverity)]
        : [{ kind: 'paragraph', text: 'No warning was issued.' }],
    },
  ];
  return {
    title: `Bulletin: ${b.election.name}`,
    subtitle: b.date,
    generated: `Generated ${b.generatedAt.slice(0, 10)} ${b.generatedAt.slice(11, 16)} UTC`,
    notice:
      'Counts and times only: no URLs, hashes, account handles, organisations, names, contacts or message texts.',
    sections,
  };
}

export function renderBulletin(
  b: BulletinView,
  format: 'md' | 'html',
  presentation?: HtmlPresentation,
): string {
  const doc = bulletinDocument(b);
  return format === 'md' ? serialiseMarkdown(doc) : serialiseHtml(doc, presentation);
}
