import { formatDateTime, formatDuration, formatNumber } from './format';
import { firstSupported, fromAcceptLanguage, languageOfTag } from './languages';
import { setMissingMessageListener, t } from './translate';
import { CATALOGUES } from './catalogues';

describe('t', () => {
  it('fills ICU plurals in each language', () => {
    expect(t('en', 'mail.items', { count: 1 })).toBe('1 item');
    expect(t('en', 'mail.items', { count: 3 })).toBe('3 items');
    expect(t('fr', 'mail.items', { count: 1 })).toBe('1 élément');
    expect(t('pl', 'mail.items', { count: 2 })).toBe('2 elementy');
    expect(t('pl', 'mail.items', { count: 5 })).toBe('5 elementów');
  });

  it('falls back to English for a missing message, telling it once, and never shows a key', () => {
    const told: string[] = [];
    setMissingMessageListener((language, key) => told.push(`${language}:${key}`));
    const french = CATALOGUES.fr as Record<string, string>;
    const kept = french['time.none'];
    delete french['time.none'];
    try {
      expect(t('fr', 'time.none')).toBe('none');
      expect(t('fr', 'time.none')).toBe('none');
      expect(told).toEqual(['fr:time.none']);
      expect(t('fr', 'no.such.key' as never)).toBe('');
    } finally {
      french['time.none'] = kept;
    }
  });
});

describe('languages', () => {
  it('reads Accept-Language by quality, keeping only the hub’s languages', () => {
    expect(fromAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8')).toBe('fr');
    expect(fromAcceptLanguage('pt-BR, de;q=0.5, en;q=0.7')).toBe('en');
    expect(fromAcceptLanguage('pt, *;q=0.5')).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
    expect(languageOfTag('nl-BE')).toBe('nl');
  });

  it('takes the first of a contact’s languages the hub has, else English', () => {
    expect(firstSupported(['pt', 'es-ES', 'fr'])).toBe('es');
    expect(firstSupported(['pt'])).toBe('en');
    expect(firstSupported([])).toBe('en');
  });
});

describe('formatting through Intl', () => {
  const at = new Date('2026-12-07T05:42:00Z');
  it('writes dates in the language and time zone', () => {
    expect(formatDateTime('en', at)).toBe(
      '7 Dec 2026, 05:42 UTC'.replace(
        '7 Dec 2026',
        at.toLocaleDateString('en', { dateStyle: 'medium', timeZone: 'UTC' }),
      ),
    );
    expect(formatDateTime('de', at, 'Europe/Berlin')).toContain('06:42');
    expect(formatDateTime('fr', at)).toContain('déc.');
  });
  it('writes numbers and durations', () => {
    expect(formatNumber('de', 1234.5)).toBe('1.234,5');
    expect(formatDuration('en', 45)).toBe('45 min');
    expect(formatDuration('en', 125)).toBe('2 hr 5 min');
  });
});
