import { ITEM_KINDS } from '@hub/contracts';
import { stixIdOfItem } from '../exports/stix.export';
import type { IncidentKeyset, ItemReader, TaxiiRepository } from './taxii.model';

interface Refs {
  count: number;
  last?: IncidentKeyset;
  ids: string[];
  latest: number;
}

/** Incidents whose report references are kept: the ones TAXII clients are polling. */
const KEPT = 64;

/**
 * What an incident's report refers to: every item's STIX id, in item order. The ids are derived (a
 * SHA-1 each), so they are kept per incident and extended with the items added since, read from the
 * items' index; when the count of items says one came in out of order, they are read again whole.
 */
export class ReportRefs {
  private readonly kept = new Map<string, Refs>();

  constructor(private readonly taxii: TaxiiRepository) {}

  /** Uncached: the references of the items one reader sees. */
  async read(incidentId: string, seenBy: ItemReader): Promise<{ ids: string[]; latest: number }> {
    const ids: string[] = [];
    let latest = 0;
    for (const key of await this.taxii.itemKeys(incidentId, ITEM_KINDS, undefined, seenBy)) {
      const id = stixIdOfItem(key);
      if (id) ids.push(id);
      latest = Math.max(latest, key.createdAt.getTime());
    }
    return { ids, latest };
  }

  async of(incidentId: string): Promise<{ ids: string[]; latest: number }> {
    const count = await this.taxii.itemCount(incidentId);
    let refs = this.kept.get(incidentId);
    this.kept.delete(incidentId);
    if (!refs || refs.count > count) refs = { count: 0, ids: [], latest: 0 };
    if (refs.count < count) {
      let fresh = await this.taxii.itemKeys(incidentId, ITEM_KINDS, refs.last);
      if (refs.count + fresh.length !== count) {
        refs = { count: 0, ids: [], latest: 0 };
        fresh = await this.taxii.itemKeys(incidentId, ITEM_KINDS);
      }
      for (const key of fresh) {
        const id = stixIdOfItem(key);
        if (id) refs.ids.push(id);
        refs.latest = Math.max(refs.latest, key.createdAt.getTime());
      }
      const last = fresh[fresh.length - 1];
      refs = {
        ...refs,
        count: refs.count + fresh.length,
        ...(last && { last: { added: last.added, key: last.id } }),
      };
    }
    this.kept.set(incidentId, refs);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return refs;
  }
}
