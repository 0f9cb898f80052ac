import { checkElectionWindow, checkExtension } from './election.rules';
import { electionStatus } from './election.model';
import { DomainError } from '../core/errors';

const at = (s: string) => new Date(s);
const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.details[0]?.field : 'not a domain error';
  }
  return undefined;
};

describe('election windows', () => {
  const from = at('2026-05-01T00:00:00Z');

  it('accepts exactly 90 days and refuses a minute more, naming activeUntil', () => {
    expect(
      checkElectionWindow({
        activeFrom: from,
        activeUntil: at('2026-07-30T00:00:00Z'),
        votingDays: ['2026-06-07'],
      }),
    ).toEqual(['2026-06-07']);
    expect(
      fieldOf(() =>
        checkElectionWindow({ activeFrom: from, activeUntil: at('2026-07-30T00:01:00Z'), votingDays: [] }),
      ),
    ).toBe('activeUntil');
    expect(fieldOf(() => checkElectionWindow({ activeFrom: from, activeUntil: from, votingDays: [] }))).toBe(
      'activeUntil',
    );
  });

  it('holds voting days that touch the window, sorted once each; refuses others and non-dates', () => {
    const window = { activeFrom: at('2026-06-01T12:00:00Z'), activeUntil: at('2026-06-10T06:00:00Z') };
    expect(
      checkElectionWindow({ ...window, votingDays: ['2026-06-10', '2026-06-01', '2026-06-10'] }),
    ).toEqual(['2026-06-01', '2026-06-10']);
    expect(fieldOf(() => checkElectionWindow({ ...window, votingDays: ['2026-05-31'] }))).toBe('votingDays');
    expect(fieldOf(() => checkElectionWindow({ ...window, votingDays: ['2026-06-11'] }))).toBe('votingDays');
    expect(fieldOf(() => checkElectionWindow({ ...window, votingDays: ['2026-02-30'] }))).toBe('votingDays');
  });

  it('extends later, by at most 90 days at a time, with a reason', () => {
    const end = at('2026-06-10T00:00:00Z');
    expect(checkExtension(end, at('2026-06-12T00:00:00Z'), '  Run-off  ')).toBe('Run-off');
    expect(fieldOf(() => checkExtension(end, at('2026-06-12T00:00:00Z'), ' '))).toBe('reason');
    expect(fieldOf(() => checkExtension(end, end, 'Recount'))).toBe('until');
    expect(fieldOf(() => checkExtension(end, at('2026-09-08T00:00:01Z'), 'Recount'))).toBe('until');
  });

  it('says scheduled, active or ended from the clock', () => {
    const e = { activeFrom: at('2026-06-01T00:00:00Z'), activeUntil: at('2026-06-10T00:00:00Z') };
    expect(electionStatus(e, at('2026-05-31T23:59:59Z'))).toBe('scheduled');
    expect(electionStatus(e, at('2026-06-01T00:00:00Z'))).toBe('active');
    expect(electionStatus(e, at('2026-06-10T00:00:00Z'))).toBe('active');
    expect(electionStatus(e, at('2026-06-10T00:00:01Z'))).toBe('ended');
  });
});
