/**
 * ISO strings of recent instants, by time. A bulk's items, cells and events share a few instants (its
 * `now`, the deadlines of each channel), written thousands of times into rows, events and answers, and
 * `toISOString` costs several times the lookup.
 */
const recent = new Map<number, string>();
const RECENT_MAX = 256;

export function isoString(d: Date): string {
  const time = d.getTime();
  let text = recent.get(time);
  if (text === undefined) {
    text = d.toISOString();
    if (recent.size >= RECENT_MAX) recent.clear();
    recent.set(time, text);
  }
  return text;
}

export const iso = (d: Date | null | undefined): string | undefined => (d ? isoString(d) : undefined);
