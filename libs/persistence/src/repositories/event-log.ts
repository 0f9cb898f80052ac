import type { EventView } from '@hub/contracts';
import { contentDigest, type EventRecord, type NewEvent } from '@hub/domain';
import type { EntityManager } from 'typeorm';

/** The channel on which every commit that appends events announces them (see hub_append_events). */
export const EVENTS_CHANNEL = 'hub_events';

export interface EventsNotice {
  incidentId: string;
  fromSeq: number;
  toSeq: number;
  /** The events themselves, when they fit in the notice (as the room sends them; `incidentId` is above). */
  events?: Omit<EventView, 'incidentId'>[];
}

/**
 * Appends events to one incident's log in one call to `hub_append_events`, which locks the incident row,
 * takes the next seqs and links the hashes. With `expectedVersion`, the call fails with 40001 when the
 * incident's configuration changed since it was read, and the caller retries its whole work.
 */
export async function appendEvents(
  manager: EntityManager,
  incidentId: string,
  events: NewEvent[],
  at: Date,
  expectedVersion: number | null,
): Promise<EventRecord[]> {
  if (events.length === 0) return [];
  const atIso = at.toISOString();
  const digests = events.map((e) =>
    contentDigest({ incidentId, type: e.type, actor: e.actor, data: e.data, at: atIso }),
  );
  const rows: { event_id: string; event_seq: number; event_prev_hash: string; event_hash: string }[] =
    await manager.query(`SELECT * FROM hub_append_events($1, $2, $3, $4, $5, $6, $7::jsonb[], $8)`, [
      incidentId,
      expectedVersion,
      atIso,
      events.map((e) => e.type),
      events.map((e) => e.actor.memberId),
      events.map((e) => e.actor.organisationId),
      events.map((e) => JSON.stringify(e.data)),
      digests,
    ]);
  return toAppended(incidentId, events, atIso, rows);
}

export function toAppended(
  incidentId: string,
  events: NewEvent[],
  atIso: string,
  rows: { event_id: string; event_seq: number; event_prev_hash: string; event_hash: string }[],
): EventRecord[] {
  // Rows in seq order, which is the order of `events`.
  const ordered = [...rows].sort((a, b) => Number(a.event_seq) - Number(b.event_seq));
  return ordered.map((row, i) => ({
    id: String(row.event_id),
    incidentId,
    seq: Number(row.event_seq),
    type: events[i].type,
    at: new Date(atIso),
    actor: events[i].actor,
    data: events[i].data,
    prevHash: row.event_prev_hash,
    hash: row.event_hash,
  }));
}
