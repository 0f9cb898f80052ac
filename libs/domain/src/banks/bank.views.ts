import type { BankHitView, BankImportView, BankSignalView, BankView } from '@hub/contracts';
import {
  signalState,
  type BankHitRecord,
  type BankImportRecord,
  type BankRecord,
  type BankSignalRecord,
} from './bank.model';

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

export function bankView(
  bank: BankRecord,
  latestImport?: BankImportRecord | null,
  agreement: { agree: number; disagree: number } = { agree: 0, disagree: 0 },
): BankView {
  return {
    id: bank.id,
    name: bank.name,
    ...(bank.description && { description: bank.description }),
    visibility: bank.visibility,
    organisationId: bank.organisationId,
    signalCount: bank.signalCount,
    negative: bank.negative,
    maxDistance: bank.maxDistance,
    agreement,
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
    state: signalState(s),
    ...(s.quarantinedAt && { quarantinedAt: s.quarantinedAt.toISOString() }),
    ...(s.reviewAt && { review: true as const }),
  };
}

export function bankHitView(h: BankHitRecord): BankHitView {
  return {
    incidentId: h.incidentId,
    incidentRef: h.incidentRef,
    incidentTitle: h.incidentTitle,
    itemId: h.itemId,
    signalId: h.signalId,
    algorithm: h.algorithm,
    distance: h.distance,
    ...(h.label && { label: h.label }),
    ...(h.sourceRef && { sourceRef: h.sourceRef }),
    at: h.at.toISOString(),
  };
}
