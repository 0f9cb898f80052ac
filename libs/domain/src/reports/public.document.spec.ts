import 'reflect-metadata';
import { DomainError } from '../core/errors';
import { buildReport } from './report.builder';
import { reportFixture } from '@hub/testing';
import { renderPublicHtml, renderPublicMarkdown } from './public.document';

const { INCIDENT, ITEMS, ORGS, PDQ, reportInput, SECRETS } = reportFixture;

describe('the transparency summary', () => {
  const report = buildReport(reportInput());
  const outputs = { md: renderPublicMarkdown(report), html: renderPublicHtml(report) };

  it.each(Object.keys(outputs) as (keyof typeof outputs)[])(
    'in %s carries no URL, hash, handle, legal reference, organisation or member name, or free text',
    (format) => {
      const text = outputs[format];
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
      for (const item of ITEMS) {
        for (const value of [item.url, item.submittedUrl, item.accountHandle, item.legalReference, item.id]) {
          if (value) expect(text).not.toContain(value);
        }
      }
      expect(text).not.toContain(PDQ);
      expect(text).not.toMatch(/https?:\/\//);
      for (const org of Object.values(ORGS)) expect(text).not.toContain(org.name);
      expect(text).not.toContain(INCIDENT.title);
      if (INCIDENT.closingSummary) expect(text).not.toContain(INCIDENT.closingSummary);
    },
  );

  it('counts outcomes per platform and times against the deadlines', () => {
    expect(outputs.md).toContain('| pixgram | 2 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |');
    expect(outputs.md).toContain('Acknowledgement deadline at the incident’s level: 15 min');
    expect(outputs.html).toContain('<dt>Removal orders</dt><dd>1</dd>');
  });

  it('is only for a closed incident', () => {
    const open = buildReport(reportInput({ incident: { ...INCIDENT, status: 'active', closedAt: null } }));
    expect(() => renderPublicMarkdown(open)).toThrow(DomainError);
  });
});
