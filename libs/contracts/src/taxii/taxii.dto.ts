/**
 * TAXII 2.1 (OASIS Standard, 2021) as the hub serves it: STIX objects of incidents and banks, read by
 * threat-intelligence platforms, and STIX envelopes written into banks. Field names are the
 * specification's (snake_case), not the hub's.
 */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const TAXII_STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

export const TAXII_LIMITS = {
  /** Objects a page, when the client names no `limit`; more than `maxPage` is refused by name. */
  defaultPage: 1_000,
  maxPage: 10_000,
  /** Values of one `match[...]` filter (comma-separated). */
  matchValues: 100,
  /** The largest envelope a client may POST, announced in the API root as `max_content_length`. */
  maxContentLength: 16 * 1024 * 1024,
  /** Failures listed by object in a status resource; the rest are counted. */
  reportedFailures: 100,
} as const;

export interface TaxiiDiscovery {
  title: string;
  description?: string;
  default?: string;
  api_roots: string[];
}

export interface TaxiiApiRoot {
  title: string;
  description?: string;
  versions: string[];
  max_content_length: number;
}

export interface TaxiiCollection {
  id: string;
  title: string;
  description?: string;
  can_read: boolean;
  can_write: boolean;
  media_types: string[];
}

export interface TaxiiCollections {
  collections: TaxiiCollection[];
}

export type TaxiiStixObject = Record<string, unknown> & { type: string; id: string };

export interface TaxiiEnvelope {
  more: boolean;
  next?: string;
  objects: TaxiiStixObject[];
}

export interface TaxiiManifestRecord {
  id: string;
  date_added: string;
  version: string;
  media_type: string;
}

export interface TaxiiManifest {
  more: boolean;
  next?: string;
  objects: TaxiiManifestRecord[];
}

export interface TaxiiVersions {
  more: boolean;
  next?: string;
  versions: string[];
}

export interface TaxiiStatusDetail {
  id: string;
  version: string;
  message?: string;
}

export interface TaxiiStatus {
  id: string;
  status: 'pending' | 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  failures?: TaxiiStatusDetail[];
}

export interface TaxiiError {
  title: string;
  description?: string;
  http_status: string;
}
