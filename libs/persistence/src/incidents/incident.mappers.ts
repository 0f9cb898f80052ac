import { distributionOf, type CellRecord, type IncidentRecord, type ItemRecord } from '@hub/domain';
import type { CellRow, IncidentRow, ItemRow } from './incident.rows';

/** An incident read with its clock (`INCIDENT_CLOCK` in incident.statements.ts); a live one runs at 1. */
export type IncidentClockRow = IncidentRow & { clock_speed?: number; clock_paused?: boolean };

export function toIncident(r: IncidentClockRow): IncidentRecord {
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
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    electionId: r.election_id ?? null,
    lastSeq: Number(r.last_seq),
    configVersion: Number(r.config_version ?? 0),
    clockSpeed: Number(r.clock_speed ?? 1),
    clockPaused: r.clock_paused === true,
    distribution: distributionOf(r.distribution ?? 'hub', r.sharing_group_id ?? null) ?? 'hub',
    origin: r.origin_hub ? { hub: r.origin_hub, id: r.origin_id!, ref: r.origin_ref ?? '' } : null,
    originPeerId: r.origin_peer_id ?? null,
  };
}

export function toItem(r: ItemRow): ItemRecord {
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
    narrative: r.narrative ?? null,
    techniques: r.techniques ?? [],
    reporters: r.reporters ?? [],
    variantOf: r.variant_of,
    visibility: r.visibility ?? 'participants',
    distribution: distributionOf(r.distribution ?? null, r.sharing_group_id ?? null),
    origin: r.origin_item_id ? { hub: r.origin_hub ?? '', id: r.origin_item_id } : null,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export function toCell(r: CellRow): CellRecord {
  return {
    itemId: r.item_id,
    platformKey: r.platform_key,
    incidentId: r.incident_id,
    status: r.status,
    reason: r.reason,
    ackDueAt: r.ack_due_at,
    actionDueAt: r.action_due_at,
    notifiedAt: r.notified_at,
    acknowledgedAt: r.acknowledged_at,
    actedAt: r.acted_at,
    pausedAt: r.paused_at,
    overdueCount: Number(r.overdue_count ?? 0),
    viaHub: r.via_hub ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
