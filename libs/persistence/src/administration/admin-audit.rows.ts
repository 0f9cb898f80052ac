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
