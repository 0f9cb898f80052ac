import type { BulletinView } from '@hub/contracts';
import type { Actor } from '../core/actor';
import type { AnalyticsQueries } from './analytics.ports';
import { dayStart, ElectionBulletinUseCase } from './bulletin.use-case';
import { renderBulletin } from './bulletin.document';
import { periodBound, ResponseTimesUseCase } from './response-times.use-case';

const actor = (role: Actor['role'], organisationId = 'org-1'): Actor => ({
  memberId: 'm',
  organisationId,
  displayName: 'Someone',
  role,
  organisationKind: 'authority',
});

const queries = (over: Partial<AnalyticsQueries> = {}): AnalyticsQueries => ({
  responseTimes: async () => [],
  election: async (id) => ({ id, name: 'Test elections', participants: ['org-1'] }),
  bulletinCounts: async () => ({
    incidentsDeclared: 1,
    incidentsWithFlags: 1,
    flagsByKind: [{ key: 'url', count: 2 }],
    flagsByTechnique: [],
    warningsBySeverity: [{ key: 'urgent', count: 1 }],
  }),
  closedGroups: async () => ({ total: 0, categories: [], elections: [] }),
  ...over,
});
const clock = { now: () => new Date('2026-06-02T10:00:00Z') };

describe('periodBound', () => {
  it('takes a day as its start, or as the start of the next day for `to`', () => {
    expect(periodBound('2026-05-01', 'from').toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(periodBound('2026-05-01', 'to').toISOString()).toBe('2026-05-02T00:00:00.000Z');
    expect(periodBound('2026-05-01T08:30:00Z', 'to').toISOString()).toBe('2026-05-01T08:30:00.000Z');
  });
});

describe('ResponseTimesUseCase', () => {
  it('is for coordinators, observers and admins, live by default', async () => {
    const seen: unknown[] = [];
    const useCase = new ResponseTimesUseCase(
      queries({ responseTimes: async (f) => (seen.push(f), []) }),
      clock,
    );
    for (const role of ['authority', 'liaison', 'flagger'] as const) {
      await expect(useCase.run(actor(role), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    for (const role of ['coordinator', 'observer', 'admin'] as const) {
      await expect(useCase.run(actor(role), {})).resolves.toEqual({ platforms: [] });
    }
    expect(seen[0]).toMatchObject({ mode: 'live' });
  });

  it('refuses a period that ends before it starts, naming `to`', async () => {
    const useCase = new ResponseTimesUseCase(queries(), clock);
    await expect(
      useCase.run(actor('coordinator'), { from: '2026-05-02', to: '2026-05-01' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'to' }] });
  });
});

describe('ElectionBulletinUseCase', () => {
  it('refuses a day no calendar has', () => {
    expect(() => dayStart('2026-02-30')).toThrow(/date/);
    expect(dayStart('2026-02-28').toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('is read by participants, coordinators and observers; hidden from others; refused to admins', async () => {
    const useCase = new ElectionBulletinUseCase(queries(), clock);
    await expect(useCase.build(actor('authority'), 'e', '2026-06-01')).resolves.toMatchObject({
      flags: { total: 2 },
      warnings: { total: 1 },
    });
    await expect(useCase.build(actor('observer', 'org-2'), 'e', '2026-06-01')).resolves.toBeDefined();
    await expect(useCase.build(actor('authority', 'org-2'), 'e', '2026-06-01')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(useCase.build(actor('admin', 'org-1'), 'e', '2026-06-01')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('asks for the cells created that day, of live incidents of the election', async () => {
    const seen: unknown[] = [];
    const useCase = new ElectionBulletinUseCase(
      queries({ responseTimes: async (f) => (seen.push(f), []) }),
      clock,
    );
    await useCase.build(actor('coordinator'), 'e', '2026-06-01');
    expect(seen[0]).toEqual({
      mode: 'live',
      electionId: 'e',
      cellsFrom: new Date('2026-06-01T00:00:00Z'),
      cellsTo: new Date('2026-06-02T00:00:00Z'),
      now: clock.now(),
    });
  });
});

describe('renderBulletin', () => {
  const bulletin: BulletinView = {
    election: { id: 'e', name: 'Elections <2026>' },
    date: '2026-06-01',
    generatedAt: '2026-06-02T10:00:00.000Z',
    incidents: { declared: 1, withFlags: 1 },
    flags: { total: 1, byKind: [{ key: 'url', count: 1 }], byTechnique: [{ key: 'T0022', count: 1 }] },
    platforms: [
      {
        platformKey: 'videoshare',
        cells: 2,
        replied: 1,
        medianFirstReplyMinutes: 12.5,
        p90FirstReplyMinutes: 12.5,
        medianOutcomeMinutes: null,
        p90OutcomeMinutes: null,
        outcomes: { acknowledged: 1, pending: 1 },
        overdue: 0,
      },
    ],
    warnings: { total: 0, bySeverity: [] },
  };

  it('writes Markdown and escaped HTML from the same layout', () => {
    const md = renderBulletin(bulletin, 'md');
    expect(md).toContain('# Bulletin: Elections &lt;2026&gt;: 2026-06-01');
    expect(md).toContain(
      '| videoshare | 2 | 1 | 12.5 min | 12.5 min | — | — | 0 | acknowledged 1, pending 1 |',
    );
    expect(md).toContain('No warning was issued.');
    const html = renderBulletin(bulletin, 'html');
    expect(html).toContain('Bulletin: Elections &lt;2026&gt;');
    expect(html).toContain('<td>videoshare</td>');
  });
});
