import type { ElectionStatus, WarningSeverity } from '@hub/contracts';

/** One recorded move of an election's end: who, when, from what to what, and why. */
export interface ElectionExtensionRecord {
  id: string;
  electionId: string;
  previousUntil: Date;
  until: Date;
  reason: string;
  memberId: string | null;
  organisationId: string | null;
  at: Date;
}

export interface ElectionRecord {
  id: string;
  name: string;
  country: string | null;
  /** Dates (`2026-06-07`), sorted, no repeats. */
  votingDays: string[];
  activeFrom: Date;
  activeUntil: Date;
  languages: string[];
  participants: string[];
  platforms: string[];
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Oldest first. */
  extensions: ElectionExtensionRecord[];
}

/** Computed from the clock, never stored: the window alone says where an election stands. */
export function electionStatus(
  election: Pick<ElectionRecord, 'activeFrom' | 'activeUntil'>,
  now: Date,
): ElectionStatus {
  if (now.getTime() < election.activeFrom.getTime()) return 'scheduled';
  if (now.getTime() > election.activeUntil.getTime()) return 'ended';
  return 'active';
}

export interface WarningRecord {
  id: string;
  electionId: string;
  title: string;
  text: string;
  severity: WarningSeverity;
  organisationId: string;
  memberId: string | null;
  /** Every other organisation taking part in the election when the warning was issued. */
  recipients: string[];
  createdAt: Date;
  /** Oldest first. */
  acknowledgements: { organisationId: string; memberId: string | null; at: Date }[];
}

/** One e-mail of a warning to one contact; `sent` once the mail server accepted it. */
export interface WarningMailRecord {
  warningId: string;
  contactId: string;
  organisationId: string;
  name: string;
  email: string;
  messageId: string;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
}
