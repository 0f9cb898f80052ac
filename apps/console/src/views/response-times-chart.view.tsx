import type { PlatformResponseTimesView } from '@hub/contracts';
import { MedianBar } from './median-bar.view';
import { tr } from '../language';

const ROW = 22;
const LABEL = 140;
const WIDTH = 560;

export function minutesText(minutes: number | null): string {
  if (minutes === null) return '–';
  if (minutes < 1) return tr('console.chart.seconds', { n: Math.round(minutes * 60) });
  return tr('console.chart.minutes', {
    n: minutes < 10 ? Math.round(minutes * 10) / 10 : Math.round(minutes),
  });
}

/**
 * Per platform, the median minutes to the first answer and to the outcome as bars, the p90 as a thin mark,
 * as the incident report's chart draws them; each bar carries its numbers in text, and the page's table
 * holds the same figures for screen readers.
 */
export function ResponseTimesChart(props: { platforms: readonly PlatformResponseTimesView[] }) {
  const rows = props.platforms.map((p) => ({
    platformKey: p.platformKey,
    reply: { median: p.medianFirstReplyMinutes, p90: p.p90FirstReplyMinutes },
    outcome: { median: p.medianOutcomeMinutes, p90: p.p90OutcomeMinutes },
  }));
  if (!rows.length) return <p class="muted">{tr('console.analytics.noPlatform')}</p>;
  const max = Math.max(1e-6, ...rows.flatMap((r) => [r.reply.p90 ?? 0, r.outcome.p90 ?? 0]));
  const scale = (m: number) => ((WIDTH - LABEL - 90) * m) / max;
  const height = rows.length * ROW * 2 + 10;
  return (
    <figure class="chart">
      <svg
        width="100%"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={tr('console.analytics.chartLabel')}
      >
        {rows.map((r, i) => {
          const y = i * ROW * 2 + 6;
          return (
            <g key={r.platformKey}>
              <text x={0} y={y + 14} class="chart-label">
                {r.platformKey}
              </text>
              {(['reply', 'outcome'] as const).map((kind, k) => {
                const s = r[kind];
                const yy = y + k * ROW;
                const bar = kind === 'reply' ? 'ack' : 'act';
                return (
                  <g key={kind} class={`bar-${bar}`}>
                    <text x={LABEL - 52} y={yy + 14} class="chart-kind">
                      {kind === 'reply' ? tr('console.analytics.reply') : tr('console.analytics.outcome')}
                    </text>
                    <MedianBar
                      x={LABEL}
                      y={yy}
                      row={ROW}
                      median={s.median}
                      p90={s.p90}
                      scale={scale}
                      kind={bar}
                    />
                    <text x={LABEL + scale(s.p90 ?? 0) + 6} y={yy + 14} class="chart-value">
                      {s.median === null
                        ? tr('console.analytics.none')
                        : `${minutesText(s.median)} / ${minutesText(s.p90)}`}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>{tr('console.analytics.legend')}</figcaption>
    </figure>
  );
}
