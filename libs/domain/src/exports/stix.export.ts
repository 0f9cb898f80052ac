import type { HashAlgorithm } from '@hub/contracts';
import type { OrganisationRecord } from '../identity/identity.model';
import type { IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { ExportSource } from './export.model';
import { STIX_SCO_NAMESPACE, uuidV5 } from './uuid-v5';
import { disarmTechnique } from '../techniques/disarm-techniques';

/**
 * STIX 2.1 (OASIS Standard, 2021): the incident as a bundle of identities (organisations, never people),
 * a report, an indicator per URL or hash item and a user-account observable per account item; the DISARM
 * techniques indicators name as attack patterns, each indicator related to its techniques. A narrative has no
 * form here: it is no pattern to match, and the forms a claim could take (a note, a grouping) are not among
 * the objects the OASIS bundle schema admits.
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
export const sdoId = (type: string, hubName: string): string => `${type}--${uuidV5(hubName)}`;

/** A STIX string literal: `\` and `'` escaped (STIX patterning, section 9.2). */
export const stixString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** An observable's id from its id-contributing properties, as STIX 2.1 section 2.9 defines it. */
function userAccountId(accountType: string, login: string): string {
  // Keys in lexical order, no whitespace: the canonical JSON the specification hashes.
  const canonical = JSON.stringify({ account_login: login, account_type: accountType });
  return `user-account--${uuidV5(canonical, STIX_SCO_NAMESPACE)}`;
}

export function stixPattern(
  item: Pick<ItemRecord, 'kind' | 'url' | 'hashAlgorithm' | 'hashValue'>,
): string | undefined {
  if (item.kind === 'url' && item.url) return `[url:value = ${stixString(item.url)}]`;
  if (item.kind === 'hash' && item.hashAlgorithm && item.hashValue) {
    return `[file:hashes.${stixString(STIX_HASH_KEYS[item.hashAlgorithm])} = ${stixString(item.hashValue)}]`;
  }
  return undefined;
}

/** An organisation as a STIX identity (organisations only, never people). */
export function stixIdentity(org: OrganisationRecord): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: sdoId('identity', `organisation:${org.id}`),
    created: iso(org.createdAt),
    modified: iso(org.createdAt),
    name: org.name,
    identity_class: 'organization',
  };
}

/** The id an item's object has, without building it: undefined for an item with no STIX form. */
export function stixIdOfItem(
  item: Pick<
    ItemRecord,
    'id' | 'kind' | 'url' | 'hashAlgorithm' | 'hashValue' | 'accountPlatform' | 'accountHandle'
  >,
): string | undefined {
  if (item.kind === 'account') {
    return item.accountPlatform && item.accountHandle
      ? userAccountId(item.accountPlatform, item.accountHandle)
      : undefined;
  }
  if ((item.kind === 'url' && item.url) || (item.kind === 'hash' && item.hashAlgorithm && item.hashValue)) {
    return sdoId('indicator', `item:${item.id}`);
  }
  return undefined;
}

/** The fields of an item its STIX object is made of. */
export type StixItemSource = Pick<
  ItemRecord,
  'id' | 'kind' | 'url' | 'hashAlgorithm' | 'hashValue' | 'accountPlatform' | 'accountHandle' | 'reporters'
>;

/**
 * Builds the STIX objects of one incident's items. What is the same for every item (the indicators'
 * names and labels, the identities of the organisations reporting) is worked out once, not per item:
 * a TAXII page builds a thousand objects at a time.
 */
export function stixItemBuilder(
  incident: Pick<IncidentRecord, 'ref' | 'category'>,
  identityOf: (organisationId: string) => string | undefined,
): (item: StixItemSource, created: string) => StixObject | undefined {
  const urlName = `URL shared in ${incident.ref}`;
  const hashNames = new Map<string, string>();
  const hashName = (algorithm: string) => {
    let name = hashNames.get(algorithm);
    if (name === undefined) hashNames.set(algorithm, (name = `${algorithm} hash shared in ${incident.ref}`));
    return name;
  };
  const identities = new Map<string, string | undefined>();
  const identity = (organisationId: string) => {
    if (!identities.has(organisationId)) identities.set(organisationId, identityOf(organisationId));
    return identities.get(organisationId);
  };
  // `created`: the item's creation as ISO 8601 text (an export has a Date, a TAXII page the database's text).
  return (item, created) => {
    if (item.kind === 'account') {
      if (!item.accountPlatform || !item.accountHandle) return undefined;
      return {
        type: 'user-account',
        spec_version: '2.1',
        id: userAccountId(item.accountPlatform, item.accountHandle),
        account_type: item.accountPlatform,
        account_login: item.accountHandle,
      };
    }
    const pattern = stixPattern(item);
    if (!pattern) return undefined;
    let createdBy: string | undefined;
    for (const reporter of item.reporters) if ((createdBy = identity(reporter))) break;
    const id = sdoId('indicator', `item:${item.id}`);
    const name = item.kind === 'url' ? urlName : hashName(String(item.hashAlgorithm));
    // Two literals rather than a spread: the same keys in the same order, without a spread's cost.
    return createdBy
      ? {
          type: 'indicator',
          spec_version: '2.1',
          id,
          created_by_ref: createdBy,
          created,
          modified: created,
          name,
          indicator_types: ['malicious-activity'],
          pattern,
          pattern_type: 'stix',
          pattern_version: '2.1',
          valid_from: created,
          labels: [incident.category],
        }
      : {
          type: 'indicator',
          spec_version: '2.1',
          id,
          created,
          modified: created,
          name,
          indicator_types: ['malicious-activity'],
          pattern,
          pattern_type: 'stix',
          pattern_version: '2.1',
          valid_from: created,
          labels: [incident.category],
        };
  };
}

