import type { ChartRow } from './report.chart';
import type { DeadlineVerdict } from '../incidents/containment-summary';
import { t, type Language } from '@hub/i18n';

/**
 * A report laid out once, for every format that shows it to people: sections of headed blocks whose
 * texts are plain (each serialiser escapes them its own way). Markdown and HTML walk this model; neither
 * knows what an incident is.
 */
export interface ReportDocument {
  /** The heading (`After-action report: REF`) and what follows it (the incident's title). */
  title: string;
  subtitle: string;
  /** When the report was generated, and what it promises about its contents. */
  generated: string;
  notice: string;
  sections: DocumentSection[];
  /** The language its headings and fixed phrases are in (`?lang=`); what people typed stays as typed. */
  language?: Language;
}

export interface DocumentSection {
  title: string;
  blocks: Block[];
}

export type Block = Paragraph | KeyValueList | Table | Quote | Chart;

export interface Paragraph {
  kind: 'paragraph';
  text: string;
}

/** Label and value pairs (Markdown: a list of `Label: value`; HTML: a description list). */
export interface KeyValueList {
  kind: 'fields';
  fields: [label: string, value: string][];
}

export interface Table {
  kind: 'table';
  /** Named tables get a sub-heading (Markdown) or a caption (HTML). */
  title?: string;
  head: string[];
  rows: Cell[][];
  /** Many columns: HTML lets it scroll sideways rather than squeeze. */
  wide?: boolean;
}

/** A free text under its own sub-heading, line breaks kept (summaries written by people). */
export interface Quote {
  kind: 'quote';
  title: string;
  text: string;
}

export interface Chart {
  kind: 'chart';
  title: string;
  rows: ChartRow[];
}

/**
 * A table cell: plain text; a literal (ids, URLs, hashes, event types) shown as code; a deadline verdict;
 * or an expectation's result. Verdicts and results carry their meaning so a serialiser can mark them
 * beyond colour.
 */
export type Cell = string | { code: string } | { verdict: DeadlineVerdict | null } | { met: boolean };

/** What a verdict reads as, in every format. */
export const verdictText = (verdict: DeadlineVerdict | null, language: Language = 'en'): string =>
  t(language, verdict ? `report.verdict.${verdict}` : 'report.verdict.none');
/** What a result reads as, in every format. */
export const resultText = (met: boolean, language: Language = 'en'): string =>
  t(language, met ? 'report.result.met' : 'report.result.missed');

/** A table for machines (CSV): raw values under field names, nothing worded or escaped yet. */
export interface DataTable {
  head: readonly string[];
  rows: (string | number | null)[][];
}
