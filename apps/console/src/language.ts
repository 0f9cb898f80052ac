import {
  DEFAULT_LANGUAGE,
  formatDateTime,
  formatNumber,
  hasMessage,
  isLanguage,
  languageOfTag,
  registerCatalogue,
  t,
  type Catalogue,
  type Language,
  type MessageKey,
  type MessageValues,
} from '@hub/i18n';

/**
 * The console's language: the member's (`GET /me`), else the one chosen here before (local storage), else
 * the browser's. Each language's catalogue is its own JSON file under /assets (named by build.js), fetched
 * when first needed; English is always loaded first, as the fallback of any message a catalogue lacks.
 */
declare const CATALOGUE_URLS: Record<Language, string> | undefined;

const STORAGE_KEY = 'crisis-hub.language';

let current: Language = DEFAULT_LANGUAGE;
const listeners = new Set<(language: Language) => void>();
const loading = new Map<Language, Promise<void>>();

/** The reader's time zone: dates and times in the console are theirs. */
export const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const language = (): Language => current;

/** A message of the catalogue in the console's language (`console.*` and the shared terms). */
export const tr = (key: MessageKey, values?: MessageValues): string => t(current, key, values);

/** The language chosen on this browser before, else the first of the browser's the hub has. */
export function browserLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage refused (private mode): the browser's languages decide.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const found = languageOfTag(tag);
    if (found) return found;
  }
  return DEFAULT_LANGUAGE;
}

/** Remembers a choice made on this browser, for the next visit and the sign-in page. */
export function rememberLanguage(chosen: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, chosen);
  } catch {
    // Not remembered on this browser; the member's own language still is (PATCH /me).
  }
}

function load(code: Language): Promise<void> {
  let pending = loading.get(code);
  if (!pending) {
    const url = typeof CATALOGUE_URLS === 'undefined' ? undefined : CATALOGUE_URLS[code];
    pending = url
      ? fetch(url)
          .then((res) => {
            if (!res.ok) throw new Error(`${url}: ${res.status}`);
            return res.json() as Promise<Catalogue>;
          })
          .then((catalogue) => registerCatalogue(code, catalogue))
      : Promise.resolve();
    // A failed fetch may be tried again later; meanwhile English (or the keys' fallback) stands in.
    pending.catch(() => loading.delete(code));
    loading.set(code, pending);
  }
  return pending;
}

/**
 * Makes a language the console's: its catalogue (and English) loaded, `<html lang>` set, and every view
 * told. A catalogue that cannot be fetched leaves the console in English rather than blank.
 */
export async function setLanguage(next: Language): Promise<void> {
  await load(DEFAULT_LANGUAGE).catch(() => undefined);
  const ready =
    next === DEFAULT_LANGUAGE ||
    (await load(next).then(
      () => true,
      () => false,
    ));
  current = ready ? next : DEFAULT_LANGUAGE;
  document.documentElement.lang = current;
  document.title = tr('console.title');
  for (const listener of listeners) listener(current);
}

export function onLanguage(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment as the reader writes it, in their time zone (`7 Dec 2026, 09:42`). */
export function when(at: string | number | Date): string {
  return formatDateTime(current, new Date(at), TIME_ZONE);
}

/** The time of day of a moment, to the second, in the reader's time zone (timelines). */
export function timeOfDay(at: string | number | Date): string {
  const id = `${current}:${TIME_ZONE}`;
  let format = timeFormats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(current, { timeStyle: 'medium', timeZone: TIME_ZONE });
    timeFormats.set(id, format);
  }
  return format.format(new Date(at));
}

/**
 * A calendar day (`7 Dec 2026`) of a date (`2026-12-07`) or of a moment's UTC date: elections' windows and
 * voting days are days of the calendar, the same wherever they are read.
 */
export function day(at: string | number | Date): string {
  const id = `day:${current}`;
  let format = timeFormats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeZone: 'UTC' });
    timeFormats.set(id, format);
  }
  return format.format(new Date(at));
}

/** The day of a moment in the reader's time zone (`7 Dec 2026`): when a member or a token was made. */
export function localDay(at: string | number | Date): string {
  const id = `localDay:${current}:${TIME_ZONE}`;
  let format = timeFormats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeZone: TIME_ZONE });
    timeFormats.set(id, format);
  }
  return format.format(new Date(at));
}

export const num = (n: number): string => formatNumber(current, n);

/**
 * The shared catalogue's word for a value of the hub's enumerations (levels, statuses, categories,
 * channels ...); a value the catalogues do not word reads with its underscores as spaces.
 */
const TERMS = {
  level: ['level.'],
  status: ['incidentStatus.', 'cellStatus.'],
  category: ['category.'],
  channel: ['channel.'],
  mode: ['mode.'],
  kind: ['itemKind.'],
  answer: ['answer.'],
  via: ['console.via.'],
  election: ['console.electionStatus.'],
  severity: ['console.severity.'],
  role: ['console.role.'],
  orgKind: ['console.orgKind.'],
  active: ['console.active.'],
  visibility: ['console.visibility.'],
  run: ['console.runStatus.'],
  import: ['console.importState.'],
  bank: ['console.bankKind.'],
  adminAction: ['console.adminAction.'],
  peerState: ['console.peerState.'],
  distribution: ['console.distribution.'],
} as const;

export type TermKind = keyof typeof TERMS;

export function term(kind: string, value: string): string {
  for (const prefix of (TERMS as Record<string, readonly string[]>)[kind] ?? []) {
    const key = `${prefix}${value}`;
    if (hasMessage(key)) return tr(key);
  }
  return value.replace(/_/g, ' ');
}
