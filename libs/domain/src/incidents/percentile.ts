/**
 * The p-th percentile (0..100) of a list by nearest rank: always one of the values, so "p90 = 18 min" names
 * a real cell. Null for an empty list. The containment summary, the report and the console's times chart
 * all read their medians and p90s from here.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
