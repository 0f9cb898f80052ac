import type { Language } from './languages';

/**
 * Dates, numbers and durations through `Intl`, in the reader's language and time zone. Formatters are
 * kept: making one costs far more than using it, and an e-mail batch formats the same way many times.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(id: string, make: () => T): T {
  let formatter = formatters.get(id) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(id, formatter);
  }
  return formatter;
}

/** A moment with its date, time to the minute and time zone (`7 Dec 2026, 05:42 UTC`). */
export function formatDateTime(language: Language, at: Date, timeZone = 'UTC'): string {
  return cached(
    `dt:${language}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(language, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone,
        hourCycle: language === 'en' ? 'h23' : undefined,
      }),
  )
    .format(at)
    .concat(timeZone === 'UTC' ? ' UTC' : '');
}

export function formatNumber(language: Language, n: number): string {
  return cached(`n:${language}`, () => new Intl.NumberFormat(language)).format(n);
}

/** A duration in minutes, as hours and minutes once past an hour (`1 h 5 min`, `1 Std. 5 Min.`). */
export function formatDuration(language: Language, minutes: number): string {
  const unit = (u: 'hour' | 'minute') =>
    cached(
      `u:${language}:${u}`,
      () => new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: 'short' }),
    );
  const whole = Math.round(minutes);
  if (Math.abs(whole) < 60) return unit('minute').format(whole);
  const h = Math.trunc(whole / 60);
  const m = Math.abs(whole % 60);
  return m === 0 ? unit('hour').format(h) : `${unit('hour').format(h)} ${unit('minute').format(m)}`;
}
