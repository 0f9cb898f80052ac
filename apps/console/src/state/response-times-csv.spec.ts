import { responseTimesCsv } from './response-times-csv';

describe('responseTimesCsv', () => {
  it('writes one line a platform, with a column for each status seen', () => {
    const csv = responseTimesCsv([
      {
        platformKey: 'clipcast',
        cells: 2,
        replied: 0,
        medianFirstReplyMinutes: null,
        p90FirstReplyMinutes: null,
        medianOutcomeMinutes: null,
        p90OutcomeMinutes: null,
        outcomes: { pending: 2 },
        overdue: 2,
      },
      {
        platformKey: 'videoshare',
        cells: 5,
        replied: 4,
        medianFirstReplyMinutes: 20,
        p90FirstReplyMinutes: 40.5,
        medianOutcomeMinutes: 40,
        p90OutcomeMinutes: 60,
        outcomes: { removed: 2, acknowledged: 1, pending: 1, labelled: 1 },
        overdue: 3,
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'platformKey,cells,replied,medianFirstReplyMinutes,p90FirstReplyMinutes,medianOutcomeMinutes,p90OutcomeMinutes,overdue,status_acknowledged,status_labelled,status_pending,status_removed',
      'clipcast,2,0,,,,,2,0,0,2,0',
      'videoshare,5,4,20,40.5,40,60,3,1,1,1,2',
      '',
    ]);
  });

  it('answers the header alone when no platform was asked', () => {
    expect(responseTimesCsv([])).toMatch(/^platformKey,.*overdue\r\n$/);
  });
});
