import type { IncidentMode } from '@hub/contracts';
import { PDQ_MATCH_DISTANCE, PdqIndex } from '../items/pdq.index';

/** PDQ's own quality score: below this the hash of a flat or tiny picture matches too much to be useful. */
export const PDQ_MIN_QUALITY = 50;

export interface PdqMatcherEntry {
  itemId: string;
  incidentId: string;
  value: string;
  /** Unknown quality (not sent with the share) is indexed: only a known low score is refused. */
  quality: number | null;
  mode: IncidentMode;
}

export interface PdqCandidate {
  itemId: string;
  incidentId: string;
  mode: IncidentMode;
  distance: number;
}

export const isIndexableQuality = (quality: number | null | undefined): boolean =>
  quality === null || quality === undefined || quality >= PDQ_MIN_QUALITY;

/**
 * Every shared PDQ hash of every incident, in memory: the index answers which items are near a hash, the
 * side map says where each item lives. Knows nothing of who may see what; callers filter the candidates.
 */
export class PdqMatcher {
  private index = new PdqIndex<string>();
  private readonly items = new Map<
    string,
    { incidentId: string; mode: IncidentMode; quality: number | null }
  >();

  get size(): number {
    return this.items.size;
  }

  has(itemId: string): boolean {
    return this.items.has(itemId);
  }

  /** Replaces everything with these entries. */
  load(entries: Iterable<PdqMatcherEntry>): void {
    const list = [...entries];
    this.index = new PdqIndex<string>({ initialCapacity: list.length });
    this.items.clear();
    for (const entry of list) this.add(entry);
    // Build the slot tables now rather than on the first query after start.
    this.index.compact();
  }

  /** Indexes the entry (replacing the item's previous hash); false when its quality keeps it out. */
  add(entry: PdqMatcherEntry): boolean {
    if (!isIndexableQuality(entry.quality)) {
      this.remove(entry.itemId);
      return false;
    }
    this.index.add(entry.itemId, entry.value.toLowerCase());
    this.items.set(entry.itemId, { incidentId: entry.incidentId, mode: entry.mode, quality: entry.quality });
    return true;
  }

  remove(itemId: string): boolean {
    this.items.delete(itemId);
    return this.index.remove(itemId);
  }

  /** Items whose hash is within `maxDistance` of `hex`, nearest first. */
  candidates(hex: string, maxDistance: number = PDQ_MATCH_DISTANCE): PdqCandidate[] {
    const out: PdqCandidate[] = [];
    for (const { id, distance } of this.index.query(hex, maxDistance)) {
      const where = this.items.get(id);
      if (where) out.push({ itemId: id, incidentId: where.incidentId, mode: where.mode, distance });
    }
    return out;
  }
}
