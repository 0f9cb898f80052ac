import { PERSONAL_METADATA_FIELDS } from '@hub/contracts';
import { SYSTEM_ACTOR } from '../core/actor';
import type { IncidentStore } from '../incidents/incident.ports';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: once an incident has been closed for `retentionDays`, the personal fields of its items'
 * metadata are removed and one `item.purged` event says which fields and how many items, never the values
 * (they never reached the log: see `publicMetadata`). An incident with nothing left to purge gets no event,
 * so the job can run as often as it likes.
 */
export class PurgePersonalDataUseCase {
  constructor(private readonly incidents: IncidentStore) {}

  async execute(now: Date, retentionDays: number): Promise<{ incidents: number; items: number }> {
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    const fields = [...PERSONAL_METADATA_FIELDS];
    let incidents = 0;
    let items = 0;
    for (const incidentId of await this.incidents.closedBefore(cutoff)) {
      const purged = await this.incidents.withIncident(incidentId, async (tx) => {
        const count = await tx.purgePersonalMetadata(fields);
        if (count === 0) return 0;
        await tx.append([
          {
            type: 'item.purged',
            actor: { ...SYSTEM_ACTOR },
            data: { fields, items: count, closedAt: tx.incident.closedAt?.toISOString() ?? null },
          },
        ]);
        return count;
      });
      if (purged > 0) {
        incidents++;
        items += purged;
      }
    }
    return { incidents, items };
  }
}
