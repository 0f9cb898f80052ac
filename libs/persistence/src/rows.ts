import type {
  Category,
  CellStatus,
  Channel,
  HashAlgorithm,
  IncidentLevel,
  IncidentMode,
  IncidentStatus,
  ItemKind,
  OrganisationKind,
  Role,
  Verdict,
} from '@hub/contracts';
import type { ExerciseRunRecord, ScenarioRecord } from '@hub/domain';

/**
 * One row of each table as node-postgres answers it (the migrations define the tables): timestamptz is a
 * Date, bigint a string, integer and double precision numbers, jsonb parsed, arrays arrays. Statements
 * name these types (`sql<ItemRow>`...``); `repositories/row-mappers.ts` turns them into domain records.
 */

export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  country: string | null;
  platform_key: string | null;
  domains: string[];
  webhook_url: string | null;
  webhook_secret: string | null;
  exercise_webhook_url: string | null;
  exercise_webhook_secret: string | null;
  webhook_previous_secret: string | null;
  webhook_previous_secret_until: Date | null;
  exercise_webhook_previous_secret: string | null;
  exercise_webhook_previous_secret_until: Date | null;
  simulated: boolean;
  active: boolean;
  deactivated_at: Date | null;
  created_at: Date;
}

export interface MemberRow {
  id: string;
  organisation_id: string;
  display_name: string;
  role: Role;
  active: boolean;
  deactivated_at: Date | null;
  created_at: Date;
}

export interface TokenRow {
  id: string;
  member_id: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface IncidentRow {
  id: string;
  ref: string;
  title: string;
  summary: string;
  category: Category;
  protocol: string;
  level: IncidentLevel;
  mode: IncidentMode;
  status: IncidentStatus;
  participants: string[];
  platforms: string[];
  criteria: string[];
  rationale: string | null;
  closing_summary: string | null;
  review_summary: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  last_seq: number;
  last_hash: string;
  config_version: number;
}

export interface ItemRow {
  id: string;
  incident_id: string;
  kind: ItemKind;
  dedup_key: string;
  url: string | null;
  submitted_url: string | null;
  hash_algorithm: HashAlgorithm | null;
  hash_value: string | null;
  hash_quality: number | null;
  account_platform: string | null;
  account_handle: string | null;
  channel: Channel;
  legal_reference: string | null;
  platform_key: string | null;
  metadata: Record<string, unknown>;
  reporters: string[];
  variant_of: string | null;
  created_by: string | null;
  created_at: Date;
  purged_at: Date | null;
}

/** `containment_cells`: one item on one platform. */
export interface CellRow {
  item_id: string;
  platform_key: string;
  incident_id: string;
  status: CellStatus;
  reason: string | null;
  ack_due_at: Date | null;
  action_due_at: Date | null;
  notified_at: Date | null;
  acknowledged_at: Date | null;
  acted_at: Date | null;
  paused_at: Date | null;
  overdue_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface ItemFeedbackRow {
  item_id: string;
  organisation_id: string;
  member_id: string;
  verdict: Verdict;
  note: string | null;
  at: Date;
}

/** `incident_events`: the append-only, hash-chained log. */
export interface EventRow {
  /** bigserial, as a string. */
  id: string;
  incident_id: string;
  seq: number;
  type: string;
  actor_member_id: string | null;
  actor_organisation_id: string | null;
  data: Record<string, unknown>;
  at: Date;
  prev_hash: string;
  hash: string;
  /** xid8, as a string: the relay follows the log in commit order by it. */
  tx_id: string;
  digest: string | null;
}

export interface RelayCursorRow {
  name: string;
  tx_id: string;
  /** bigint, as a string. */
  event_id: string;
  updated_at: Date;
}

export interface DeliveryRow {
  delivery_id: string;
  outcome: 'succeeded' | 'failed';
  incident_id: string;
  recorded_at: Date;
}

export interface ScenarioRow {
  id: string;
  name: string;
  category: Category;
  level: IncidentLevel;
  source: string;
  content_type: ScenarioRecord['contentType'];
  parsed: ScenarioRecord['parsed'];
  created_by: string | null;
  created_at: Date;
}

export interface ExerciseRunRow {
  id: string;
  scenario_id: string;
  incident_id: string | null;
  status: ExerciseRunRecord['status'];
  speed: number;
  started_at: Date;
  paused_at: Date | null;
  /** bigint, as a string. */
  paused_ms: string;
  fired: ExerciseRunRecord['fired'];
  cast_binding: ExerciseRunRecord['cast'];
  score: ExerciseRunRecord['score'];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** What `hub_append_events` answers for each event it appended (schema/functions/hub-append-events.sql.ts). */
export interface AppendedEventRow {
  /** bigint, as a string. */
  event_id: string;
  event_seq: number;
  event_prev_hash: string;
  event_hash: string;
}

/** One administrative act in the admin audit log (append-only, hash-chained by `seq`). */
export interface AdminAuditRow {
  id: string;
  seq: number;
  at: Date;
  action: string;
  actor_member_id: string | null;
  actor_organisation_id: string | null;
  subject_type: string;
  subject_id: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}
