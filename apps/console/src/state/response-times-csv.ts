import type { PlatformResponseTimesView } from '@hub/contracts';

const COLUMNS = [
  'platformKey',
  'cells',
  'replied',
  'medianFirstReplyMinutes',
  'p90FirstReplyMinutes',
  'medianOutcomeMinutes',
  'p90OutcomeMinutes',
  'overdue',
] as const;

/** A CSV field: quoted when it holds a separator, a quote or a line break; a formula's lead neutralised. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // A spreadsheet runs a cell that starts with = + - @ as a formula: a leading quote keeps it text.
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The answer of `GET /analytics/response-times` as CSV, made in the page from the JSON: one line a
 * platform, the figures, then one column per status that any platform has.
 */
export function responseTimesCsv(platforms: readonly PlatformResponseTimesView[]): string {
  const statuses = [...new Set(platforms.flatMap((p) => Object.keys(p.outcomes)))].sort();
  const head = [...COLUMNS, ...statuses.map((s) => `status_${s}`)];
  const lines = platforms.map((p) =>
    [
      ...COLUMNS.map((c) => field(p[c])),
      ...statuses.map((s) => field(p.outcomes[s as keyof typeof p.outcomes] ?? 0)),
    ].join(','),
  );
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}
