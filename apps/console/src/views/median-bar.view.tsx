/** The median as a bar and the 90th percentile as a tick, on one row of a minutes chart. */
export function MedianBar(props: {
  x: number;
  y: number;
  row: number;
  median: number | null;
  p90: number | null;
  scale: (minutes: number) => number;
  kind: string;
}) {
  const { x, y, row, median, p90, scale, kind } = props;
  return (
    <>
      {median !== null && (
        <rect x={x} y={y + 3} width={Math.max(1, scale(median))} height={row - 8} class={`bar ${kind}`} />
      )}
      {p90 !== null && (
        <line x1={x + scale(p90)} x2={x + scale(p90)} y1={y + 1} y2={y + row - 3} class="p90" />
      )}
    </>
  );
}
