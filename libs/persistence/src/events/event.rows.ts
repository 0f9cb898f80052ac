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

/** What `hub_append_events` answers for each event it appended (schema/functions/hub-append-events.sql.ts). */
export interface AppendedEventRow {
  /** bigint, as a string. */
  event_id: string;
  event_seq: number;
  event_prev_hash: string;
  event_hash: string;
}
