import { invalid } from '../core/errors';

/** No scenario runs longer than a week of scenario time; longer durations are typos. */
export const MAX_DURATION_SECONDS = 7 * 24 * 60 * 60;

// Hours, minutes and seconds, each optional but in that order: 90s, 2m, 1h30m, 1h30m15s.
const DURATION = /^(?:(\d{1,7})h)?(?:(\d{1,7})m)?(?:(\d{1,9})s)?$/;

/**
 * Why `text` is not a duration, or null when it is one. Shared by `parseDuration` and the scenario
 * parser, which reports the reason against a field and a line instead of throwing.
 */
export function durationProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'must be a duration like 90s, 2m or 1h30m';
  const seconds = secondsOf(text);
  if (seconds === null) return `"${text}" is not a duration like 90s, 2m or 1h30m`;
  if (seconds > MAX_DURATION_SECONDS) return `"${text}" is longer than 7 days`;
  return null;
}

/** `90s`, `2m`, `1h30m`, `1h30m15s`, `0m` or a bare `0`, in whole seconds; at most 7 days. */
export function parseDuration(text: string): number {
  const problem = durationProblem(text);
  if (problem !== null) throw invalid('duration', problem);
  return secondsOf(text)!;
}

/** The shortest text `parseDuration` reads back as `seconds` (rounded to whole seconds): 5415 → 1h30m15s. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw invalid('duration', 'must be zero or more seconds');
  const total = Math.round(seconds);
  if (total === 0) return '0m';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

function secondsOf(text: string): number | null {
  if (text === '0') return 0;
  const match = DURATION.exec(text);
  // The pattern also matches the empty string: at least one part must be there.
  if (!match || text.length === 0) return null;
  const [, h, m, s] = match;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}
