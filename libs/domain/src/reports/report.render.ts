import type { Language } from '@hub/i18n';
import { serialiseCsv } from './csv.serializer';
import { serialiseHtml, type HtmlPresentation } from './html.serializer';
import { serialiseMarkdown } from './markdown.serializer';
import { containmentData, reportDocument } from './report.document';
import type { IncidentReport } from './report.model';

export { csvField } from './csv.serializer';
export type { HtmlPresentation } from './html.serializer';
export { ackMedianChartRows, exerciseChartRows } from './report.document';

/** The report as Markdown, for pasting into a ticket or a wiki. */
export function renderMarkdown(report: IncidentReport, language: Language = 'en'): string {
  return serialiseMarkdown(reportDocument(report, language));
}

/** The report as a standalone HTML page; the caller brings the stylesheet (see `HtmlPresentation`). */
export function renderHtml(
  report: IncidentReport,
  presentation?: HtmlPresentation,
  language: Language = 'en',
): string {
  return serialiseHtml(reportDocument(report, language), presentation);
}

/** The per item × platform containment table, one header row, CRLF line ends. */
export function renderCsv(report: IncidentReport): string {
  return serialiseCsv(containmentData(report));
}
