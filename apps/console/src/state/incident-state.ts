import {
  HIDDEN_EVENT_TYPE,
  type CellView,
  type ContainmentUpdatedData,
  type EventView,
  type IncidentView,
  type ItemView,
} from '@hub/contracts';
import { tr } from '../language';

/** How many events the room keeps for its timeline; older ones are a page away in the report. */
export const TIMELINE_SIZE = 300;

/**
 * What the room shows of one incident, built from a REST snapshot and then moved forward by the events
 * of the log, one seq at a time. Every event carries the state it leaves behind, so applying one twice,
 * or one the snapshot already reflects, changes nothing.
 */
export interface RoomState {
  incident: IncidentView;
  items: ItemView[];
  timeline: EventView[];
  /** The last seq applied: events at or below it are ignored. */
  lastSeq: number;
  /** The hash banks each item was found in (`item.bank_matched`), by name: from the timeline, then live. */
  bankHits: Record<string, string[]>;
}

/** What the view should fetch again because the event does not carry all of it ('items' means both). */
export type Refetch = 'incident' | 'items';

export function initialState(incident: IncidentView, items: ItemView[], timeline: EventView[]): RoomState {
  let bankHits: Record<string, string[]> = {};
  for (const e of timeline) if (e.type === 'item.bank_matched') bankHits = withBankHit(bankHits, e);
  return { incident, items, timeline: timeline.slice(-TIMELINE_SIZE), lastSeq: incident.lastSeq, bankHits };
}

/**
 * The banks an item was found in, by name, joined: what its “in bank” badge says, the same in the matrix
 * and the queue; empty when none. A string, so a memoised row compares it by value.
 */
export function bankNamesOf(hits: RoomState['bankHits'] | undefined, itemId: string): string {
  return hits?.[itemId]?.join(', ') ?? '';
}

function withBankHit(hits: Record<string, string[]>, event: EventView): Record<string, string[]> {
  const { itemId, bankName } = event.data as { itemId: string; bankName: string };
  const known = hits[itemId] ?? [];
  return known.includes(bankName) ? hits : { ...hits, [itemId]: [...known, bankName] };
}

export function applyEvent(state: RoomState, event: EventView): { state: RoomState; refetch?: Refetch } {
  if (event.incidentId !== state.incident.id) return { state };
  // A stand-in for an event about a flag this member may not see moves the seq on and shows nothing.
  const timeline =
    event.type === HIDDEN_EVENT_TYPE || state.timeline.some((e) => e.seq === event.seq)
      ? state.timeline
      : [...state.timeline, event].sort((a, b) => a.seq - b.seq).slice(-TIMELINE_SIZE);
  if (event.seq <= state.lastSeq) return { state: { ...state, timeline } };
  const next: RoomState = {
    ...state,
    timeline,
    lastSeq: event.seq,
    incident: { ...state.incident, lastSeq: event.seq },
  };
  const data = event.data as Record<string, any>;
  switch (event.type) {
    case 'item.shared':
      return { state: addItem(next, sharedItem(event, data)) };
    case 'item.reported_again':
      return {
        state: updateItem(next, data.itemId, (item) => {
          const reporters = item.reporters.includes(data.organisationId)
            ? item.reporters
            : [...item.reporters, data.organisationId];
          // A repeat that named techniques the item lacked added them.
          const added: string[] = Array.isArray(data.techniques) ? data.techniques : [];
          const techniques = added.length ? [...(item.techniques ?? []), ...added] : item.techniques;
          return reporters === item.reporters && techniques === item.techniques
            ? item
            : { ...item, reporters, ...(techniques ? { techniques } : {}) };
        }),
      };
    case 'containment.updated': {
      const u = event.data as unknown as ContainmentUpdatedData;
      return {
        state: updateCell(next, u.itemId, u.platformKey, (cell) => ({
          ...cell,
          status: u.status,
          reason: u.reason ?? undefined,
          ackDueAt: u.ackDueAt ?? undefined,
          actionDueAt: u.actionDueAt ?? undefined,
          acknowledgedAt: u.acknowledgedAt ?? undefined,
          actedAt: u.actedAt ?? undefined,
          overdue: false,
          updatedAt: event.at,
        })),
      };
    }
    case 'delivery.succeeded': {
      // A webhook tells one cell; an e-mail lists several (`itemIds`).
      const notified = (cell: CellView): CellView =>
        cell.status === 'pending' ? { ...cell, status: 'notified', notifiedAt: event.at } : cell;
      const itemIds: string[] = Array.isArray(data.itemIds) ? data.itemIds : [data.itemId];
      return {
        state: itemIds.reduce((s, itemId) => updateCell(s, itemId, data.platformKey, notified), next),
      };
    }
    case 'containment.overdue':
      return {
        state: updateCell(next, data.itemId, data.platformKey, (cell) =>
          cell.status === data.status ? { ...cell, overdue: true } : cell,
        ),
      };
    case 'incident.participant_added':
      // A new platform gets cells for the existing items that concern it; the incident's lists change too.
      return { state: addCells(next, event, data.cells ?? []), refetch: 'incident' };
    case 'item.bank_matched':
      return { state: { ...next, bankHits: withBankHit(next.bankHits, event) } };
    case 'incident.level_changed':
    case 'item.purged':
      return { state: next, refetch: 'items' };
    default:
      return event.type.startsWith('incident.') || event.type.startsWith('exercise.')
        ? { state: next, refetch: 'incident' }
        : { state: next };
  }
}

