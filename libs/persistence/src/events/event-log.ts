import type { EventView } from '@hub/contracts';
import type { EventRecord, NewEvent } from '@hub/domain';
import type { AppendedEventRow } from './event.rows';
import type { SqlClient } from '../sql/sql-client';
import { appendEventsCall } from '../incidents/incident.statements';

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
 * Appends events to one incident's log in one call to `hub_append_events` (see `appendEventsCall` in
 * incident.statements.ts). With `expectedVersion`, the call fails with 40001 when the incident's
 * configuration changed since it was read, and the caller retries its whole work.
 */
export async function appendEvents(
  client: SqlClient,
  incidentId: string,
  events: NewEvent[],
  at: Date,
  expectedVersion: number | null,
): Promise<EventRecord[]> {
  if (events.length === 0) return [];
  const atIso = at.toISOString();
  const rows = await client.rows(appendEventsCall(incidentId, expectedVersion, atIso, events));
  return toAppended(incidentId, events, atIso, rows);
}

export function toAppended(
  incidentId: string,
  events: NewEvent[],
  atIso: string,
  rows: AppendedEventRow[],
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
