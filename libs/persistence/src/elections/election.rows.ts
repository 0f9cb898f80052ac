export interface ElectionRow {
  id: string;
  name: string;
  country: string | null;
  /** `voting_days::text[]`: dates as `2026-06-07`. */
  voting_days: string[];
  active_from: Date;
  active_until: Date;
  languages: string[];
  participants: string[];
  platforms: string[];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ElectionExtensionRow {
  id: string;
  election_id: string;
  previous_until: Date;
  until: Date;
  reason: string;
  member_id: string | null;
  organisation_id: string | null;
  at: Date;
}

export interface WarningRow {
  id: string;
  election_id: string;
  title: string;
  text: string;
  severity: string;
  organisation_id: string;
  member_id: string | null;
  recipients: string[];
  created_at: Date;
}

export interface WarningAcknowledgementRow {
  warning_id: string;
  organisation_id: string;
  member_id: string | null;
  at: Date;
}

export interface WarningMailRow {
  warning_id: string;
  contact_id: string;
  organisation_id: string;
  name: string;
  email: string;
  message_id: string;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
}
