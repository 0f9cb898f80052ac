import type { BankAlgorithm, BankImportRejection, BankVisibility } from '@hub/contracts';
import type { BankImportRecord, BankRecord, BankSignalRecord } from '@hub/domain';

/** One row of each bank table as node-postgres answers it (bigint as a string). */
export interface BankRow {
  id: string;
  name: string;
  description: string | null;
  visibility: BankVisibility;
  organisation_id: string;
  created_by: string | null;
  created_at: Date;
  signal_count: string;
  negative: boolean;
  max_distance: number;
}

export interface BankSignalRow {
  seq: string;
  id: string;
  bank_id: string;
  algorithm: BankAlgorithm;
  value: string;
  quality: number | null;
  matchable: boolean;
  label: string | null;
  source_ref: string | null;
  added_by_member: string | null;
  added_by_organisation: string | null;
  import_id: string | null;
  created_at: Date;
  removed_at: Date | null;
  url_key: string | null;
  quarantined_at: Date | null;
  released_at: Date | null;
  review_at: Date | null;
}

export interface BankImportRow {
  id: string;
  bank_id: string;
  format: string;
  state: BankImportRecord['state'];
  lines_read: string;
  added: string;
  duplicates: string;
  rejected_count: string;
  rejected: BankImportRejection[];
  error: string | null;
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export const toBank = (r: BankRow): BankRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  visibility: r.visibility,
  organisationId: r.organisation_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  signalCount: Number(r.signal_count),
  negative: r.negative,
  maxDistance: r.max_distance,
});

export const toSignal = (r: BankSignalRow): BankSignalRecord => ({
  seq: Number(r.seq),
  id: r.id,
  bankId: r.bank_id,
  algorithm: r.algorithm,
  value: r.value,
  quality: r.quality,
  matchable: r.matchable,
  label: r.label,
  sourceRef: r.source_ref,
  addedByMember: r.added_by_member,
  addedByOrganisation: r.added_by_organisation,
  importId: r.import_id,
  createdAt: r.created_at,
  removedAt: r.removed_at,
  urlKey: r.url_key,
  quarantinedAt: r.quarantined_at,
  releasedAt: r.released_at,
  reviewAt: r.review_at,
});

export const toImport = (r: BankImportRow): BankImportRecord => ({
  id: r.id,
  bankId: r.bank_id,
  format: r.format,
  state: r.state,
  linesRead: Number(r.lines_read),
  added: Number(r.added),
  duplicates: Number(r.duplicates),
  rejectedCount: Number(r.rejected_count),
  rejected: r.rejected,
  error: r.error,
  startedBy: r.started_by,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});
