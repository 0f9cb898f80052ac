import type {
  FederatedAnswerData,
  FederatedIncidentData,
  FederatedItemData,
  FederatedMessageData,
  FederationEvent,
  FederationEventType,
} from '@hub/contracts';
import { publicMetadata } from '../incidents/share-items.use-case';
import { effectiveDistribution, onward, reaches } from './distribution';
import { formatCursor, type FederationStamp, type FeedRow, type PeerRecord } from './federation.model';

/** The incident's own changes: its origin's to make, each sent as the incident as it now stands. */
const INCIDENT_TYPES = new Set([
  'incident.notified',
  'incident.activated',
  'incident.rejected',
  'incident.level_changed',
  'incident.standing_down',
  'incident.closed',
  'incident.reviewed',
  'incident.updated',
]);

/** The log's events a peer may have any of: those the feed is made of (the store reads only these). */
export const FEDERATED_EVENT_TYPES: readonly string[] = [
  ...INCIDENT_TYPES,
  'item.shared',
  'containment.updated',
  'message.posted',
];

/** Which federation event a log event is, if any. */
function wireType(type: string): FederationEventType | null {
  if (INCIDENT_TYPES.has(type)) return 'incident';
  if (type === 'item.shared') return 'item';
  if (type === 'containment.updated') return 'answer';
  if (type === 'message.posted') return 'message';
  return null;
}

export interface FeedContext {
  /** This hub's name (HUB_NAME). */
  self: string;
  /** The peers each sharing group names. */
  groupPeers: (groupId: string) => readonly string[];
}

/**
 * What one peer may have of a stretch of the log, as federation events. A pure function of the rows, so
 * a push and a catch-up from the same cursor send the same events.
 *
 * - An event never goes to a hub it has passed (its `path`), so it cannot loop.
 * - An incident of this hub goes where its distribution reaches (an exercise only to an exercise peer);
 *   an item where its own, narrower one does; a `hub` item never leaves.
 * - A mirrored incident answers back to the peer it came from (its platforms' answers and its messages), and
 *   goes on to other peers only when it came as `all`.
 */
export function feedFor(peer: PeerRecord, rows: readonly FeedRow[], ctx: FeedContext): FederationEvent[] {
  const out: FederationEvent[] = [];
  for (const row of rows) {
    const event = toFederationEvent(peer, row, ctx);
    if (event) out.push(event);
  }
  return out;
}

function toFederationEvent(peer: PeerRecord, row: FeedRow, ctx: FeedContext): FederationEvent | null {
  const type = wireType(row.type);
  if (!type) return null;
  const stamp = row.data.federation as FederationStamp | undefined;
  const path = stamp ? stamp.path : [ctx.self];
  if (path.includes(peer.name)) return null;
  const incident = row.incident;
  if (incident.mode === 'exercise' && !peer.exercise) return null;
  const distribution = incident.distribution ?? 'hub';
  const itemDistribution = effectiveDistribution(distribution, row.item?.distribution);
  if (!incident.origin) {
    // This hub's own incident: answers made elsewhere stay here; the rest goes where it reaches.
    if (type === 'answer') return null;
    const reach = type === 'item' ? itemDistribution : distribution;
    if (!reaches(reach, peer, ctx.groupPeers)) return null;
  } else if (peer.id === incident.originPeerId) {
    // Back towards the origin: only what this hub (or one further on) owns.
    if (type !== 'answer' && type !== 'message') return null;
  } else {
    // Onwards: only an incident that came as `all`, and never answers (they go back, not sideways).
    if (type === 'answer' || distribution !== 'all') return null;
    if (type === 'item' && itemDistribution !== 'all') return null;
    // What this hub's own members do on a mirror is not the origin's: it goes back, not on.
    if (!stamp && type !== 'message') return null;
  }
  const origin = incident.origin ?? { hub: ctx.self, id: incident.id, ref: incident.ref };
  const data = dataOf(type, row, ctx, itemDistribution);
  if (!data) return null;
  return {
    id: stamp ? stamp.id : `${ctx.self}:${row.eventId}`,
    originHub: stamp ? stamp.originHub : ctx.self,
    path,
    incident: origin,
    type,
    at: row.at.toISOString(),
    data,
    cursor: formatCursor(row.cursor),
  };
}

function dataOf(
  type: FederationEventType,
  row: FeedRow,
  ctx: FeedContext,
  itemDistribution: ReturnType<typeof effectiveDistribution>,
): FederationEvent['data'] | null {
  const d = row.data;
  const incident = row.incident;
  const itemRef = () =>
    row.item?.origin ? row.item.origin : { hub: incident.origin?.hub ?? ctx.self, id: String(d.itemId) };
  switch (type) {
    case 'incident':
      return {
        ref: incident.origin?.ref ?? incident.ref,
        title: incident.title,
        summary: incident.summary,
        category: incident.category,
        protocol: incident.protocol,
        level: incident.level,
        mode: incident.mode,
        status: incident.status,
        platforms: incident.platforms,
        distribution: incident.origin ? 'all' : onward(incident.distribution ?? 'hub'),
        ...(incident.closingSummary ? { closingSummary: incident.closingSummary } : {}),
      } as FederatedIncidentData;
    case 'item': {
      const item = row.item;
      if (!item) return null;
      return {
        item: itemRef(),
        kind: item.kind,
        dedupKey: item.dedupKey,
        ...(item.url ? { url: item.url } : {}),
        ...(item.hashAlgorithm && item.hashValue
          ? {
              hash: {
                algorithm: item.hashAlgorithm,
                value: item.hashValue,
                ...(item.hashQuality !== null ? { quality: item.hashQuality } : {}),
              },
            }
          : {}),
        ...(item.accountPlatform
          ? { account: { platformKey: item.accountPlatform, handle: item.accountHandle ?? '' } }
          : {}),
        channel: item.channel,
        ...(item.legalReference ? { legalReference: item.legalReference } : {}),
        ...(item.platformKey ? { platformKey: item.platformKey } : {}),
        // Personal fields stay on the hub that holds them (retention purges them there).
        metadata: publicMetadata(item.metadata),
        ...(item.narrative ? { narrative: item.narrative } : {}),
        ...(item.techniques.length ? { techniques: item.techniques } : {}),
        visibility: item.visibility,
        distribution: incident.origin ? 'all' : onward(itemDistribution),
      } satisfies FederatedItemData;
    }
    case 'answer':
      if (!row.item) return null;
      return {
        item: itemRef(),
        platformKey: d.platformKey,
        status: d.status,
        ...(d.reason ? { reason: d.reason } : {}),
      } as FederatedAnswerData;
    case 'message':
      return {
        text: String(d.text ?? ''),
        organisation: d.organisation ?? row.actorOrganisationName ?? 'unknown',
      } as FederatedMessageData;
  }
}
