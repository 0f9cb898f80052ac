import type { HashAlgorithm } from '@hub/contracts';
import { invalid } from '../core/errors';
import { addShare, parsedImport, type ImportedShare, type ParsedImport } from './export.model';

/** STIX hash keys (the vocabulary's, some common spellings, and the hub's custom ones) as the hub's algorithms. */
const HASH_KEYS: Record<string, HashAlgorithm> = {
  md5: 'md5',
  'sha-1': 'sha1',
  sha1: 'sha1',
  'sha-256': 'sha256',
  sha256: 'sha256',
  pdq: 'pdq',
  tmk: 'tmk',
  vpdq: 'vpdq',
};

const LITERAL = String.raw`'((?:[^'\\]|\\.)*)'`;
/** The one-comparison patterns the hub writes: `[url:value = '...']`, `[file:hashes.'SHA-256' = '...']`. */
const URL_PATTERN = new RegExp(String.raw`^\[\s*url:value\s*=\s*${LITERAL}\s*\]$`);
const HASH_PATTERN = new RegExp(
  String.raw`^\[\s*file:hashes\.(?:'([^']+)'|([A-Za-z0-9_-]+))\s*=\s*${LITERAL}\s*\]$`,
);

const unescape = (literal: string): string => literal.replace(/\\(.)/g, '$1');

/** The share a STIX pattern names, or why the hub cannot read it. */
export function parseStixPattern(pattern: string): ImportedShare | { reason: string } {
  const url = URL_PATTERN.exec(pattern.trim());
  if (url) return { kind: 'url', url: unescape(url[1]) };
  const hash = HASH_PATTERN.exec(pattern.trim());
  if (hash) {
    const key = hash[1] ?? hash[2];
    const algorithm = HASH_KEYS[key.toLowerCase()];
    if (!algorithm) return { reason: `hash key ${key} is not one the hub holds` };
    return { kind: 'hash', hash: { algorithm, value: unescape(hash[3]) } };
  }
  return { reason: 'only a single url:value or file:hashes comparison is read' };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shares in a STIX 2.1 bundle: indicators with STIX patterns, url, file and user-account observables. */
export function parseStixBundle(body: unknown): ParsedImport {
  if (!isObject(body) || body.type !== 'bundle') {
    throw invalid('body', 'a STIX bundle is a JSON object with "type": "bundle"');
  }
  if (body.objects !== undefined && !Array.isArray(body.objects)) {
    throw invalid('body.objects', 'must be an array of STIX objects');
  }
  const out = parsedImport();
  const objects = (body.objects ?? []) as unknown[];
  objects.forEach((object, index) => {
    const at = `objects[${index}]`;
    if (!isObject(object) || typeof object.type !== 'string') {
      out.unreadable.push({ at, reason: 'not a STIX object (an object with a type)' });
      return;
    }
    switch (object.type) {
      case 'indicator': {
        if (object.pattern_type !== 'stix' || typeof object.pattern !== 'string') {
          out.unreadable.push({
            at,
            reason: `pattern_type ${String(object.pattern_type)} is not read; only stix`,
          });
          return;
        }
        const share = parseStixPattern(object.pattern);
        if ('reason' in share)
          out.unreadable.push({ at, reason: `${share.reason}: ${object.pattern.slice(0, 200)}` });
        else addShare(out, at, share);
        return;
      }
      case 'url':
        if (typeof object.value === 'string') addShare(out, at, { kind: 'url', url: object.value });
        else out.unreadable.push({ at, reason: 'a url observable without a value' });
        return;
      case 'file': {
        const hashes = isObject(object.hashes) ? object.hashes : {};
        const known = Object.entries(hashes).filter(
          ([key, value]) => HASH_KEYS[key.toLowerCase()] && typeof value === 'string',
        );
        if (!known.length) out.skipped++;
        for (const [key, value] of known) {
          addShare(out, at, {
            kind: 'hash',
            hash: { algorithm: HASH_KEYS[key.toLowerCase()], value: value as string },
          });
        }
        return;
      }
      case 'user-account': {
        const handle = object.account_login ?? object.user_id;
        if (typeof object.account_type === 'string' && typeof handle === 'string') {
          addShare(out, at, { kind: 'account', account: { platformKey: object.account_type, handle } });
        } else
          out.unreadable.push({
            at,
            reason: 'a user-account needs account_type and account_login or user_id',
          });
        return;
      }
      default:
        out.skipped++;
    }
  });
  return out;
}
