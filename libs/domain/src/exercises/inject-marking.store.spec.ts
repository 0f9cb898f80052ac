import type { IncidentRecord } from '../incidents/incident.model';
import type { NewEvent } from '../events/event.model';
import type { IncidentStore, IncidentTx } from '../incidents/incident.ports';
import { withInjectMarker } from './inject-marking.store';

const marker: NewEvent = {
  type: 'exercise.inject',
  actor: { memberId: null, organisationId: null },
  data: { runId: 'r', index: 3 },
};
const event = (type: string): NewEvent => ({ type, actor: { memberId: 'm', organisationId: 'o' }, data: {} });

/** A store that records what each transaction appended, in order. */
function recordingStore() {
  const appended: string[][] = [];
  const store = {
    create: async (incident: IncidentRecord, events: NewEvent[]) => {
      appended.push(events.map((e) => e.type));
      return { incident, events: [] };
    },
    withIncident: async <T>(_id: string, work: (tx: IncidentTx) => Promise<T>) => {
      const types: string[] = [];
      const tx = { append: async (events: NewEvent[]) => (types.push(...events.map((e) => e.type)), []) };
      const result = await work(tx as unknown as IncidentTx);
      appended.push(types);
      return result;
    },
    find: async (id: string) => ({ id }) as IncidentRecord,
    nextRef: async () => 'EX-2026-0001',
  };
  return { store: store as unknown as IncidentStore, appended };
}

describe('withInjectMarker', () => {
  it('appends the marker after the work, in the same transaction, and answers what the work answers', async () => {
    const { store, appended } = recordingStore();
    const result = await withInjectMarker(store, [marker]).withIncident('i', async (tx) => {
      await tx.append([event('containment.updated')]);
      return 42;
    });
    expect(result).toBe(42);
    expect(appended).toEqual([['containment.updated', 'exercise.inject']]);
  });

  it('adds the marker (and what goes with it) to a new incident’s first events', async () => {
    const { store, appended } = recordingStore();
    const started = { ...event('exercise.started') };
    await withInjectMarker(store, [marker, started]).create({} as IncidentRecord, [
      event('incident.activated'),
    ]);
    expect(appended).toEqual([['incident.activated', 'exercise.inject', 'exercise.started']]);
  });

  it('appends nothing when the work fails', async () => {
    const { store, appended } = recordingStore();
    await expect(
      withInjectMarker(store, [marker]).withIncident('i', async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(appended).toEqual([]);
  });

  it('leaves every other method to the store', async () => {
    const { store } = recordingStore();
    const marked = withInjectMarker(store, [marker]);
    expect(await marked.find('abc')).toEqual({ id: 'abc' });
    expect(await marked.nextRef('exercise', 2026)).toBe('EX-2026-0001');
  });
});
