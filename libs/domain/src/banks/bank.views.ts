import type { BankImportView, BankSignalView, BankView } from '@hub/contracts';
import type { BankImportRecord, BankRecord, BankSignalRecord } from './bank.model';

export function bankImportView(r: BankImportRecord): BankImportView {
  return {
    id: r.id,
    state: r.state,
    format: r.format,
    linesRead: r.linesRead,
    added: r.added,
    duplicates: r.duplicates,
    rejectedCount: r.rejectedCount,
    rejected: r.rejected,
    ...(r.error && { error: r.error }),
    startedAt: r.startedAt.toISOString(),
    ...(r.finishedAt && { finishedAt: r.finishedAt.toISOString() }),
  };
}

export function bankView(bank: BankRecord, latestImport?: BankImportRecord | null): BankView {
  return {
    id: bank.id,
    name: bank.name,
    ...(bank.description && { description: bank.description }),
    visibility: bank.visibility,
    organisationId: bank.organisationId,
    signalCount: bank.signalCount,
    createdAt: bank.createdAt.toISOString(),
    ...(latestImport && { latestImport: bankImportView(latestImport) }),
  };
}

export function bankSignalView(s: BankSignalRecord): BankSignalView {
  return {
    id: s.id,
    bankId: s.bankId,
    algorithm: s.algorithm,
    value: s.value,
    ...(s.quality !== null && { quality: s.quality }),
    matchable: s.matchable,
    ...(s.label && { label: s.label }),
    ...(s.sourceRef && { sourceRef: s.sourceRef }),
    addedBy: { memberId: s.addedByMember, organisationId: s.addedByOrganisation },
    createdAt: s.createdAt.toISOString(),
    ...(s.removedAt && { removedAt: s.removedAt.toISOString() }),
  };
}
