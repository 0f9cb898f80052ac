export interface RelayCursorRow {
  name: string;
  tx_id: string;
  /** bigint, as a string. */
  event_id: string;
  updated_at: Date;
}
