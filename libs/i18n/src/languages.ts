import { LANGUAGES, type Language } from '@hub/contracts';

export { LANGUAGES, type Language };

/** The fallback of every message, and the language of the API's stable `message`. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language by its own name, for switchers: endonyms are proper names and stay untranslated. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  nl: 'Nederlands',
  it: 'Italiano',
  es: 'Español',
  pl: 'Polski',
};

export const isLanguage = (code: unknown): code is Language =>
  typeof code === 'string' && (LANGUAGES as readonly string[]).includes(code);

/** The sentence every refusal of an unknown code ends with. */
export const SUPPORTED_LANGUAGES_TEXT = `one of ${LANGUAGES.join(', ')}`;

/**
 * The hub's language for a language tag (`fr`, `fr-BE`, `pt-BR`): its primary subtag when the hub has it.
 */
export function languageOfTag(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : undefined;
}

/** The first of a contact's `languages` the hub has, else English. */
export function firstSupported(tags: readonly string[] | null | undefined): Language {
  for (const tag of tags ?? []) {
    const language = languageOfTag(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * The language an `Accept-Language` header prefers among the hub's, by quality then order; undefined when it
 * names none of them (or there is no header). `*` does not count: it asks for nothing in particular.
 */
export function fromAcceptLanguage(header: string | undefined | null): Language | undefined {
  if (!header) return undefined;
  const ranges = header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.tag && r.tag !== '*' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    const language = languageOfTag(range.tag);
    if (language) return language;
  }
  return undefined;
}
