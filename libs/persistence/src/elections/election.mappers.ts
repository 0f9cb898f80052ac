import type { WarningSeverity } from '@hub/contracts';
import type { ElectionExtensionRecord, ElectionRecord, WarningRecord } from '@hub/domain';
import type {
  ElectionExtensionRow,
  ElectionRow,
  WarningAcknowledgementRow,
  WarningRow,
} from './election.rows';

export const toExtension = (r: ElectionExtensionRow): ElectionExtensionRecord => ({
  id: r.id,
  electionId: r.election_id,
  previousUntil: r.previous_until,
  until: r.until,
  reason: r.reason,
  memberId: r.member_id,
  organisationId: r.organisation_id,
  at: r.at,
});

export const toElection = (r: ElectionRow, extensions: ElectionExtensionRow[]): ElectionRecord => ({
  id: r.id,
  name: r.name,
  country: r.country,
  votingDays: r.voting_days,
  activeFrom: r.active_from,
  activeUntil: r.active_until,
  languages: r.languages,
  participants: r.participants,
  platforms: r.platforms,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  extensions: extensions.filter((x) => x.election_id === r.id).map(toExtension),
});

export const toWarning = (r: WarningRow, acks: WarningAcknowledgementRow[]): WarningRecord => ({
  id: r.id,
  electionId: r.election_id,
  title: r.title,
  text: r.text,
  severity: r.severity as WarningSeverity,
  organisationId: r.organisation_id,
  memberId: r.member_id,
  recipients: r.recipients,
  createdAt: r.created_at,
  acknowledgements: acks
    .filter((a) => a.warning_id === r.id)
    .map((a) => ({ organisationId: a.organisation_id, memberId: a.member_id, at: a.at })),
});
