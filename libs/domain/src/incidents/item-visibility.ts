import { HIDDEN_EVENT_TYPE, type EventView } from '@hub/contracts';
import {
  canSeeItem,
  mayMissItems,
  seesFirstReport,
  visibleReporters,
  type ItemAudience,
  type Subject,
} from '../access/access.policy';
import type { EventRecord } from '../events/event.model';
import type { CellRecord, ItemRecord } from './incident.model';

/**
 * An incident's `coordination` items by id, with what `canSeeItem` reads. `participants` items are left
 * out: everyone who sees the incident sees them, so an item not in the map is visible.
 */
export type ItemAudiences = Map<string, ItemAudience>;

/** The audience of one item, from the item and its cells. */
export function audienceOf(
  item: Pick<ItemRecord, 'visibility' | 'reporters'>,
  cells: CellRecord[],
): ItemAudience {
  return {
    visibility: item.visibility,
    reporters: item.reporters,
    platforms: cells.map((c) => c.platformKey),
  };
}

/** The ids of the `coordination` items this subject may not see. */
export function hiddenItemIds(subject: Subject, audiences: ItemAudiences): Set<string> {
  const hidden = new Set<string>();
  if (!mayMissItems(subject)) return hidden;
  for (const [id, audience] of audiences) if (!canSeeItem(subject, audience)) hidden.add(id);
  return hidden;
}

/** The items an event speaks of: `itemId`, `matchedItemId`, and a batch delivery's `itemIds`. */
export function eventItemIds(data: Record<string, unknown>): string[] {
  const ids: string[] = [];
  if (typeof data.itemId === 'string') ids.push(data.itemId);
  if (typeof data.matchedItemId === 'string') ids.push(data.matchedItemId);
  if (Array.isArray(data.itemIds)) for (const id of data.itemIds) if (typeof id === 'string') ids.push(id);
  return ids;
}

type EventLike = Pick<EventRecord, 'type' | 'data'> & { actor: { organisationId: string | null } };

/**
 * Whether an event is restricted at all: it speaks of a `coordination` item, or it is a report asked as
 * `coordination`. Computed once per event; only restricted events are checked per reader.
 */
export function isRestrictedEvent(event: EventLike, audiences: ItemAudiences): boolean {
  if (isCoordinationReport(event)) return true;
  if (audiences.size === 0) return false;
  return (
    eventItemIds(event.data).some((id) => audiences.has(id)) ||
    cellsOf(event.data).some((c) => audiences.has(c.itemId))
  );
}

/** A platform's joining lists the cells it got, item by item. */
function cellsOf(data: Record<string, unknown>): { itemId: string; platformKey: string }[] {
  if (!Array.isArray(data.cells)) return [];
  return (data.cells as { itemId?: unknown; platformKey?: unknown }[]).flatMap((c) =>
    typeof c.itemId === 'string' && typeof c.platformKey === 'string'
      ? [{ itemId: c.itemId, platformKey: c.platformKey }]
      : [],
  );
}

/**
 * The event as this subject may read it: whole, without the cells of items it may not see (a platform's
 * joining), or the hidden stand-in.
 */
export function eventViewFor(subject: Subject, view: EventView, audiences: ItemAudiences): EventView {
  if (!mayMissItems(subject)) return view;
  if (!canSeeEvent(subject, view, audiences)) return hiddenEventView(view);
  if (view.type === 'incident.participant_added' && Array.isArray(view.data.cells)) {
    const hidden = (id: unknown) => {
      const audience = typeof id === 'string' ? audiences.get(id) : undefined;
      return !!audience && !canSeeItem(subject, audience);
    };
    const cells = (view.data.cells as { itemId?: unknown }[]).filter((c) => !hidden(c.itemId));
    if (cells.length !== view.data.cells.length) return { ...view, data: { ...view.data, cells } };
  }
  return view;
}

/**
 * Whether the subject may read this event: every item it speaks of must be visible to it, and a report
 * (`item.shared`, `item.reported_again`) asked as `coordination` is never shown to another flagger, even
 * one that reported the same content (a party does not learn that a rival flagged it too).
 */
export function canSeeEvent(subject: Subject, event: EventLike, audiences: ItemAudiences): boolean {
  if (!mayMissItems(subject)) return true;
  if (
    subject.role === 'flagger' &&
    event.actor.organisationId !== subject.organisationId &&
    (isCoordinationReport(event) || isReportOfCoordinationItem(event, audiences))
  ) {
    return false;
  }
  for (const id of eventItemIds(event.data)) {
    const audience = audiences.get(id);
    if (audience && !canSeeItem(subject, audience)) return false;
  }
  return true;
}

