import type { CellView, IncidentView, ItemView } from '@hub/contracts';
import type { CellRecord, IncidentRecord, ItemRecord } from './incident.model';
import { cellStateOf, isOverdue } from './containment.machine';
import { parseStoredVpdq } from '../items/vpdq.frames';
import { iso, isoString } from '../core/iso';
import { seesFirstReport, visibleReporters, type Subject } from '../access/access.policy';

export function incidentView(i: IncidentRecord, extra: { overdueCount?: number } = {}): IncidentView {
  const view: IncidentView = {
    id: i.id,
    ref: i.ref,
    title: i.title,
    summary: i.summary,
    category: i.category,
    protocol: i.protocol,
    level: i.level,
    mode: i.mode,
    status: i.status,
    participants: i.participants,
    platforms: i.platforms,
    criteria: i.criteria,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    lastSeq: i.lastSeq,
    distribution: i.distribution ?? 'hub',
  };
  if (i.rationale) view.rationale = i.rationale;
  if (i.electionId) view.electionId = i.electionId;
  if (i.origin) view.origin = i.origin;
  if (extra.overdueCount !== undefined) view.overdueCount = extra.overdueCount;
  return view;
}

export function cellView(c: CellRecord, now?: Date): CellView {
  const view: CellView = {
    itemId: c.itemId,
    platformKey: c.platformKey,
    status: c.status,
    updatedAt: isoString(c.updatedAt),
  };
  if (c.reason) view.reason = c.reason;
  if (c.ackDueAt) view.ackDueAt = iso(c.ackDueAt);
  if (c.actionDueAt) view.actionDueAt = iso(c.actionDueAt);
  if (c.acknowledgedAt) view.acknowledgedAt = iso(c.acknowledgedAt);
  if (c.actedAt) view.actedAt = iso(c.actedAt);
  if (c.notifiedAt) view.notifiedAt = iso(c.notifiedAt);
  if (c.viaHub) view.via = c.viaHub;
  if (now) view.overdue = isCellOverdue(c, now);
  return view;
}

/** The containment machine's own rule, on a stored cell. */
export function isCellOverdue(c: CellRecord, now: Date): boolean {
  return isOverdue(cellStateOf(c), now);
}

/**
 * An item as shown. With `viewer`, what the viewer may not learn is left out: other flaggers among the
 * reporters, and the first report's metadata and submitted URL to a flagger that reported it later.
 */
export function itemView(item: ItemRecord, cells: CellRecord[], now?: Date, viewer?: Subject): ItemView {
  const firstReport = !viewer || seesFirstReport(viewer, item);
  const view: ItemView = {
    id: item.id,
    incidentId: item.incidentId,
    kind: item.kind,
    channel: item.channel,
    visibility: item.visibility,
    metadata: firstReport ? item.metadata : {},
    reporters: viewer ? visibleReporters(viewer, item) : item.reporters,
    createdAt: isoString(item.createdAt),
    containment: cells.map((c) => cellView(c, now)),
  };
  if (item.url) {
    view.url = item.url;
    view.submittedUrl = (firstReport ? item.submittedUrl : null) ?? item.url;
  }
  if (item.hashAlgorithm && item.hashValue) {
    const frames = item.hashAlgorithm === 'vpdq' ? parseStoredVpdq(item.hashValue) : null;
    view.hash = frames
      ? { algorithm: 'vpdq', frames }
      : { algorithm: item.hashAlgorithm, value: item.hashValue };
    if (item.hashQuality !== null) view.hash.quality = item.hashQuality;
  }
  if (item.accountPlatform && item.accountHandle) {
    view.account = { platformKey: item.accountPlatform, handle: item.accountHandle };
  }
  if (item.legalReference) view.legalReference = item.legalReference;
  if (item.platformKey) view.platformKey = item.platformKey;
  if (item.variantOf) view.variantOf = item.variantOf;
  if (item.narrative) view.narrative = item.narrative;
  if (item.techniques.length) view.techniques = item.techniques;
  if (item.distribution) view.distribution = item.distribution;
  if (item.origin) view.origin = item.origin;
  return view;
}
