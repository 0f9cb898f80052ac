import type { HashAlgorithm } from '@hub/contracts';
import { invalid } from '../core/errors';
import { canonicalVpdqFrames, formatStoredVpdq, vpdqDedupKey, type VpdqFrame } from './vpdq.frames';

export const MAX_OPAQUE_HASH_LENGTH = 4096;

export interface HashInput {
  algorithm: string;
  value?: string;
  quality?: number | null;
  /** A video's vPDQ frames, instead of a value. */
  frames?: unknown;
}

export interface ParsedHash {
  algorithm: HashAlgorithm;
  /**
   * Hex digests lower-cased; opaque video hashes trimmed and otherwise kept as sent; vPDQ frames as
   * their stored text (`formatStoredVpdq`).
   */
  value: string;
  quality?: number;
  /** Canonical, for a vPDQ hash shared as frames. */
  frames?: VpdqFrame[];
  /** Two shares of the same hash in an incident are one item: this is the key they meet on. */
  dedupKey: string;
}

interface HashFormat {
  pattern: RegExp;
  describe: string;
  lowerCase: boolean;
  hasQuality: boolean;
}

const hex = (digits: number): Pick<HashFormat, 'pattern' | 'describe' | 'lowerCase'> => ({
  pattern: new RegExp(`^[0-9a-fA-F]{${digits}}$`),
  describe: `exactly ${digits} hexadecimal digits`,
  lowerCase: true,
});

// Printable ASCII without spaces covers base64, base64url and hex encodings of TMK and vPDQ output.
const opaque: Pick<HashFormat, 'pattern' | 'describe' | 'lowerCase'> = {
  pattern: new RegExp(`^[\\x21-\\x7e]{1,${MAX_OPAQUE_HASH_LENGTH}}$`),
  describe: `1 to ${MAX_OPAQUE_HASH_LENGTH} printable ASCII characters without whitespace`,
  lowerCase: false,
};

// Keyed by the contract's union, so adding an algorithm there fails to compile until it has a format here.
const FORMATS: Record<HashAlgorithm, HashFormat> = {
  pdq: { ...hex(64), hasQuality: true },
  md5: { ...hex(32), hasQuality: false },
  sha1: { ...hex(40), hasQuality: false },
  sha256: { ...hex(64), hasQuality: false },
  tmk: { ...opaque, hasQuality: false },
  vpdq: { ...opaque, hasQuality: true },
};

export const isHashAlgorithm = (value: unknown): value is HashAlgorithm =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(FORMATS, value);

export function parseHash(input: HashInput): ParsedHash {
  const { algorithm, value, quality } = input;
  if (!isHashAlgorithm(algorithm)) {
    throw invalid('hash.algorithm', `must be one of ${Object.keys(FORMATS).join(', ')}`);
  }
  const format = FORMATS[algorithm];
  let parsed: ParsedHash;
  if (input.frames !== undefined && input.frames !== null) {
    if (algorithm !== 'vpdq') throw invalid('hash.frames', `only a vpdq hash has frames, not ${algorithm}`);
    if (value !== undefined)
      throw invalid('hash.value', 'a vpdq hash is sent as frames or as a value, not both');
    const frames = canonicalVpdqFrames(input.frames);
    const stored = formatStoredVpdq(frames);
    parsed = { algorithm, value: stored, frames, dedupKey: vpdqDedupKey(stored) };
  } else {
    if (typeof value !== 'string') throw invalid('hash.value', `must be a string of ${format.describe}`);
    const trimmed = value.trim();
    if (!format.pattern.test(trimmed))
      throw invalid('hash.value', `a ${algorithm} hash must be ${format.describe}`);
    const kept = format.lowerCase ? trimmed.toLowerCase() : trimmed;
    parsed = { algorithm, value: kept, dedupKey: `${algorithm}:${kept}` };
  }
  if (quality !== undefined && quality !== null) {
    if (!format.hasQuality)
      throw invalid('hash.quality', `is only allowed for pdq and vpdq hashes, not ${algorithm}`);
    if (!Number.isInteger(quality) || quality < 0 || quality > 100) {
      throw invalid('hash.quality', 'must be an integer from 0 to 100');
    }
    parsed.quality = quality;
  }
  return parsed;
}

/** Two shares of the same exact hash in an incident are one item: this is the key they meet on. */
export function dedupKeyForHash(algorithm: string, value: string): string {
  return parseHash({ algorithm, value }).dedupKey;
}
