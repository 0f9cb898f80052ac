import 'reflect-metadata';
import type { Table } from './document.model';
import { buildReport } from './report.builder';
import { reportDocument } from './report.document';
import { reportFixture } from '@hub/testing';
import { renderHtml, renderMarkdown } from './report.render';

const { EXERCISE, INCIDENT, reportInput } = reportFixture;

describe('the report document', () => {
  const report = buildReport(
    reportInput({ incident: { ...INCIDENT, mode: 'exercise' }, exercise: EXERCISE }),
  );
  const doc = reportDocument(report);
  const tables = doc.sections.flatMap((s) => s.blocks.filter((b): b is Table => b.kind === 'table'));

  it('lays the report out in sections, the exercise last', () => {
    expect(doc.sections.map((s) => s.title)).toEqual([
      'Incident',
      'Timeline',
      'Participants',
      'Items',
      'Containment per platform',
      'Containment per item and platform',
      'Exercise',
    ]);
    expect(doc.title).toBe('After-action report: TC-2025-0042');
  });

  it('has no exercise section for a live incident', () => {
    const live = reportDocument(buildReport(reportInput()));
    expect(live.sections.map((s) => s.title)).not.toContain('Exercise');
  });

  it('keeps texts plain: escaping is each format’s own', () => {
    expect(doc.subtitle).toBe('<script>alert(1)</script> Livestream, spreading');
  });

  it('is what both Markdown and HTML show: every section and every table header', () => {
    const md = renderMarkdown(report);
    const html = renderHtml(report);
    for (const section of doc.sections) {
      expect(md).toContain(`## ${section.title}\n`);
      expect(html).toContain(`<h2>${section.title}</h2>`);
    }
    for (const table of tables) {
      expect(md).toContain(`| ${table.head.join(' | ')} |`);
      expect(html).toContain(table.head.map((c) => `<th scope="col">${c}</th>`).join(''));
      if (table.title) {
        expect(md).toContain(`### ${table.title}\n`);
        expect(html).toContain(`<caption>${table.title}</caption>`);
      }
    }
  });

  it('states key-value facts as a list in Markdown and a description list in HTML', () => {
    expect(renderMarkdown(report)).toContain('- Reference: TC-2025-0042\n');
    expect(renderHtml(report)).toContain('<dt>Reference</dt><dd>TC-2025-0042</dd>');
  });
});
