import 'reflect-metadata';
import { buildReport } from './report.builder';
import { reportFixture } from '@hub/testing';
import { renderHtml } from './report.render';

const { EXERCISE, INCIDENT, reportInput } = reportFixture;

const STYLESHEET = 'main { color: #1a1a1a }';

describe('renderHtml', () => {
  const html = renderHtml(buildReport(reportInput()), { stylesheet: STYLESHEET });

  it('is a standalone HTML5 document with inline CSS and nothing to load', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<style>${STYLESHEET}</style>`);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<link|<img|<script|<iframe|\ssrc=|\shref=/i);
  });

  it('escapes every interpolated string', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Livestream, spreading');
    expect(html).toContain('pixgram:odd,&quot;name&quot;');
  });

  it('charts the median minutes to acknowledge against the level deadline, with words beside the colours', () => {
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg).toContain('Median minutes to acknowledge per platform');
    expect(svg).toContain('5 min, within (deadline 15 min)');
    expect(svg).toContain('12 min, within (deadline 15 min)');
    expect(svg).toContain('never (deadline 15 min)');
  });

  it('shows the per-platform and per-cell tables', () => {
    expect(html).toContain('VideoShare');
    expect(html).toContain('50 %');
    expect(html).toContain('TCO art. 3, order BE-2025-17');
    expect(html).toContain('<span class="v-open">open</span>');
  });

  it('names an empty table, as the Markdown does', () => {
    const empty = renderHtml(buildReport(reportInput({ items: [], cells: [], events: [] })));
    expect(empty).toContain('<h3>Key moments</h3>\n<p class="none">None.</p>');
    expect(empty).toContain('<h3>By content type</h3>\n<p class="none">None.</p>');
  });

  it('refuses a stylesheet that would end its style element', () => {
    expect(() => renderHtml(buildReport(reportInput()), { stylesheet: 'p{}</style><script>' })).toThrow(
      '</style>',
    );
  });
});

describe('the exercise part in HTML', () => {
  const report = buildReport(
    reportInput({ incident: { ...INCIDENT, mode: 'exercise' }, exercise: EXERCISE }),
  );

  it('renders expectations met and missed, and an SVG chart, in HTML', () => {
    const html = renderHtml(report);
    expect(html).toContain('Livestreamed attack, cross-border spread');
    expect(html).toContain('2 met, 2 missed');
    expect(html).toContain('✓ met');
    expect(html).toContain('✗ missed');
    expect(html).toContain('not fired');
    const charts = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(2);
    const exercise = charts.find((c) => c.includes('Exercise: time to acknowledge'))!;
    expect(exercise).toContain('9 min, within (deadline 15 min)');
    expect(exercise).toContain('22 min, over (deadline 15 min)');
    expect(exercise).toContain('never (deadline 15 min)');
    // One deadline line per acknowledge expectation (plus the legend's).
    expect(exercise.match(/stroke-dasharray/g)).toHaveLength(4);
  });
});
