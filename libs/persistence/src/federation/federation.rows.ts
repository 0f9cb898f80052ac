import type { IncidentRow, ItemRow } from '../incidents/incident.rows';

export interface PeerRow {
  id: string;
  name: string;
  url: string;
  token: string;
  organisation_id: string;
  exercise: boolean;
  pushed_tx: string;
  pushed_id: string;
  received_tx: string;
  received_id: string;
  last_contact_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  failures: number;
  refusals: number;
  created_by: string | null;
  created_at: Date;
  deleted_at: Date | null;
}

export interface SharingGroupRow {
  id: string;
  name: string;
  peers: string[];
  created_by: string | null;
  created_at: Date;
}

/** An event of the feed, with its incident's row (`i_*`) and its item's (`item`, as JSON). */
export interface FeedEventRow {
  id: string;
  tx_id: string;
  type: string;
  at: Date;
  data: Record<string, any>;
  actor_organisation_id: string | null;
  actor_organisation_name: string | null;
  incident: IncidentRow;
  item: ItemRow | null;
}
