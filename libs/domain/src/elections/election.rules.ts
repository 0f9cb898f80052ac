import { ELECTION_MAX_WINDOW_DAYS } from '@hub/contracts';
import { invalid } from '../core/errors';

const DAY_MS = 86_400_000;
export const ELECTION_MAX_WINDOW_MS = ELECTION_MAX_WINDOW_DAYS * DAY_MS;

/** A date-time of the API as a `Date`, refusing what the calendar does not hold. */
export function parseInstant(field: string, value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalid(field, 'is not a date-time');
  return at;
}

/** `2026-06-07`, checked against the calendar (`2026-02-30` is refused). */
function parseDay(value: string): Date {
  const day = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw invalid('votingDays', `${value} is not a date`);
  }
  return day;
}

/**
 * A new election's window: it ends after it starts, lasts at most 90 days, and holds every voting day
 * (a day counts as inside when any of its 24 hours, UTC, is). Answers the voting days sorted, once each.
 */
export function checkElectionWindow(input: {
  activeFrom: Date;
  activeUntil: Date;
  votingDays: readonly string[];
}): string[] {
  const from = input.activeFrom.getTime();
  const until = input.activeUntil.getTime();
  if (until <= from) throw invalid('activeUntil', 'must be later than activeFrom');
  if (until - from > ELECTION_MAX_WINDOW_MS) {
    throw invalid(
      'activeUntil',
      `the window may last at most ${ELECTION_MAX_WINDOW_DAYS} days; extend it later, with a reason, if needed`,
    );
  }
  const days = [...new Set(input.votingDays)].sort();
  for (const value of days) {
    const start = parseDay(value).getTime();
    if (start + DAY_MS <= from || start > until) {
      throw invalid('votingDays', `${value} falls outside the window from activeFrom to activeUntil`);
    }
  }
  return days;
}

/**
 * An extension moves the end later, by at most 90 days at a time: each one is a decision of its own,
 * recorded with its reason, so a window may outgrow 90 days only through such recorded steps.
 */
export function checkExtension(currentUntil: Date, until: Date, reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw invalid('reason', 'an extension needs a reason');
  if (until.getTime() <= currentUntil.getTime()) {
    throw invalid('until', `must be later than the current end, ${currentUntil.toISOString()}`);
  }
  if (until.getTime() - currentUntil.getTime() > ELECTION_MAX_WINDOW_MS) {
    throw invalid(
      'until',
      `an extension may add at most ${ELECTION_MAX_WINDOW_DAYS} days to the current end`,
    );
  }
  return trimmed;
}
