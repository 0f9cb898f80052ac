import type { DataTable } from './document.model';

/** RFC 4180 field; a leading = + - @ tab or CR is defused with a quote so spreadsheets do not run it. */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One header row, then one line per row, every line ended by CRLF. */
export function serialiseCsv(table: DataTable): string {
  const lines = [table.head, ...table.rows].map((row) => row.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
