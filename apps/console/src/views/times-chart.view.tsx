import { percentile } from '@hub/domain';
import type { PlatformTimes } from '../state/deadlines';
import { ListHead } from '../ui/list-head';
import { MedianBar } from './median-bar.view';
import { tr } from '../language';

const ROW = 22;
const LABEL = 140;
const WIDTH = 560;

function fmt(minutes: number | null): string {
  if (minutes === null) return '–';
  if (minutes < 1) return tr('console.chart.seconds', { n: Math.round(minutes * 60) });
  return tr('console.chart.minutes', {
    n: minutes < 10 ? Math.round(minutes * 10) / 10 : Math.round(minutes),
  });
}

/**
 * Per platform, the median and p90 minutes from share to acknowledgement and to action, drawn against the
 * deadline. Each bar carries its number in text, and the same figures are in a table for screen readers.
 */
export function TimesChart(props: { times: PlatformTimes[] }) {
  const rows = props.times.map((t) => ({
    platformKey: t.platformKey,
    ack: {
      median: percentile(t.ack.minutes, 50),
      p90: percentile(t.ack.minutes, 90),
      deadline: t.ack.deadline,
      n: t.ack.minutes.length,
    },
    act: {
      median: percentile(t.act.minutes, 50),
      p90: percentile(t.act.minutes, 90),
      deadline: t.act.deadline,
      n: t.act.minutes.length,
    },
  }));
  if (!rows.length) return <p class="muted">{tr('console.chart.noPlatforms')}</p>;
  const max = Math.max(
    1e-6,
    ...rows.flatMap((r) => [r.ack.p90 ?? 0, r.ack.deadline ?? 0, r.act.p90 ?? 0, r.act.deadline ?? 0]),
  );
  const scale = (m: number) => ((WIDTH - LABEL - 70) * m) / max;
  const height = rows.length * ROW * 2 + 10;
  return (
    <figure class="chart">
      <svg width="100%" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={tr('console.chart.label')}>
        {rows.map((r, i) => {
          const y = i * ROW * 2 + 6;
          return (
            <g key={r.platformKey}>
              <text x={0} y={y + 14} class="chart-label">
                {r.platformKey}
              </text>
              {(['ack', 'act'] as const).map((kind, k) => {
                const s = r[kind];
                const yy = y + k * ROW;
                const late = s.deadline !== null && s.p90 !== null && s.p90 > s.deadline;
                return (
                  <g key={kind} class={`bar-${kind}`}>
                    <text x={LABEL - 34} y={yy + 14} class="chart-kind">
                      {kind === 'ack' ? tr('console.chart.ack') : tr('console.chart.act')}
                    </text>
                    <MedianBar
                      x={LABEL}
                      y={yy}
                      row={ROW}
                      median={s.median}
                      p90={s.p90}
                      scale={scale}
                      kind={kind}
                    />
                    {s.deadline !== null && (
                      <line
                        x1={LABEL + scale(s.deadline)}
                        x2={LABEL + scale(s.deadline)}
                        y1={yy}
                        y2={yy + ROW}
                        class="deadline"
                      />
                    )}
                    <text
                      x={LABEL + scale(Math.max(s.p90 ?? 0, s.deadline ?? 0)) + 6}
                      y={yy + 14}
                      class={late ? 'chart-value late' : 'chart-value'}
                    >
                      {s.n ? `${fmt(s.median)} / ${fmt(s.p90)}` : tr('console.chart.noneYet')}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {tr('console.chart.legend')} <span class="late-key">{tr('console.chart.lateKey')}</span>
      </figcaption>
      <table class="visually-hidden">
        <caption>{tr('console.chart.tableCaption')}</caption>
        <ListHead
          columns={[
            tr('console.field.platform'),
            tr('console.chart.ackColumn'),
            tr('console.chart.actColumn'),
          ]}
        />
        <tbody>
          {rows.map((r) => (
            <tr key={r.platformKey}>
              <th scope="row">{r.platformKey}</th>
              <td>
                {fmt(r.ack.median)} / {fmt(r.ack.p90)} / {fmt(r.ack.deadline)}
              </td>
              <td>
                {fmt(r.act.median)} / {fmt(r.act.p90)} / {fmt(r.act.deadline)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
