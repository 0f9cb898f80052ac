import type { BulletinView, PlatformResponseTimesView } from '@hub/contracts';
import { t, translator, type Language } from '@hub/i18n';
import type { DocumentSection, ReportDocument, Table } from '../reports/document.model';
import { serialiseHtml, type HtmlPresentation } from '../reports/html.serializer';
import { serialiseMarkdown } from '../reports/markdown.serializer';

/** A status in the catalogue's words; one it does not word reads with its underscores as spaces. */
const statusText = (status: string, language: Language): string =>
  t(language, `cellStatus.${status}` as 'cellStatus.pending') || status.replace(/_/g, ' ');

export const minutesText = (n: number | null, language: Language = 'en'): string =>
  n === null ? '—' : t(language, 'report.minutes', { minutes: n });

/** Platforms' answers as a table: the same columns in the bulletin and the public account. */
export function platformsTable(
  platforms: readonly PlatformResponseTimesView[],
  language: Language = 'en',
): Table {
  const tr = translator(language);
  return {
    kind: 'table',
    wide: true,
    head: [
      tr('bulletin.column.platform'),
      tr('bulletin.column.cells'),
      tr('bulletin.column.replied'),
      tr('bulletin.column.medianReply'),
      tr('bulletin.column.p90Reply'),
      tr('bulletin.column.medianOutcome'),
      tr('bulletin.column.p90Outcome'),
      tr('bulletin.column.overdue'),
      tr('bulletin.column.statuses'),
    ],
    rows: platforms.map((p) => [
      p.platformKey,
      String(p.cells),
      String(p.replied),
      minutesText(p.medianFirstReplyMinutes, language),
      minutesText(p.p90FirstReplyMinutes, language),
      minutesText(p.medianOutcomeMinutes, language),
      minutesText(p.p90OutcomeMinutes, language),
      String(p.overdue),
      Object.entries(p.outcomes)
        .map(([status, n]) => `${statusText(status, language)} ${n}`)
        .join(', '),
    ]),
  };
}

const counts = (
  title: string,
  head: string,
  rows: { key: string; count: number }[],
  language: Language,
): Table => ({
  kind: 'table',
  title,
  head: [head, t(language, 'report.count')],
  rows: rows.map((r) => [{ code: r.key }, String(r.count)]),
});

/**
 * The bulletin laid out for people, built from the bulletin's numbers and closed vocabularies only: the
 * election's name is the one free text, and it is the public name of a public event. Its headings and
 * fixed phrases are in `language` (`?lang=`); the vocabularies' keys stay as codes.
 */
export function bulletinDocument(b: BulletinView, language: Language = 'en'): ReportDocument {
  const tr = translator(language);
  const sections: DocumentSection[] = [
    {
      title: tr('bulletin.section.day'),
      blocks: [
        {
          kind: 'fields',
          fields: [
            [tr('bulletin.field.day'), b.date],
            [tr('bulletin.field.declared'), String(b.incidents.declared)],
            [tr('bulletin.field.withFlags'), String(b.incidents.withFlags)],
            [tr('bulletin.field.flags'), String(b.flags.total)],
            [tr('bulletin.field.warnings'), String(b.warnings.total)],
          ],
        },
      ],
    },
    {
      title: tr('bulletin.section.flags'),
      blocks: b.flags.total
        ? [
            counts(tr('bulletin.byKind'), tr('bulletin.kind'), b.flags.byKind, language),
            ...(b.flags.byTechnique.length
              ? [counts(tr('bulletin.byTechnique'), tr('bulletin.technique'), b.flags.byTechnique, language)]
              : [{ kind: 'paragraph' as const, text: tr('bulletin.noTechnique') }]),
          ]
        : [{ kind: 'paragraph', text: tr('bulletin.nothingFlagged') }],
    },
    {
      title: tr('bulletin.section.platforms'),
      blocks: b.platforms.length
        ? [{ kind: 'paragraph', text: tr('bulletin.platformsIntro') }, platformsTable(b.platforms, language)]
        : [{ kind: 'paragraph', text: tr('bulletin.noPlatform') }],
    },
    {
      title: tr('bulletin.section.warnings'),
      blocks: b.warnings.total
        ? [counts(tr('bulletin.bySeverity'), tr('bulletin.severity'), b.warnings.bySeverity, language)]
        : [{ kind: 'paragraph', text: tr('bulletin.noWarning') }],
    },
  ];
  return {
    title: tr('bulletin.title', { name: b.election.name }),
    subtitle: b.date,
    generated: tr('report.generated', {
      at: `${b.generatedAt.slice(0, 10)} ${b.generatedAt.slice(11, 16)} UTC`,
    }),
    notice: tr('bulletin.notice'),
    sections,
    language,
  };
}

export function renderBulletin(
  b: BulletinView,
  format: 'md' | 'html',
  presentation?: HtmlPresentation,
  language: Language = 'en',
): string {
  const doc = bulletinDocument(b, language);
  return format === 'md' ? serialiseMarkdown(doc) : serialiseHtml(doc, presentation);
}
