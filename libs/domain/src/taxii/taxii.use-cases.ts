import {
  TAXII_LIMITS,
  TAXII_MEDIA_TYPE,
  TAXII_STIX_MEDIA_TYPE,
  type TaxiiApiRoot,
  type TaxiiCollection,
  type TaxiiCollections,
  type TaxiiDiscovery,
  type TaxiiEnvelope,
  type TaxiiManifest,
  type TaxiiVersions,
} from '@hub/contracts';
import { canContribute } from '../banks/bank.access';
import type { BankRecord } from '../banks/bank.model';
import type { BankVisibilityUseCase } from '../banks/bank-visibility.use-case';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { Actor } from '../core/actor';
import type { IncidentRecord } from '../incidents/incident.model';
import type { IncidentQueriesUseCase } from '../incidents/incident-queries.use-cases';
import { decodeCursor, refused } from './taxii.cursor';
import type { BankObjects } from './taxii-bank.objects';
import type { IncidentObjects, TaxiiEntry, TaxiiPage } from './taxii-incident.objects';
import { parseStixId, parseTaxiiFilter, type TaxiiFilter } from './taxii.query';

/** The one API root's path under `/taxii2/`. */
export const TAXII_API_ROOT = 'hub';

export type TaxiiCollectionRef =
  { kind: 'incident'; incident: IncidentRecord } | { kind: 'bank'; bank: BankRecord };

/** What an objects or manifest answer is made of: the page, and the dates for the X-TAXII headers. */
export interface TaxiiAnswer<T> {
  body: T;
  dateAddedFirst?: string;
  dateAddedLast?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const noCollection = () => new DomainError(ERROR_CODES.NOT_FOUND, 'collection not found');
const noObject = () => new DomainError(ERROR_CODES.NOT_FOUND, 'object not found in this collection');

const isNotFound = (error: unknown): boolean =>
  error instanceof DomainError && error.code === ERROR_CODES.NOT_FOUND;

/** An object's version: its `modified`, else its `created`, else when it was added (TAXII 2.1, 3.6). */
const versionOf = (entry: TaxiiEntry): string =>
  String(entry.object?.modified ?? entry.object?.created ?? entry.added);

function answer<T>(page: TaxiiPage, body: T): TaxiiAnswer<T> {
  const held = page.entries.filter((e) => e.object);
  return {
    body,
    ...(held.length && { dateAddedFirst: held[0].added, dateAddedLast: held[held.length - 1].added }),
  };
}

/**
 * TAXII 2.1's read side: discovery, the API root, a collection per incident and per bank the caller sees,
 * their objects and manifests. Visibility is the incidents' and banks' own: a collection the caller may
 * not see is answered as absent.
 */
export class TaxiiUseCases {
  constructor(
    private readonly incidents: IncidentQueriesUseCase,
    private readonly banks: BankVisibilityUseCase,
    private readonly incidentObjects: IncidentObjects,
    private readonly bankObjects: BankObjects,
  ) {}

  discovery(baseUrl: string): TaxiiDiscovery {
    const root = `${baseUrl}/taxii2/${TAXII_API_ROOT}/`;
    return {
      title: 'crisis-hub',
      description: 'The incidents and hash banks of this crisis-hub as STIX 2.1',
      default: root,
      api_roots: [root],
    };
  }

  apiRoot(): TaxiiApiRoot {
    return {
      title: 'crisis-hub',
      description: 'A collection per incident and per hash bank the caller sees',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: TAXII_LIMITS.maxContentLength,
    };
  }

  async collections(actor: Actor): Promise<TaxiiCollections> {
    const incidents: IncidentRecord[] = [];
    let after: string | undefined;
    do {
      const page = await this.incidents.list(actor, { after, limit: 500 });
      incidents.push(...page.incidents.map((s) => s.incident));
      after = page.next;
    } while (after);
    const banks = await this.banks.visibleBanks(actor);
    return {
      collections: [
        ...incidents.map((incident) => this.describe(actor, { kind: 'incident', incident })),
        ...banks.map((bank) => this.describe(actor, { kind: 'bank', bank })),
      ],
    };
  }

  async collection(actor: Actor, collectionId: string): Promise<TaxiiCollection> {
    return this.describe(actor, await this.resolve(actor, collectionId));
  }

