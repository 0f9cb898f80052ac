import { deadlineVerdict } from './containment-summary';

const T0 = new Date('2026-03-15T13:40:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

describe('deadlineVerdict', () => {
  // due, done, paused, now → verdict
  it.each([
    [null, null, false, 30, null],
    [15, 10, false, 30, 'yes'],
    [15, 15, false, 30, 'yes'],
    [15, 20, false, 30, 'no'],
    [15, null, false, 30, 'no'],
    [15, null, true, 30, 'open'],
    [15, null, false, 10, 'open'],
    [15, 20, true, 30, 'no'],
  ] as const)('due %p, done %p, paused %p, at %p: %p', (due, done, paused, now, verdict) => {
    const date = (m: number | null) => (m === null ? null : at(m));
    expect(deadlineVerdict(date(due), date(done), paused, at(now))).toBe(verdict);
  });
});