/** A repeat report of a `coordination` item, whatever the reporter asked: it would name another flagger. */
function isReportOfCoordinationItem(event: EventLike, audiences: ItemAudiences): boolean {
  return (
    event.type === 'item.reported_again' &&
    typeof event.data.itemId === 'string' &&
    audiences.has(event.data.itemId)
  );
}

function isCoordinationReport(event: EventLike): boolean {
  return (
    (event.type === 'item.shared' || event.type === 'item.reported_again') &&
    event.data.visibility === 'coordination'
  );
}

/** The stand-in for an event the reader may not see: the same seq and time, nothing else. */
export function hiddenEventView(event: Pick<EventView, 'id' | 'incidentId' | 'seq' | 'at'>): EventView {
  return {
    id: event.id,
    incidentId: event.incidentId,
    seq: event.seq,
    type: HIDDEN_EVENT_TYPE,
    at: event.at,
    actor: { memberId: null, organisationId: null },
    data: {},
  };
}

/**
 * Keeps an incident's audiences current as its log goes by, in seq order (the room's fan-out): a
 * `coordination` share adds its item, a repeat report its organisation, a platform's joining its cells.
 */
export function followAudiences(audiences: ItemAudiences, event: EventLike): void {
  const itemId = typeof event.data.itemId === 'string' ? event.data.itemId : undefined;
  if (event.type === 'item.shared' && itemId && event.data.visibility === 'coordination') {
    const cells = Array.isArray(event.data.cells) ? (event.data.cells as { platformKey?: unknown }[]) : [];
    const org = event.actor.organisationId;
    audiences.set(itemId, {
      visibility: 'coordination',
      reporters: org ? [org] : [],
      platforms: cells.flatMap((c) => (typeof c.platformKey === 'string' ? [c.platformKey] : [])),
    });
  } else if (event.type === 'item.reported_again' && itemId) {
    const audience = audiences.get(itemId);
    const org = event.actor.organisationId;
    if (audience && org && !audience.reporters.includes(org)) {
      audiences.set(itemId, { ...audience, reporters: [...audience.reporters, org] });
    }
  } else if (event.type === 'incident.participant_added') {
    // The platforms that joined got cells on the items concerning them: they are now concerned.
    for (const cell of cellsOf(event.data)) {
      const audience = audiences.get(cell.itemId);
      if (audience && !audience.platforms.includes(cell.platformKey)) {
        audiences.set(cell.itemId, { ...audience, platforms: [...audience.platforms, cell.platformKey] });
      }
    }
  }
}

/** An item record as this subject may learn it (the same redaction as `itemView` with a viewer). */
export function itemAsSeenBy(subject: Subject, item: ItemRecord): ItemRecord {
  if (subject.role !== 'flagger') return item;
  const first = seesFirstReport(subject, item);
  return {
    ...item,
    reporters: visibleReporters(subject, item),
    metadata: first ? item.metadata : {},
    submittedUrl: first ? item.submittedUrl : item.url,
  };
}

/**
 * An incident's items, cells and events cut to what this subject may see: for every whole-incident read
 * (the report in each format, the exports, TAXII). The coordination circle gets them as they are.
 */
export function seenBy<T extends { items: ItemRecord[]; cells: CellRecord[]; events: EventRecord[] }>(
  subject: Subject,
  all: T,
  audiences: ItemAudiences,
): T {
  if (!mayMissItems(subject)) return all;
  const hidden = hiddenItemIds(subject, audiences);
  return {
    ...all,
    items: all.items.filter((i) => !hidden.has(i.id)).map((i) => itemAsSeenBy(subject, i)),
    cells: all.cells.filter((c) => !hidden.has(c.itemId)),
    events: all.events.flatMap((e) => {
      if (!canSeeEvent(subject, e, audiences)) return [];
      if (e.type !== 'incident.participant_added' || !Array.isArray(e.data.cells)) return [e];
      const cells = (e.data.cells as { itemId?: unknown }[]).filter(
        (c) => typeof c.itemId !== 'string' || !hidden.has(c.itemId),
      );
      return [{ ...e, data: { ...e.data, cells } }];
    }),
  };
}
