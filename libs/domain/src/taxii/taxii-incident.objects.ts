import { ITEM_KINDS, type ItemKind } from '@hub/contracts';
import type { IncidentRecord } from '../incidents/incident.model';
import { mayMissItems, visibleReporters, type Subject } from '../access/access.policy';
import type { IdentityRepository } from '../identity/identity.ports';
import {
  reportModified,
  sdoId,
  stixIdentity,
  stixIdOfItem,
  stixItemBuilder,
  stixReport,
  type StixObject,
} from '../exports/stix.export';
import { encodeCursor, type TaxiiCursor } from './taxii.cursor';
import type { AddedAt, IncidentKeyset, TaxiiRepository } from './taxii.model';
import { ReportRefs } from './taxii-report-refs';
import { addedAtOf, isoOfAdded, parseStixId, type TaxiiFilter } from './taxii.query';

/** One object of a page with its date added; `object` is absent for an item with no STIX form. */
export interface TaxiiEntry {
  added: AddedAt;
  object?: StixObject;
}

export interface TaxiiPage {
  entries: TaxiiEntry[];
  more: boolean;
  next?: string;
}

/** The item kinds a set of STIX types holds: indicators are URLs and hashes, user accounts accounts. */
function kindsOf(types: ReadonlySet<string> | undefined): ItemKind[] {
  if (!types) return [...ITEM_KINDS];
  return ITEM_KINDS.filter((k) => types.has(k === 'account' ? 'user-account' : 'indicator'));
}

const after = (a: IncidentKeyset, b: IncidentKeyset): boolean =>
  a.added > b.added || (a.added === b.added && a.key > b.key);

interface Candidate extends IncidentKeyset {
  build?: () => Promise<StixObject | undefined>;
  object?: StixObject;
}

/**
 * An incident's collection, as its STIX export holds it and with the export's ids: the organisations'
 * identities and the report, added when the incident was, then each item, added when it was shared.
 * Paged by (date added, id) on the items' index, so a page costs the same at the end as at the start.
 */
export class IncidentObjects {
  private readonly reportRefs: ReportRefs;

  constructor(
    private readonly taxii: TaxiiRepository,
    private readonly identities: IdentityRepository,
  ) {
    this.reportRefs = new ReportRefs(taxii);
  }

  /**
   * `viewer`: a reader outside the coordination circle sees only the items `canSeeItem` lets it see, in the
   * pages, the id lookups and the report's references alike.
   */
  async page(
    incident: IncidentRecord,
    filter: TaxiiFilter,
    cursor?: TaxiiCursor,
    viewer?: Subject,
  ): Promise<TaxiiPage> {
    const seenBy = viewer && mayMissItems(viewer) ? viewer : undefined;
    const added = (await this.taxii.incidentAdded(incident.id)) ?? addedAtOf(incident.createdAt);
    const types = filter.types ? new Set(filter.types) : undefined;
    const wanted = filter.ids ? new Set(filter.ids) : undefined;
    let kinds = kindsOf(types);
    let itemIds: string[] | undefined;
    if (wanted) {
      // Item ids are derived (UUID v5 of the item's id), not stored: the incident's keys are hashed to find them.
      kinds = kinds.filter((k) =>
        [...wanted].some((id) => kindsOf(new Set([parseStixId(id)!.type])).includes(k)),
      );
      const keys = kinds.length ? await this.taxii.itemKeys(incident.id, kinds, undefined, seenBy) : [];
      itemIds = keys.filter((k) => wanted.has(stixIdOfItem(k) ?? '')).map((k) => k.id);
    }
    const position = cursor?.incident;
    const meta = this.meta(incident, added, types, seenBy).filter(
      (c) =>
        (!wanted || wanted.has(c.key === incident.id ? reportId(incident) : identityId(c.key))) &&
        (!position || after(c, position)) &&
        (!filter.addedAfter || c.added > filter.addedAfter),
    );
    const rows =
      kinds.length && (!itemIds || itemIds.length)
        ? await this.taxii.items({
            incidentId: incident.id,
            after: position,
            addedAfter: filter.addedAfter,
            kinds,
            itemIds,
            limit: filter.limit + 1,
            seenBy,
          })
        : [];
    const build = stixItemBuilder(incident, (org) =>
      incident.participants.includes(org) ? identityId(org) : undefined,
    );
    const items: Candidate[] = rows.map((r) => ({
      added: r.added,
      key: r.id,
      // A flagger is shown only the reporters it may know (its own organisation).
      object: build(seenBy ? { ...r, reporters: visibleReporters(seenBy, r) } : r, isoOfAdded(r.added)),
    }));
    const merged = meta.length
      ? [...meta, ...items].sort((a, b) => (after(a, b) ? 1 : after(b, a) ? -1 : 0))
      : items;
    const taken = merged.slice(0, filter.limit);
    const entries: TaxiiEntry[] = taken.map((c) => ({ added: c.added, object: c.object }));
    // Only the identities and the report are built here, together; the items' objects are built above.
    await Promise.all(
      taken.flatMap((c, i) => (c.build ? [c.build().then((object) => (entries[i].object = object))] : [])),
    );
    const last = taken[taken.length - 1];
    const more = merged.length > filter.limit;
    return {
      entries,
      more,
      ...(more && {
        next: encodeCursor({ collectionId: incident.id, incident: { added: last.added, key: last.key } }),
      }),
    };
  }

  /** The identities and the report: few, built only when a page holds them (the report reads every item). */
  private meta(
    incident: IncidentRecord,
    added: AddedAt,
    types: ReadonlySet<string> | undefined,
    seenBy?: Subject,
  ): Candidate[] {
    const out: Candidate[] = [];
    let organisations: ReturnType<IdentityRepository['findOrganisations']> | undefined;
    const orgs = () => (organisations ??= this.identities.findOrganisations(incident.participants));
    if (!types || types.has('identity')) {
      for (const org of incident.participants) {
        out.push({
          added,
          key: org,
          build: async () => {
            const record = (await orgs()).find((o) => o.id === org);
            return record && stixIdentity(record);
          },
        });
      }
    }
    if (!types || types.has('report')) {
      out.push({ added, key: incident.id, build: () => this.report(incident, orgs, seenBy) });
    }
    return out;
  }

  private async report(
    incident: IncidentRecord,
    orgs: () => ReturnType<IdentityRepository['findOrganisations']>,
    seenBy?: Subject,
  ): Promise<StixObject> {
    // The kept references hold every item: a restricted reader's are read afresh, its items only.
    const { ids: refs, latest } = seenBy
      ? await this.reportRefs.read(incident.id, seenBy)
      : await this.reportRefs.of(incident.id);
    // As in the export: a report must refer to something, with no items yet to the organisations.
    const fallback = refs.length ? [] : (await orgs()).map((o) => stixIdentity(o).id);
    return stixReport(incident, refs.length ? refs : fallback, reportModified(incident, new Date(latest)));
  }
}

const identityId = (organisationId: string): string => sdoId('identity', `organisation:${organisationId}`);
const reportId = (incident: IncidentRecord): string => sdoId('report', `incident:${incident.id}`);