  /** The incident or bank a collection id names, if the caller may see it; else not found. */
  async resolve(actor: Actor, collectionId: string): Promise<TaxiiCollectionRef> {
    if (!UUID.test(collectionId)) throw noCollection();
    try {
      return { kind: 'incident', incident: await this.incidents.get(actor, collectionId) };
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    try {
      return { kind: 'bank', bank: await this.banks.visibleBank(actor, collectionId) };
    } catch (error) {
      if (isNotFound(error)) throw noCollection();
      throw error;
    }
  }

  async objects(
    actor: Actor,
    collectionId: string,
    query: Record<string, unknown>,
  ): Promise<TaxiiAnswer<TaxiiEnvelope>> {
    const page = await this.page(actor, collectionId, parseTaxiiFilter(query));
    return answer(page, {
      more: page.more,
      ...(page.next && { next: page.next }),
      objects: page.entries.flatMap((e) => e.object ?? []),
    });
  }

  async manifest(
    actor: Actor,
    collectionId: string,
    query: Record<string, unknown>,
  ): Promise<TaxiiAnswer<TaxiiManifest>> {
    const page = await this.page(actor, collectionId, parseTaxiiFilter(query));
    return answer(page, {
      more: page.more,
      ...(page.next && { next: page.next }),
      objects: page.entries.flatMap((e) =>
        e.object
          ? [
              {
                id: e.object.id,
                date_added: e.added,
                version: versionOf(e),
                media_type: TAXII_STIX_MEDIA_TYPE,
              },
            ]
          : [],
      ),
    });
  }

  /** `objects/{id}/`: every version of one object (here always one: the latest). */
  async object(actor: Actor, collectionId: string, objectId: string): Promise<TaxiiAnswer<TaxiiEnvelope>> {
    const page = await this.one(actor, collectionId, objectId);
    return answer(page, { more: false, objects: page.entries.flatMap((e) => e.object ?? []) });
  }

  async versions(actor: Actor, collectionId: string, objectId: string): Promise<TaxiiAnswer<TaxiiVersions>> {
    const page = await this.one(actor, collectionId, objectId);
    return answer(page, { more: false, versions: page.entries.filter((e) => e.object).map(versionOf) });
  }

  private async one(actor: Actor, collectionId: string, objectId: string): Promise<TaxiiPage> {
    const ref = await this.resolve(actor, collectionId);
    if (!parseStixId(objectId)) throw noObject();
    const page = await this.pageOf(ref, { limit: TAXII_LIMITS.maxPage, ids: [objectId] }, actor);
    if (!page.entries.some((e) => e.object)) throw noObject();
    return page;
  }

  private async page(actor: Actor, collectionId: string, filter: TaxiiFilter): Promise<TaxiiPage> {
    return this.pageOf(await this.resolve(actor, collectionId), filter, actor);
  }

  private pageOf(ref: TaxiiCollectionRef, filter: TaxiiFilter, actor: Actor): Promise<TaxiiPage> {
    const id = ref.kind === 'incident' ? ref.incident.id : ref.bank.id;
    const cursor = filter.next === undefined ? undefined : decodeCursor(filter.next, id);
    if (ref.kind === 'incident') {
      if (cursor && !cursor.incident) throw refused();
      return this.incidentObjects.page(ref.incident, filter, cursor, actor);
    }
    if (cursor && cursor.seq === undefined) throw refused();
    return this.bankObjects.page(ref.bank, filter, cursor);
  }

  private describe(actor: Actor, ref: TaxiiCollectionRef): TaxiiCollection {
    if (ref.kind === 'incident') {
      const { incident } = ref;
      return {
        id: incident.id,
        title: `${incident.ref}: ${incident.title}`,
        description: `The incident ${incident.ref} (${incident.mode}, ${incident.status}): its organisations, report and items`,
        can_read: true,
        can_write: false,
        media_types: [TAXII_STIX_MEDIA_TYPE],
      };
    }
    const { bank } = ref;
    return {
      id: bank.id,
      title: `Bank: ${bank.name}`,
      ...(bank.description && { description: bank.description }),
      can_read: true,
      can_write: canContribute(actor, bank),
      media_types: [TAXII_STIX_MEDIA_TYPE],
    };
  }
}
