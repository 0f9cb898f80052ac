import { renderChartSvg } from './report.chart';

describe('renderChartSvg', () => {
  const svg = renderChartSvg(
    [
      { label: 'videoshare', minutes: 9, limit: 15 },
      { label: '<b>chirp</b>', minutes: null, limit: 15 },
      { label: 'pixgram', minutes: 40, limit: 15 },
      { label: 'nodeadline', minutes: 3, limit: null },
    ],
    'Time & "speed"',
  );

  it('is a standalone, labelled SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="');
    expect(svg).toContain('Time &amp; &quot;speed&quot;');
  });

  it('escapes labels', () => {
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;chirp&lt;/b&gt;');
  });

  it('says in words what the bars show, so colour is not the only signal', () => {
    expect(svg).toContain('9 min, within (deadline 15 min)');
    expect(svg).toContain('never (deadline 15 min)');
    expect(svg).toContain('40 min, over (deadline 15 min)');
    expect(svg).toMatch(/>3 min</);
  });

  it('draws a never bar in its own pattern and a deadline line per row that has one', () => {
    const id = /<title id="(c[0-9a-f]+)-t"/.exec(svg)![1];
    expect(svg).toContain(`fill="url(#${id}-never)"`);
    expect(svg).toContain(`fill="url(#${id}-over)"`);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(3 + 1);
  });

  it('shortens long labels but keeps them whole in the tooltip', () => {
    const long = 'a-very-long-platform-key-that-goes-on';
    const chart = renderChartSvg([{ label: long, minutes: 1, limit: 2 }], 'Long');
    expect(chart).toContain('>a-very-long-platform-…</text>');
    expect(chart).toContain(`<title>${long}: 1 min, within (deadline 2 min)</title>`);
  });

  it('copes with no rows', () => {
    expect(renderChartSvg([], 'Empty')).toContain('no data');
  });
});
