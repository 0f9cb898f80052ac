import type { IncidentRecord } from '../incidents/incident.model';
import type { NewEvent } from '../events/event.model';
import type { IncidentStore, IncidentTx } from '../incidents/incident.ports';
import { PurgePersonalDataUseCase } from './purge-personal-data.use-case';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2025-06-01T00:00:00Z');

/** Incidents with their items' metadata, and the events appended, in memory. */
function fakeStore(incidents: { id: string; closedAt: Date | null; status: string; metadata: object[] }[]) {
  const events: { incidentId: string; event: NewEvent }[] = [];
  const asked: Date[] = [];
  const store = {
    closedBefore: async (date: Date) => {
      asked.push(date);
      return incidents
        .filter((i) => i.closedAt && i.closedAt < date && ['closed', 'reviewed'].includes(i.status))
        .map((i) => i.id);
    },
    withIncident: async <T>(id: string, work: (tx: IncidentTx) => Promise<T>) => {
      const incident = incidents.find((i) => i.id === id)!;
      const tx = {
        incident: { id, closedAt: incident.closedAt } as IncidentRecord,
        purgePersonalMetadata: async (fields: readonly string[]) => {
          let count = 0;
          for (const m of incident.metadata as Record<string, unknown>[]) {
            if (!fields.some((f) => f in m)) continue;
            for (const f of fields) delete m[f];
            count++;
          }
          return count;
        },
        append: async (list: NewEvent[]) => {
          events.push(...list.map((event) => ({ incidentId: id, event })));
          return [];
        },
      } as Partial<IncidentTx> as IncidentTx;
      return work(tx);
    },
  } as Partial<IncidentStore> as IncidentStore;
  return { store, events, asked };
}

describe('PurgePersonalDataUseCase', () => {
  it('purges the personal fields of incidents closed past the retention period, once', async () => {
    const closedAt = new Date(NOW.getTime() - 200 * DAY);
    const old = {
      id: 'old',
      closedAt,
      status: 'reviewed',
      metadata: [
        { uploaderHandle: 'attacker01', language: 'nl' },
        { language: 'fr' },
        { uploaderHandle: 'x' },
      ],
    };
    const recent = {
      id: 'recent',
      closedAt: new Date(NOW.getTime() - 10 * DAY),
      status: 'closed',
      metadata: [{ uploaderHandle: 'keep' }],
    };
    const { store, events, asked } = fakeStore([old, recent]);
    const useCase = new PurgePersonalDataUseCase(store);

    await expect(useCase.execute(NOW, 180)).resolves.toEqual({ incidents: 1, items: 2 });
    expect(asked[0].toISOString()).toBe(new Date(NOW.getTime() - 180 * DAY).toISOString());
    expect(old.metadata).toEqual([{ language: 'nl' }, { language: 'fr' }, {}]);
    expect(recent.metadata).toEqual([{ uploaderHandle: 'keep' }]);
    expect(events).toEqual([
      {
        incidentId: 'old',
        event: {
          type: 'item.purged',
          actor: { memberId: null, organisationId: null },
          data: { fields: ['uploaderHandle'], items: 2, closedAt: closedAt.toISOString() },
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('attacker01');

    await expect(useCase.execute(NOW, 180)).resolves.toEqual({ incidents: 0, items: 0 });
    expect(events).toHaveLength(1);
  });
});
