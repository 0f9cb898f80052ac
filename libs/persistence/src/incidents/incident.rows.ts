import type { NarrativeRecord } from '@hub/domain';
import type {
  Category,
  CellStatus,
  Channel,
  HashAlgorithm,
  IncidentLevel,
  IncidentMode,
  IncidentStatus,
  ItemKind,
  ItemVisibility,
  Verdict,
} from '@hub/contracts';

/**
 * One row of each table as node-postgres answers it (the migrations define the tables): timestamptz is a
 * Date, bigint a string, integer and double precision numbers, jsonb parsed, arrays arrays. Statements
 * name these types (`sql<ItemRow>`...``); each feature keeps its row types
 * (`<feature>.rows.ts`) and their mappers into domain records (`<feature>.mappers.ts`) beside its repository.
 */

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
  election_id?: string | null;
  distribution?: 'hub' | 'connected' | 'all' | 'group';
  sharing_group_id?: string | null;
  origin_hub?: string | null;
  origin_id?: string | null;
  origin_ref?: string | null;
  origin_peer_id?: string | null;
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
  narrative: NarrativeRecord | null;
  techniques: string[] | null;
  reporters: string[];
  variant_of: string | null;
  /** Who sees the item: every participant, or the coordination circle (a flagger's default). */
  visibility: ItemVisibility;
  distribution?: 'hub' | 'connected' | 'all' | 'group' | null;
  sharing_group_id?: string | null;
  origin_hub?: string | null;
  origin_item_id?: string | null;
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
  via_hub?: string | null;
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

export interface DeliveryRow {
  delivery_id: string;
  outcome: 'succeeded' | 'failed';
  incident_id: string;
  recorded_at: Date;
}
