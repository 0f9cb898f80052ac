import type { BankAlgorithm, ItemKind, ItemVisibility, TaxiiStatusDetail } from '@hub/contracts';

export interface TaxiiItemKeyRow {
  id: string;
  kind: ItemKind;
  url: string | null;
  hash_algorithm: string | null;
  hash_value: string | null;
  account_platform: string | null;
  account_handle: string | null;
  created_at: Date;
}

/** An item as a TAXII page reads it: its reporters joined with commas, its date added as text. */
export interface TaxiiItemRow extends Omit<TaxiiItemKeyRow, 'created_at'> {
  visibility: ItemVisibility;
  reporters: string | null;
  added: string;
}

export interface TaxiiSignalRow {
  seq: string;
  id: string;
  algorithm: BankAlgorithm;
  value: string;
  label: string | null;
  created_at: Date;
  /** The date added as text with microseconds, in UTC (see `AddedAt`). */
  added: string;
}

export interface TaxiiStatusRow {
  id: string;
  collection_id: string;
  member_id: string;
  organisation_id: string;
  status: 'pending' | 'complete';
  request_timestamp: Date;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  failures: TaxiiStatusDetail[];
}
