import { DomainError, ERROR_CODES } from '../core/errors';
import { formatDuration, MAX_DURATION_SECONDS, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['2m', 120],
    ['1h30m', 5400],
    ['1h', 3600],
    ['0m', 0],
    ['0s', 0],
    ['0', 0],
    ['1h30m15s', 5415],
    ['1h15s', 3615],
    ['90m', 5400],
    ['168h', MAX_DURATION_SECONDS],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    '',
    '-1m',
    '-5s',
    '1x',
    'm',
    'h',
    '1.5h',
    '1m1h',
    '30s2m',
    ' 2m',
    '2m ',
    '2 m',
    '2M',
    '00:10',
    '10',
    '169h',
    '7d',
  ])('refuses %j', (text) => {
    let error: unknown;
    try {
      parseDuration(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ERROR_CODES.VALIDATION_FAILED);
    expect((error as DomainError).details[0]).toMatchObject({ field: 'duration' });
  });

  it('says when a duration is longer than 7 days', () => {
    expect(() => parseDuration('168h1s')).toThrow('longer than 7 days');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [90, '1m30s'],
    [120, '2m'],
    [3600, '1h'],
    [5400, '1h30m'],
    [5415, '1h30m15s'],
    [3615, '1h15s'],
    [59.6, '1m'],
  ])('writes %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const seconds of [0, 1, 59, 61, 3599, 3601, 86_399, MAX_DURATION_SECONDS]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
  });

  it('refuses negative and non-finite seconds', () => {
    expect(() => formatDuration(-1)).toThrow(DomainError);
    expect(() => formatDuration(Number.NaN)).toThrow(DomainError);
  });
});
