import type { EventView } from '@hub/contracts';
import type { EventRecord } from './event.model';

export function eventView(e: EventRecord): EventView {
  return {
    id: e.id,
    incidentId: e.incidentId,
    seq: e.seq,
    type: e.type,
    at: e.at.toISOString(),
    actor: { memberId: e.actor.memberId, organisationId: e.actor.organisationId },
    data: e.data,
  };
}