function sharedItem(event: EventView, data: Record<string, any>): ItemView {
  return {
    id: data.itemId,
    incidentId: event.incidentId,
    kind: data.kind,
    url: data.url ?? undefined,
    hash: data.hash ?? undefined,
    account: data.account ?? undefined,
    channel: data.channel,
    legalReference: data.legalReference ?? undefined,
    platformKey: data.platformKey ?? undefined,
    visibility: data.visibility ?? 'participants',
    metadata: data.metadata ?? {},
    ...(data.narrative ? { narrative: data.narrative } : {}),
    ...(data.techniques ? { techniques: data.techniques } : {}),
    reporters: event.actor.organisationId ? [event.actor.organisationId] : [],
    createdAt: event.at,
    containment: ((data.cells ?? []) as NewCell[]).map((c) => pendingCell(data.itemId, c, event.at)),
  };
}

/** A cell the log announces (a share, a platform added): pending, with the deadlines it was given. */
interface NewCell {
  platformKey: string;
  ackDueAt?: string | null;
  actionDueAt?: string | null;
}

function pendingCell(itemId: string, c: NewCell, at: string): CellView {
  return {
    itemId,
    platformKey: c.platformKey,
    status: 'pending',
    ackDueAt: c.ackDueAt ?? undefined,
    actionDueAt: c.actionDueAt ?? undefined,
    updatedAt: at,
  };
}

function addItem(state: RoomState, item: ItemView): RoomState {
  if (state.items.some((i) => i.id === item.id)) return state;
  return { ...state, items: [...state.items, item] };
}

function updateItem(state: RoomState, itemId: string, change: (item: ItemView) => ItemView): RoomState {
  const index = state.items.findIndex((i) => i.id === itemId);
  if (index < 0) return state;
  const items = state.items.slice();
  items[index] = change(items[index]!);
  return { ...state, items };
}

function updateCell(
  state: RoomState,
  itemId: string,
  platformKey: string,
  change: (cell: CellView) => CellView,
): RoomState {
  return updateItem(state, itemId, (item) => ({
    ...item,
    containment: item.containment.map((cell) => (cell.platformKey === platformKey ? change(cell) : cell)),
  }));
}

function addCells(state: RoomState, event: EventView, cells: (NewCell & { itemId: string })[]): RoomState {
  let next = state;
  for (const c of cells) {
    next = updateItem(next, c.itemId, (item) =>
      item.containment.some((k) => k.platformKey === c.platformKey)
        ? item
        : {
            ...item,
            containment: [...item.containment, pendingCell(c.itemId, c, event.at)],
          },
    );
  }
  return next;
}

/** The platforms of the matrix: the incident's, then any other that has a cell (an account's platform). */
export function matrixPlatforms(state: RoomState): string[] {
  const keys = new Set(state.incident.platforms);
  for (const item of state.items) for (const cell of item.containment) keys.add(cell.platformKey);
  return [...keys];
}

/** A short label for an item: its URL, hash or account. */
export function itemLabel(item: ItemView): string {
  if (item.url) return item.url;
  if (item.hash?.value)
    return `${item.hash.algorithm}:${item.hash.value.slice(0, 16)}${item.hash.value.length > 16 ? '…' : ''}`;
  if (item.hash) {
    // A video's frames: from the item, or counted in the share's event (which leaves them out).
    const count = item.hash.frames?.length ?? (item.hash as { frameCount?: number }).frameCount;
    return tr('console.item.video', { algorithm: item.hash.algorithm, count: count ?? '?' });
  }
  if (item.account)
    return tr('console.item.account', { handle: item.account.handle, platform: item.account.platformKey });
  if (item.narrative) return `“${item.narrative.title}”`;
  return item.id;
}
