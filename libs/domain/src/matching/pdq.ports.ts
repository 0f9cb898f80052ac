import type { IncidentMode } from '@hub/contracts';

/** A shared PDQ hash or vPDQ video with what matching needs to know about its incident. */
export interface PdqItemEntry {
  itemId: string;
  incidentId: string;
  algorithm: 'pdq' | 'vpdq';
  /** 64 lower-case hex digits; a video's frames as stored (`formatStoredVpdq`). */
  value: string;
  quality: number | null;
  mode: IncidentMode;
  createdAt: Date;
}

/** Where the in-memory PDQ matcher loads its hashes from, in full at start and incrementally after. */
export interface PdqSource {
  /** Every item, a page at a time (a streamed read: the pages are never all in memory at once). */
  pdqItemPages(): AsyncIterable<PdqItemEntry[]>;
  /** Items created after the date (the caller chooses any overlap it needs to cover late commits). */
  pdqItemsSince(createdAfter: Date): Promise<PdqItemEntry[]>;
}
