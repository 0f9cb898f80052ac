import type { EventRecord } from '@hub/domain';
import type { EventRow } from './event.rows';

/**
 * The columns of an `incident_events` row that make an event; the relay's reads add columns of their own
 * and type `data` loosely, so it is taken as it comes (jsonb of an event is always an object).
 */
export type EventColumns = Omit<EventRow, 'tx_id' | 'digest' | 'data'> & { data: unknown };

export function toEvent(r: EventColumns): EventRecord {
  return {
    id: String(r.id),
    incidentId: r.incident_id,
    seq: Number(r.seq),
    type: r.type,
    at: r.at,
    actor: { memberId: r.actor_member_id, organisationId: r.actor_organisation_id },
    data: r.data as EventRecord['data'],
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
