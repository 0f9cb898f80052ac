import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LANGUAGE, type Language } from './languages';

/** Every key of the catalogues: English is the reference the others must match (catalogue.spec.ts). */
export type MessageKey = keyof typeof import('../catalogues/en.json');

/** One language's messages: key to ICU MessageFormat source. */
export type Catalogue = Readonly<Record<string, string>>;

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

/** Told once per (language, key) when a catalogue lacks a message and English stands in. */
export type MissingMessageListener = (language: string, key: string) => void;

let onMissing: MissingMessageListener = (language, key) =>
  console.warn(`i18n: no "${key}" in the ${language} catalogue; English stands in`);

/** Where missing messages are told (the server's logger); the default is a console warning. */
export function setMissingMessageListener(listener: MissingMessageListener): void {
  onMissing = listener;
}

/** The catalogues loaded so far: every one on the server, English and the reader's in a browser. */
const loaded: Partial<Record<Language, Catalogue>> = {};
const compiled = new Map<string, IntlMessageFormat>();

/** Makes a language's messages available (again: a newer catalogue replaces the compiled messages). */
export function registerCatalogue(language: Language, catalogue: Catalogue): void {
  loaded[language] = catalogue;
  for (const id of compiled.keys()) if (id.startsWith(`${language}\u0000`)) compiled.delete(id);
}

const toldMissing = new Set<string>();

function formatOf(language: Language, key: string): IntlMessageFormat | undefined {
  const id = `${language}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    const source = loaded[language]?.[key];
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
  let format = formatOf(language, key);
  if (!format && language !== DEFAULT_LANGUAGE) {
    const id = `${language}\u0000${key}`;
    if (!toldMissing.has(id)) {
      toldMissing.add(id);
      onMissing(language, key);
    }
    format = formatOf(DEFAULT_LANGUAGE, key);
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
  return key in (loaded[DEFAULT_LANGUAGE] ?? {});
}
