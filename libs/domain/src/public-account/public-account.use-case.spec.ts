import type { AnalyticsQueries, ResponseTimesFilter } from '../analytics/analytics.ports';
import { DomainError } from '../core/errors';
import { PublicAccountUseCase } from './public-account.use-case';

function fakeQueries() {
  const calls: ResponseTimesFilter[] = [];
  const queries: AnalyticsQueries = {
    responseTimes: async (filter) => {
      calls.push(filter);
      return [];
    },
    election: async () => null,
    bulletinCounts: async () => {
      throw new Error('not used');
    },
    closedGroups: async () => ({ total: calls.length, categories: [], elections: [] }),
  };
  return { queries, calls };
}

describe('PublicAccountUseCase', () => {
  const start = new Date('2026-04-01T12:00:00Z');
  let now = start;
  const clock = { now: () => now };

  it('does not exist when switched off', async () => {
    const { queries } = fakeQueries();
    const account = new PublicAccountUseCase(queries, clock, { enabled: false, delayDays: 7 });
    await expect(account.get()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(account.get()).rejects.toBeInstanceOf(DomainError);
    expect(account.builds).toBe(0);
  });

  it('counts closed live incidents closed before now minus the delay', async () => {
    now = start;
    const { queries, calls } = fakeQueries();
    const view = await new PublicAccountUseCase(queries, clock, { enabled: true, delayDays: 7 }).get();
    expect(calls[0]).toMatchObject({ mode: 'live', closedBefore: new Date('2026-03-25T12:00:00Z') });
    expect(view).toMatchObject({ closedBefore: '2026-03-25T12:00:00.000Z', delayDays: 7 });
  });

  it('is built once a minute, however many read it', async () => {
    now = start;
    const { queries, calls } = fakeQueries();
    const account = new PublicAccountUseCase(queries, clock, { enabled: true, delayDays: 7 });
    const [a, b] = await Promise.all([account.get(), account.get()]);
    expect(b).toBe(a);
    now = new Date(start.getTime() + 59_999);
    expect(await account.get()).toBe(a);
    expect(account.builds).toBe(1);
    now = new Date(start.getTime() + 60_000);
    const rebuilt = await account.get();
    expect(rebuilt).not.toBe(a);
    expect(rebuilt.generatedAt).toBe(now.toISOString());
    expect(account.builds).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it('does not keep a failed build', async () => {
    now = start;
    const { queries } = fakeQueries();
    let fail = true;
    const flaky: AnalyticsQueries = {
      ...queries,
      responseTimes: async (f) => {
        if (fail) throw new Error('database away');
        return queries.responseTimes(f);
      },
    };
    const account = new PublicAccountUseCase(flaky, clock, { enabled: true, delayDays: 7 });
    await expect(account.get()).rejects.toThrow('database away');
    fail = false;
    await expect(account.get()).resolves.toMatchObject({ delayDays: 7 });
    expect(account.builds).toBe(2);
  });
});
