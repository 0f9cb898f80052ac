import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, type Catalogue, type MessageKey } from './catalogues';
import { DEFAULT_LANGUAGE, type Language } from './languages';

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

/** Told once per (language, key) when a catalogue lacks a message and English stands in. */
export type MissingMessageListener = (language: string, key: string) => void;

let onMissing: MissingMessageListener = (language, key) =>
  console.warn(`i18n: no "${key}" in the ${language} catalogue; English stands in`);

/** Where missing messages are told (the server's logger); the default is a console warning. */
export function setMissingMessageListener(listener: MissingMessageListener): void {
  onMissing = listener;
}

const compiled = new Map<string, IntlMessageFormat>();
const toldMissing = new Set<string>();

function formatOf(language: Language, key: string, catalogue: Catalogue): IntlMessageFormat | undefined {
  const id = `${language}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    const source = catalogue[key];
    if (source === undefined) return undefined;
    format = new IntlMessageFormat(source, language);
    compiled.set(id, format);
  }
  return format;
}

/**
 * A message of the catalogues in a language, its ICU placeholders filled. A language without the message
 * falls back to English (told once); a key no catalogue has gives an empty string: a key never shows.
 */
export function t(language: Language, key: MessageKey, values?: MessageValues): string {
  let format = formatOf(language, key, CATALOGUES[language] ?? CATALOGUES[DEFAULT_LANGUAGE]);
  if (!format && language !== DEFAULT_LANGUAGE) {
    const id = `${language}\u0000${key}`;
    if (!toldMissing.has(id)) {
      toldMissing.add(id);
      onMissing(language, key);
    }
    format = formatOf(DEFAULT_LANGUAGE, key, CATALOGUES[DEFAULT_LANGUAGE]);
  }
  if (!format) {
    const id = `*\u0000${key}`;
    if (!toldMissing.has(id)) {
      toldMissing.add(id);
      onMissing(DEFAULT_LANGUAGE, key);
    }
    return '';
  }
  return String(format.format(values as Record<string, string | number | Date | boolean>));
}

/** A translator bound to one language: `tr('mail.greeting', { name })`. */
export type Translator = (key: MessageKey, values?: MessageValues) => string;

export const translator =
  (language: Language): Translator =>
  (key, values) =>
    t(language, key, values);

/** Whether the catalogues know a key (for keys made from data, such as `cellStatus.${status}`). */
export function hasMessage(key: string): key is MessageKey {
  return key in CATALOGUES[DEFAULT_LANGUAGE];
}
