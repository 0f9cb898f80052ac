import 'reflect-metadata';
import { buildReport } from './report.builder';
import { reportFixture } from '@hub/testing';
import { csvField, renderCsv } from './report.render';

const { at, parseCsv, reportInput } = reportFixture;

describe('renderCsv', () => {
  const csv = renderCsv(buildReport(reportInput()));
  const rows = parseCsv(csv);

  it('has a header row and one CRLF-terminated row per item and platform', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(rows[0]).toEqual([
      'itemId',
      'kind',
      'url',
      'hashAlgorithm',
      'hashValue',
      'accountPlatform',
      'channel',
      'platformKey',
      'status',
      'createdAt',
      'ackDueAt',
      'acknowledgedAt',
      'minutesToAcknowledge',
      'metAckDeadline',
      'actionDueAt',
      'actedAt',
      'minutesToAct',
      'metActionDeadline',
      'answeredVia',
      'reportedBy',
      'recordedBy',
    ]);
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.length === 21)).toBe(true);
    expect(rows[1]).toEqual([
      'item-1',
      'url',
      'https://videoshare.example/v/abc',
      '',
      '',
      '',
      'removal_order',
      'videoshare',
      'removed',
      at(2).toISOString(),
      at(17).toISOString(),
      at(7).toISOString(),
      '5',
      'yes',
      at(62).toISOString(),
      at(32).toISOString(),
      '30',
      'yes',
      'hub',
      '',
      'liaison',
    ]);
  });

  it('names an account by its platform, never by its handle (personal data)', () => {
    expect(rows[5].slice(0, 6)).toEqual(['item-3', 'account', '', '', '', 'chirp']);
    expect(csv).not.toContain('cmd()');
    expect(csv).not.toContain('odd,');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['plain', 'plain'],
    [null, ''],
    [12.5, '12.5'],
  ])('csvField(%j) is %j', (input, output) => {
    expect(csvField(input)).toBe(output);
  });
});
