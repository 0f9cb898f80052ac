import { DomainError, invalid } from '../core/errors';
import { canonicaliseUrl } from '../items';

import type { NarrativeInput, NarrativeRecord } from './narrative.model';

/** Spaces collapsed, ends trimmed: how a title is kept. */
const tidy = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * What makes two narratives the same: the title, lower-cased with its spaces collapsed (case and spacing are
 * how the same claim is retyped; the wording is not guessed at).
 */
export function narrativeDedupKey(title: string): string {
  return `narrative:${tidy(title).normalize('NFC').toLowerCase()}`;
}

/**
 * A narrative checked and tidied: a title, keywords and languages once each, example URLs canonicalised like
 * item URLs (never fetched: a narrative's examples are evidence named, not content retrieved).
 */
export function normaliseNarrative(input: NarrativeInput | undefined): {
  narrative: NarrativeRecord;
  dedupKey: string;
} {
  if (!input || typeof input.title !== 'string')
    throw invalid('narrative.title', 'is required for a narrative');
  const title = tidy(input.title);
  if (!title) throw invalid('narrative.title', 'must not be empty');
  const description = input.description?.trim();
  const keywords = unique((input.keywords ?? []).map(tidy).filter(Boolean), (k) => k.toLowerCase());
  const languages = unique(
    (input.languages ?? []).map((l) => l.trim().toLowerCase()),
    (l) => l,
  );
  const examples = unique(
    (input.examples ?? []).map((raw, i) => {
      try {
        return canonicaliseUrl(raw).canonical;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        throw invalid(`narrative.examples[${i}]`, error.details[0]?.message ?? error.message);
      }
    }),
    (u) => u,
  );
  return {
    narrative: { title, ...(description ? { description } : {}), keywords, languages, examples },
    dedupKey: narrativeDedupKey(title),
  };
}

function unique<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => !seen.has(key(v)) && !!seen.add(key(v)));
}
