import type { ExchangeFormat } from '@hub/contracts';
import type { IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { OrganisationRecord } from '../identity/identity.model';

export type ExportFormat = ExchangeFormat;

/** What every export is made from: the incident, its participants' organisations and its items. */
export interface ExportSource {
  incident: IncidentRecord;
  organisations: OrganisationRecord[];
  items: ItemRecord[];
}

/** One share read out of an imported file, in the shape the bulk path takes. */
export interface ImportedShare {
  kind: 'url' | 'hash' | 'account';
  url?: string;
  hash?: { algorithm: string; value: string };
  account?: { platformKey: string; handle: string };
}

/** What a parser read from a file: the shares, what it skipped, and what it could not read. */
export interface ParsedImport {
  shares: ImportedShare[];
  /** Where in the file each share was read (`objects[3]`, `Event.Attribute[12]`, `line 4`), by index. */
  sources: string[];
  /** Objects or attributes of a kind the hub does not hold (a STIX malware, a MISP ip-dst...). */
  skipped: number;
  unreadable: { at: string; reason: string }[];
}

/** An export carries at most this many unreadable entries by name; the rest are counted. */
export const MAX_REPORTED_UNREADABLE = 100;

export function parsedImport(): ParsedImport {
  return { shares: [], sources: [], skipped: 0, unreadable: [] };
}

export function addShare(out: ParsedImport, at: string, share: ImportedShare): void {
  out.shares.push(share);
  out.sources.push(at);
}
