import { BANK_ALGORITHMS, BANK_LIMITS, type BankAlgorithm } from '@hub/contracts';
import { invalid } from '../core/errors';
import { parseHash } from '../items/hash.parse';
import { canonicaliseUrl } from '../items/url.canonical';
import { PDQ_MIN_QUALITY } from '../matching/pdq.matcher';
import type { NewSignal } from './bank.model';

export interface SignalInput {
  algorithm?: unknown;
  value?: unknown;
  quality?: unknown;
  label?: unknown;
  sourceRef?: unknown;
}

const isBankAlgorithm = (v: unknown): v is BankAlgorithm =>
  typeof v === 'string' && (BANK_ALGORITHMS as readonly string[]).includes(v);

/** Common spellings in the lists members hold (`SHA-256`, `video_md5`) as the hub's names. */
const ALIASES: Record<string, BankAlgorithm> = {
  'sha-256': 'sha256',
  'sha-1': 'sha1',
  video_md5: 'md5',
  photo_pdq: 'pdq',
  pdq_photo: 'pdq',
  link: 'url',
};

/** The hub's name for an algorithm as a file spells it, or undefined. */
export function bankAlgorithm(name: string): BankAlgorithm | undefined {
  const lower = name.trim().toLowerCase();
  if (isBankAlgorithm(lower)) return lower;
  return ALIASES[lower];
}

function optionalText(field: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (value.length > max) throw invalid(field, `must be at most ${max} characters`);
  return value;
}

/**
 * A signal as a bank stores it: hex digests lower-case, URLs canonical, a PDQ hash of quality under 50
 * kept but marked unmatchable. Throws a validation error naming the field.
 */
export function parseSignal(input: SignalInput): NewSignal {
  const algorithm = typeof input.algorithm === 'string' ? bankAlgorithm(input.algorithm) : undefined;
  if (!algorithm) throw invalid('algorithm', `must be one of ${BANK_ALGORITHMS.join(', ')}`);
  if (typeof input.value !== 'string') throw invalid('value', 'must be a string');
  const label = optionalText('label', input.label, BANK_LIMITS.label);
  const sourceRef = optionalText('sourceRef', input.sourceRef, BANK_LIMITS.sourceRef);
  if (algorithm === 'url') {
    if (input.quality !== undefined && input.quality !== null) {
      throw invalid('quality', 'is only allowed for pdq hashes');
    }
    let canonical: string;
    try {
      canonical = canonicaliseUrl(input.value).canonical;
    } catch {
      throw invalid('value', 'is not an http(s) URL the hub can read');
    }
    return { algorithm, value: canonical, quality: null, matchable: true, label, sourceRef };
  }
  const quality = input.quality === undefined || input.quality === null ? undefined : input.quality;
  if (quality !== undefined && typeof quality !== 'number') throw invalid('quality', 'must be a number');
  let parsed;
  try {
    parsed = parseHash({ algorithm, value: input.value, quality });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^hash\./, '') : String(error);
    throw invalid(message.startsWith('quality') ? 'quality' : 'value', message.replace(/^\w+: /, ''));
  }
  const q = parsed.quality ?? null;
  return {
    algorithm,
    value: parsed.value,
    quality: q,
    matchable: algorithm !== 'pdq' || q === null || q >= PDQ_MIN_QUALITY,
    label,
    sourceRef,
  };
}
