import type { CellRecord, EventRecord, IncidentRecord, ItemRecord } from '@hub/domain';

type Row = Record<string, any>;

const date = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string);

export function toIncident(r: Row): IncidentRecord {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    summary: r.summary,
    category: r.category,
    protocol: r.protocol,
    level: r.level,
    mode: r.mode,
    status: r.status,
    participants: r.participants ?? [],
    platforms: r.platforms ?? [],
    criteria: r.criteria ?? [],
    rationale: r.rationale,
    closingSummary: r.closing_summary,
    reviewSummary: r.review_summary,
    createdBy: r.created_by,
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
    closedAt: date(r.closed_at),
    lastSeq: Number(r.last_seq),
    configVersion: Number(r.config_version ?? 0),
    clockSpeed: Number(r.clock_speed ?? 1),
    clockPaused: r.clock_paused === true,
  };
}

export function toItem(r: Row): ItemRecord {
  return {
    id: r.id,
    incidentId: r.incident_id,
    kind: r.kind,
    dedupKey: r.dedup_key,
    url: r.url,
    submittedUrl: r.submitted_url,
    hashAlgorithm: r.hash_algorithm,
    hashValue: r.hash_value,
    hashQuality: r.hash_quality,
    accountPlatform: r.account_platform,
    accountHandle: r.account_handle,
    channel: r.channel,
    legalReference: r.legal_reference,
    platformKey: r.platform_key,
    metadata: r.metadata ?? {},
    reporters: r.reporters ?? [],
    variantOf: r.variant_of,
    createdBy: r.created_by,
    createdAt: date(r.created_at)!,
  };
}

export function toCell(r: Row): CellRecord {
  return {
    itemId: r.item_id,
    platformKey: r.platform_key,
    incidentId: r.incident_id,
    status: r.status,
    reason: r.reason,
    ackDueAt: date(r.ack_due_at),
    actionDueAt: date(r.action_due_at),
    notifiedAt: date(r.notified_at),
    acknowledgedAt: date(r.acknowledged_at),
    actedAt: date(r.acted_at),
    pausedAt: date(r.paused_at),
    overdueCount: Number(r.overdue_count ?? 0),
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
  };
}

export function toEvent(r: Row): EventRecord {
  return {
    id: String(r.id),
    incidentId: r.incident_id,
    seq: Number(r.seq),
    type: r.type,
    at: date(r.at)!,
    actor: { memberId: r.actor_member_id, organisationId: r.actor_organisation_id },
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
