import type { NewEvent } from '../events/event.model';
import type { IncidentStore } from '../incidents/incident.ports';

/**
 * The incident store as a use case sees it while an inject fires: the same store, except that whatever
 * the use case appends is followed, in the same transaction, by `marker` (the `exercise.inject` event,
 * and for the first inject `exercise.started`). So an inject's action and the record that it fired
 * commit together or not at all; a unique index on (runId, index) refuses a second firing.
 *
 * Each use case an inject calls (create, incident action, one share, containment, message) runs exactly
 * one `create` or `withIncident`, so the marker lands once, right after the action's own event.
 */
export function withInjectMarker(inner: IncidentStore, marker: NewEvent[]): IncidentStore {
  const create: IncidentStore['create'] = (incident, events) =>
    inner.create(incident, [...events, ...marker]);
  const withIncident: IncidentStore['withIncident'] = (incidentId, work, options) =>
    inner.withIncident(
      incidentId,
      async (tx) => {
        const result = await work(tx);
        await tx.append(marker);
        return result;
      },
      options,
    );
  // Every other method (and any added later) is the store's own.
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'create') return create;
      if (property === 'withIncident') return withIncident;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
