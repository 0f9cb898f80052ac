import 'reflect-metadata';
import { buildReport } from './report.builder';
import { reportFixture } from '@hub/testing';
import { renderMarkdown } from './report.render';

const { EXERCISE, INCIDENT, reportInput } = reportFixture;

describe('renderMarkdown', () => {
  const md = renderMarkdown(buildReport(reportInput()));

  it('neutralises HTML and Markdown in interpolated text', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps the tables intact when a value holds a pipe or a newline', () => {
    const rowOf4 = md.split('\n').find((l) => l.includes('item-4') && l.includes('pixgram'));
    expect(rowOf4).toBeDefined();
    expect(rowOf4).toContain('`pixgram:odd,"name" line`');
  });

  it('has the key numbers', () => {
    expect(md).toContain('# After-action report: TC-2025-0042');
    expect(md).toContain('| chirp (Chirp) | 2 | 0 | 0 | 1 | — | — | — | — | 0 % |');
    expect(md).toContain(
      '| videoshare (VideoShare) | 2 | 2 | 1 | 0 | 5 min | 18 min | 30 min | 30 min | 50 % |',
    );
    expect(md).toContain('Acknowledgement deadline at this level: 15 min.');
  });
});

describe('the exercise part in Markdown', () => {
  const report = buildReport(
    reportInput({ incident: { ...INCIDENT, mode: 'exercise' }, exercise: EXERCISE }),
  );

  it('embeds the same chart in Markdown as a data URI image', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('**met**');
    expect(md).toContain('**missed**');
    expect(md).toContain('- Expectations: 2 met, 2 missed');
    const images = [...md.matchAll(/!\[([^\]]*)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g)];
    const exercise = images.find((m) => m[1].startsWith('Exercise'));
    expect(exercise).toBeDefined();
    const svg = Buffer.from(exercise![2], 'base64').toString('utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('never (deadline 15 min)');
  });
});
