export interface ChartRow {
  label: string;
  /** null: it never happened (drawn as a hatched "never" bar). */
  minutes: number | null;
  /** The deadline, drawn as a vertical line across the row; null: none. */
  limit: number | null;
}

const WIDTH = 720;
const LABEL_W = 150;
const BAR_W = 330;
const VALUE_X = LABEL_W + BAR_W + 14;
const TOP = 40;
const ROW_H = 30;
const BAR_H = 18;

const COLOURS = { within: '#2f6f9f', over: '#b8501f', never: '#6b6b6b', limit: '#1a1a1a', grid: '#d8d8d8' };

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Long labels would run off the left edge; the row's tooltip keeps the whole label. */
const shorten = (label: string): string => (label.length > 22 ? `${label.slice(0, 21)}…` : label);
const fmt = (n: number): string => String(Math.round(n * 10) / 10);

/** A step of 1, 2 or 5 times a power of ten giving about five ticks. */
function niceStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** Ids must be unique when several charts share one HTML document: derive them from the content. */
function idFor(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `c${(h >>> 0).toString(16)}`;
}

function valueText(row: ChartRow): string {
  const limit = row.limit === null ? '' : ` (deadline ${fmt(row.limit)} min)`;
  if (row.minutes === null) return `never${limit}`;
  if (row.limit === null) return `${fmt(row.minutes)} min`;
  const verdict = row.minutes <= row.limit ? 'within' : 'over';
  return `${fmt(row.minutes)} min, ${verdict}${limit}`;
}

/**
 * A horizontal bar chart of minutes per row against each row's deadline, as a standalone SVG document.
 * Colour is never the only signal: bars that missed the deadline are also cross-hatched, bars that never
 * happened are striped and say "never", and every row states its value and verdict in words.
 */
export function renderChartSvg(rows: ChartRow[], title: string): string {
  const id = idFor(title + JSON.stringify(rows));
  const values = rows
    .flatMap((r) => [r.minutes ?? 0, r.limit ?? 0])
    .filter((n) => Number.isFinite(n) && n > 0);
  const step = niceStep(Math.max(1, ...values) * 1.1);
  const max = Math.ceil((Math.max(1, ...values) * 1.05) / step) * step;
  const x = (minutes: number): number => LABEL_W + (Math.max(0, Math.min(minutes, max)) / max) * BAR_W;

  const axisY = TOP + Math.max(1, rows.length) * ROW_H + 4;
  const legendY = axisY + 54;
  const height = legendY + 14;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="${id}-t">${escapeXml(title)}</title>`,
    `<desc id="${id}-d">${escapeXml(rows.map((r) => `${r.label}: ${valueText(r)}`).join('; ') || 'no data')}</desc>`,
    '<defs>',
    `<pattern id="${id}-never" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="${COLOURS.never}" stroke-width="3"/></pattern>`,
    `<pattern id="${id}-over" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${COLOURS.over}"/><path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" stroke-width="1" stroke-opacity="0.6"/></pattern>`,
    '</defs>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>`,
  );

  for (let t = 0; t <= max + 1e-9; t += step) {
    const tx = x(t).toFixed(1);
    out.push(
      `<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${axisY}" stroke="${COLOURS.grid}" stroke-width="1"/>`,
      `<text x="${tx}" y="${axisY + 14}" text-anchor="middle" fill="#444444">${fmt(t)}</text>`,
    );
  }
  out.push(
    `<text x="${LABEL_W + BAR_W / 2}" y="${axisY + 28}" text-anchor="middle" fill="#444444">minutes</text>`,
  );

  if (rows.length === 0) {
    out.push(`<text x="${LABEL_W + 8}" y="${TOP + 18}" fill="#444444">no data</text>`);
  }
  rows.forEach((row, i) => {
    const y = TOP + i * ROW_H;
    const barY = y + (ROW_H - BAR_H) / 2;
    const text = valueText(row);
    out.push(`<g><title>${escapeXml(`${row.label}: ${text}`)}</title>`);
    out.push(
      `<text x="${LABEL_W - 8}" y="${barY + 13}" text-anchor="end" fill="#1a1a1a">${escapeXml(shorten(row.label))}</text>`,
    );
    if (row.minutes === null) {
      out.push(
        `<rect x="${LABEL_W}" y="${barY}" width="${BAR_W}" height="${BAR_H}" fill="url(#${id}-never)" stroke="${COLOURS.never}"/>`,
      );
    } else {
      const over = row.limit !== null && row.minutes > row.limit;
      const w = Math.max(2, x(row.minutes) - LABEL_W).toFixed(1);
      const fill = over ? `url(#${id}-over)` : COLOURS.within;
      out.push(`<rect x="${LABEL_W}" y="${barY}" width="${w}" height="${BAR_H}" fill="${fill}"/>`);
    }
    if (row.limit !== null) {
      const lx = x(row.limit).toFixed(1);
      out.push(
        `<line x1="${lx}" y1="${y + 1}" x2="${lx}" y2="${y + ROW_H - 1}" stroke="${COLOURS.limit}" stroke-width="2" stroke-dasharray="4 2"/>`,
      );
    }
    out.push(`<text x="${VALUE_X}" y="${barY + 13}" fill="#1a1a1a">${escapeXml(text)}</text>`, '</g>');
  });

  // The legend spells out each encoding.
  const ly = legendY;
  out.push(
    `<rect x="10" y="${ly - 10}" width="14" height="12" fill="${COLOURS.within}"/>`,
    `<text x="30" y="${ly}" fill="#1a1a1a">within deadline</text>`,
    `<rect x="140" y="${ly - 10}" width="14" height="12" fill="url(#${id}-over)"/>`,
    `<text x="160" y="${ly}" fill="#1a1a1a">over deadline</text>`,
    `<rect x="260" y="${ly - 10}" width="14" height="12" fill="url(#${id}-never)" stroke="${COLOURS.never}"/>`,
    `<text x="280" y="${ly}" fill="#1a1a1a">never</text>`,
    `<line x1="345" y1="${ly - 11}" x2="345" y2="${ly + 2}" stroke="${COLOURS.limit}" stroke-width="2" stroke-dasharray="4 2"/>`,
    `<text x="353" y="${ly}" fill="#1a1a1a">deadline</text>`,
    '</svg>',
  );
  return out.join('\n');
}
