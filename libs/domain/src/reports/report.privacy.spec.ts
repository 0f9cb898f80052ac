import 'reflect-metadata';
import type { IncidentReport } from './report.model';
import { buildReport } from './report.builder';
import { reportFixture } from '@hub/testing';
import { renderCsv, renderHtml, renderMarkdown } from './report.render';

const { EXERCISE, reportInput, SECRETS } = reportFixture;

const renderAll = (report: IncidentReport): Record<string, string> => ({
  json: JSON.stringify(report),
  md: renderMarkdown(report),
  html: renderHtml(report),
  csv: renderCsv(report),
});

describe('personal data', () => {
  const outputs = renderAll(buildReport(reportInput({ exercise: EXERCISE })));

  it.each(Object.keys(outputs))(
    'the %s report holds no uploader handle, message text, member or secret',
    (format) => {
      const text = outputs[format];
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
      expect(text).not.toContain('uploaderHandle');
    },
  );

  it('still counts the messages', () => {
    expect(outputs.md).toContain('Messages posted: 2');
    expect(outputs.html).toContain('<dt>Messages posted</dt><dd>2</dd>');
  });
});
