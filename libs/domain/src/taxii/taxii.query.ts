import { TAXII_LIMITS } from '@hub/contracts';
import { invalid } from '../core/errors';
import type { AddedAt } from './taxii.model';

/** The object types of STIX 2.1 (sections 4 to 7): a `match[type]` naming another is a mistake, not a miss. */
export const STIX_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator',
  'infrastructure', 'intrusion-set', 'location', 'malware', 'malware-analysis', 'note', 'observed-data',
  'opinion', 'report', 'threat-actor', 'tool', 'vulnerability', 'relationship', 'sighting', 'artifact',
  'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr',
  'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account',
  'windows-registry-key', 'x509-certificate', 'language-content', 'marking-definition',
  'extension-definition',
]); // prettier-ignore

const STIX_ID =
  /^([a-z0-9][a-z0-9-]*[a-z0-9])--([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** What a request to `objects/` or `manifest/` asks for, checked. */
export interface TaxiiFilter {
  limit: number;
  addedAfter?: AddedAt;
  next?: string;
  ids?: string[];
  types?: string[];
}

/** A STIX id's type and UUID, or undefined when it is not one. */
export function parseStixId(id: string): { type: string; uuid: string } | undefined {
  const m = STIX_ID.exec(id);
  return m ? { type: m[1], uuid: m[2] } : undefined;
}

/**
 * An RFC 3339 UTC timestamp as the microsecond text dates added are compared with. Digits beyond the
 * microsecond are cut: for `added_after` (a strict bound) that keeps exactly the later objects.
 */
export function parseTimestamp(field: string, value: string): AddedAt {
  const m = TIMESTAMP.exec(value);
  const fraction = (m?.[7] ?? '').slice(0, 6).padEnd(6, '0');
  const text = m && `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${fraction}Z`;
  // A real date: Date.parse rolls 02-30 over silently, so compare its output with the input's fields.
  const date = text ? new Date(`${text.slice(0, 23)}Z`) : undefined;
  if (
    !text ||
    !date ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 19) !== text.slice(0, 19)
  ) {
    throw invalid(field, 'must be an RFC 3339 UTC timestamp such as 2026-03-01T10:02:00.000Z');
  }
  return text;
}

const one = (query: Record<string, unknown>, key: string): string | undefined => {
  const value = query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(key, 'must be given once');
  return value;
};

function list(query: Record<string, unknown>, key: string): string[] | undefined {
  const value = one(query, key);
  if (value === undefined) return undefined;
  const values = value.split(',').map((v) => v.trim());
  if (values.some((v) => !v)) throw invalid(key, 'is a comma-separated list without empty values');
  if (values.length > TAXII_LIMITS.matchValues) {
    throw invalid(key, `at most ${TAXII_LIMITS.matchValues} values`);
  }
  return values;
}

/** The query of `objects/` and `manifest/`: `limit`, `added_after`, `next`, `match[id]`, `match[type]`. */
export function parseTaxiiFilter(query: Record<string, unknown>): TaxiiFilter {
  const rawLimit = one(query, 'limit');
  const limit = rawLimit === undefined ? TAXII_LIMITS.defaultPage : Number(rawLimit);
  if (
    !/^\d+$/.test(rawLimit ?? '1') ||
    !Number.isSafeInteger(limit) ||
    limit < 1 ||
    limit > TAXII_LIMITS.maxPage
  ) {
    throw invalid('limit', `must be a whole number from 1 to ${TAXII_LIMITS.maxPage}`);
  }
  const addedAfter = one(query, 'added_after');
  const ids = list(query, 'match[id]');
  for (const id of ids ?? []) {
    if (!parseStixId(id)) throw invalid('match[id]', `${id.slice(0, 100)} is not a STIX id (type--uuid)`);
  }
  const types = list(query, 'match[type]');
  for (const type of types ?? []) {
    if (!STIX_TYPES.has(type)) throw invalid('match[type]', `${type.slice(0, 100)} is not a STIX 2.1 type`);
  }
  const version = list(query, 'match[version]');
  for (const v of version ?? []) {
    // Each object has one version here, the latest: first, last and all name the same one.
    if (!['first', 'last', 'all'].includes(v)) parseTimestamp('match[version]', v);
  }
  const specVersion = list(query, 'match[spec_version]');
  if (specVersion?.some((v) => v !== '2.1')) throw invalid('match[spec_version]', 'only 2.1 is served');
  const next = one(query, 'next');
  return {
    limit,
    ...(addedAfter !== undefined && { addedAfter: parseTimestamp('added_after', addedAfter) }),
    ...(next !== undefined && { next }),
    ...(ids && { ids }),
    ...(types && { types }),
  };
}

/** A Date as dates added are written: microseconds, always six digits. */
export const addedAtOf = (date: Date): AddedAt => `${date.toISOString().slice(0, 23)}000Z`;

/**
 * A date added as ISO 8601 text to the millisecond: what `toISOString()` gives for the Date the database
 * driver reads from the same column (it cuts the microseconds), without the Date: a page needs a thousand.
 */
export const isoOfAdded = (added: AddedAt): string => `${added.slice(0, 23)}Z`;
