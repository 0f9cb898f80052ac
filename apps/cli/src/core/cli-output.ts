/** A column of a table: its header and what a row shows in it (nothing: `-`). */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

const cell = (value: string | number | boolean | null | undefined): string =>
  value === undefined || value === null || value === '' ? '-' : String(value).replace(/\s+/g, ' ');

/** Rows as an aligned table with a header, for people; `--json` prints the hub's answer instead. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const grid = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => cell(c.value(row))))];
  const widths = columns.map((_, i) => Math.max(...grid.map((line) => line[i].length)));
  return grid
    .map((line) => line.map((text, i) => (i === line.length - 1 ? text : text.padEnd(widths[i]))).join('  '))
    .join('\n')
    .concat('\n');
}

/** One record as `field  value` lines. */
export function record(fields: Record<string, string | number | boolean | null | undefined>): string {
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  return Object.entries(fields)
    .map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`)
    .join('\n')
    .concat('\n');
}

/** What a command answers: the hub's JSON for scripts (`--json`), else the text made for people. */
export function print(options: { json?: boolean }, answer: unknown, text: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : text());
}

/** Options repeated (`--participant a --participant b`) or comma-separated (`--criteria a,b`). */
export const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];