/** An item as an indicator (URLs, hashes) or a user-account observable, or undefined (no STIX form). */
export function stixItemObject(
  item: ItemRecord,
  incident: Pick<IncidentRecord, 'ref' | 'category'>,
  identityOf: (organisationId: string) => string | undefined,
): StixObject | undefined {
  return stixItemBuilder(incident, identityOf)(item, iso(item.createdAt));
}

/** The incident as a STIX report referring to its objects (or, with none yet, to its organisations). */
export function stixReport(incident: IncidentRecord, refs: string[], latest: Date): StixObject {
  return {
    type: 'report',
    spec_version: '2.1',
    id: sdoId('report', `incident:${incident.id}`),
    created: iso(incident.createdAt),
    modified: iso(latest),
    name: `${incident.ref}: ${incident.title}`,
    description: incident.summary,
    report_types: ['threat-report'],
    published: iso(latest),
    labels: [incident.category, incident.level],
    object_refs: [...new Set(refs)],
    external_references: [{ source_name: 'crisis-hub', external_id: incident.ref }],
  };
}

/** When the incident's report last changed: the incident's last change or its latest item. */
export const reportModified = (incident: IncidentRecord, latestItem?: Date): Date =>
  new Date(Math.max(incident.updatedAt.getTime(), latestItem?.getTime() ?? 0));

export function toStixBundle({ incident, organisations, items }: ExportSource): {
  type: 'bundle';
  id: string;
  objects: StixObject[];
} {
  const identities = new Map(organisations.map((org) => [org.id, stixIdentity(org)]));
  const build = stixItemBuilder(incident, (id) => identities.get(id)?.id);
  const latest = reportModified(incident, new Date(Math.max(0, ...items.map((i) => i.createdAt.getTime()))));
  const itemObjects = items.flatMap((item) => {
    const object = build(item, iso(item.createdAt));
    return object ? [{ item, object }] : [];
  });
  const contents = [
    ...itemObjects.map((o) => o.object),
    ...stixTechniques(itemObjects.filter((o) => o.object.type === 'indicator')),
  ];
  // A report must refer to something: with no items yet, to the organisations taking part.
  const refs = (contents.length ? contents : [...identities.values()]).map((o) => o.id);
  const report = stixReport(incident, refs, latest);
  const objects = [...identities.values(), report, ...dedupe(contents)];
  return { type: 'bundle', id: `bundle--${uuidV5(`bundle:${incident.id}:${latest.getTime()}`)}`, objects };
}

/**
 * The DISARM techniques items name, once each, as attack patterns (DISARM's own STIX form: an
 * `external_references` entry with `source_name: DISARM`), and one `indicates` relationship per indicator
 * and technique.
 */
function stixTechniques(itemObjects: { item: ItemRecord; object: StixObject }[]): StixObject[] {
  const patterns = new Map<string, StixObject>();
  const relationships: StixObject[] = [];
  for (const { item, object } of itemObjects) {
    for (const techniqueId of item.techniques ?? []) {
      const technique = disarmTechnique(techniqueId);
      if (!technique) continue;
      const pattern = patterns.get(technique.id) ?? {
        type: 'attack-pattern',
        spec_version: '2.1',
        id: sdoId('attack-pattern', `disarm:${technique.id}`),
        created: iso(item.createdAt),
        modified: iso(item.createdAt),
        name: technique.name,
        external_references: [
          {
            source_name: 'DISARM',
            external_id: technique.id,
            url: `https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/${technique.id}.md`,
          },
        ],
      };
      patterns.set(technique.id, pattern);
      relationships.push({
        type: 'relationship',
        spec_version: '2.1',
        id: sdoId('relationship', `item:${item.id}:indicates:${technique.id}`),
        created: iso(item.createdAt),
        modified: iso(item.createdAt),
        relationship_type: 'indicates',
        source_ref: object.id,
        target_ref: pattern.id,
      });
    }
  }
  return [...patterns.values(), ...relationships];
}

/** Two account items may name one observable (same platform and handle, differently cased). */
function dedupe(objects: StixObject[]): StixObject[] {
  const seen = new Set<string>();
  return objects.filter((o) => !seen.has(o.id) && seen.add(o.id));
}
