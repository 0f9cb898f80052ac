import type { ElectionView, WarningView } from '@hub/contracts';
import { electionStatus, type ElectionRecord, type WarningRecord } from './election.model';

export function electionView(e: ElectionRecord, now: Date): ElectionView {
  return {
    id: e.id,
    name: e.name,
    country: e.country,
    votingDays: e.votingDays,
    activeFrom: e.activeFrom.toISOString(),
    activeUntil: e.activeUntil.toISOString(),
    languages: e.languages,
    participants: e.participants,
    platforms: e.platforms,
    status: electionStatus(e, now),
    extensions: e.extensions.map((x) => ({
      previousUntil: x.previousUntil.toISOString(),
      until: x.until.toISOString(),
      reason: x.reason,
      by: { memberId: x.memberId, organisationId: x.organisationId },
      at: x.at.toISOString(),
    })),
    createdAt: e.createdAt.toISOString(),
  };
}

export function warningView(w: WarningRecord): WarningView {
  const acknowledged = new Set(w.acknowledgements.map((a) => a.organisationId));
  return {
    id: w.id,
    electionId: w.electionId,
    title: w.title,
    text: w.text,
    severity: w.severity,
    issuedBy: { organisationId: w.organisationId },
    createdAt: w.createdAt.toISOString(),
    acknowledgements: w.acknowledgements.map((a) => ({
      organisationId: a.organisationId,
      at: a.at.toISOString(),
    })),
    pending: w.recipients.filter((id) => !acknowledged.has(id)),
  };
}
