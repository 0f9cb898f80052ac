import type { HashAlgorithm } from '@hub/contracts';
import type { ItemRecord } from '../incidents/incident.model';
import type { ExportSource } from './export.model';
import { STIX_SCO_NAMESPACE, uuidV5 } from './uuid-v5';

/**
 * STIX 2.1 (OASIS Standard, 2021): the incident as a bundle of identities (organisations, never people),
 * a report, an indicator per URL or hash item and a user-account observable per account item.
 */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** The hub's hash algorithms as STIX hash keys: the vocabulary's names, and `PDQ` etc. as custom keys. */
export const STIX_HASH_KEYS: Record<HashAlgorithm, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  pdq: 'PDQ',
  tmk: 'TMK',
  vpdq: 'vPDQ',
};

export type StixObject = Record<string, unknown> & { type: string; id: string };

const iso = (date: Date): string => date.toISOString();
const sdoId = (type: string, hubName: string): string => `${type}--${uuidV5(hubName)}`;

/** A STIX string literal: `\` and `'` escaped (STIX patterning, section 9.2). */
export const stixString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** An observable's id from its id-contributing properties, as STIX 2.1 section 2.9 defines it. */
function userAccountId(accountType: string, login: string): string {
  // Keys in lexical order, no whitespace: the canonical JSON the specification hashes.
  const canonical = JSON.stringify({ account_login: login, account_type: accountType });
  return `user-account--${uuidV5(canonical, STIX_SCO_NAMESPACE)}`;
}

export function stixPattern(item: ItemRecord): string | undefined {
  if (item.kind === 'url' && item.url) return `[url:value = ${stixString(item.url)}]`;
  if (item.kind === 'hash' && item.hashAlgorithm && item.hashValue) {
    return `[file:hashes.${stixString(STIX_HASH_KEYS[item.hashAlgorithm])} = ${stixString(item.hashValue)}]`;
  }
  return undefined;
}

export function toStixBundle({ incident, organisations, items }: ExportSource): {
  type: 'bundle';
  id: string;
  objects: StixObject[];
} {
  const identities = new Map(
    organisations.map((org) => [
      org.id,
      {
        type: 'identity',
        spec_version: '2.1',
        id: sdoId('identity', `organisation:${org.id}`),
        created: iso(org.createdAt),
        modified: iso(org.createdAt),
        name: org.name,
        identity_class: 'organization',
      } satisfies StixObject,
    ]),
  );
  const contents: StixObject[] = [];
  for (const item of items) {
    const createdBy = item.reporters.map((r) => identities.get(r)?.id).find(Boolean);
    if (item.kind === 'account' && item.accountPlatform && item.accountHandle) {
      contents.push({
        type: 'user-account',
        spec_version: '2.1',
        id: userAccountId(item.accountPlatform, item.accountHandle),
        account_type: item.accountPlatform,
        account_login: item.accountHandle,
      });
      continue;
    }
    const pattern = stixPattern(item);
    if (!pattern) continue;
    contents.push({
      type: 'indicator',
      spec_version: '2.1',
      id: sdoId('indicator', `item:${item.id}`),
      ...(createdBy ? { created_by_ref: createdBy } : {}),
      created: iso(item.createdAt),
      modified: iso(item.createdAt),
      name:
        item.kind === 'url'
          ? `URL shared in ${incident.ref}`
          : `${item.hashAlgorithm} hash shared in ${incident.ref}`,
      indicator_types: ['malicious-activity'],
      pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: iso(item.createdAt),
      labels: [incident.category],
    });
  }
  const latest = Math.max(incident.updatedAt.getTime(), ...items.map((i) => i.createdAt.getTime()));
  const report: StixObject = {
    type: 'report',
    spec_version: '2.1',
    id: sdoId('report', `incident:${incident.id}`),
    created: iso(incident.createdAt),
    modified: iso(new Date(latest)),
    name: `${incident.ref}: ${incident.title}`,
    description: incident.summary,
    report_types: ['threat-report'],
    published: iso(new Date(latest)),
    labels: [incident.category, incident.level],
    // A report must refer to something: with no items yet, to the organisations taking part.
    object_refs: [...new Set((contents.length ? contents : [...identities.values()]).map((o) => o.id))],
    external_references: [{ source_name: 'crisis-hub', external_id: incident.ref }],
  };
  const objects = [...identities.values(), report, ...dedupe(contents)];
  return { type: 'bundle', id: `bundle--${uuidV5(`bundle:${incident.id}:${latest}`)}`, objects };
}

/** Two account items may name one observable (same platform and handle, differently cased). */
function dedupe(objects: StixObject[]): StixObject[] {
  const seen = new Set<string>();
  return objects.filter((o) => !seen.has(o.id) && seen.add(o.id));
}
