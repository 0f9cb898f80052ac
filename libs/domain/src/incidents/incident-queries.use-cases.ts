import type { CellStatus, IncidentMode, IncidentStatus, PlatformContainmentView } from '@hub/contracts';
import { assertVisible } from '../access/access.policy';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import type { Actor } from '../core/actor';
import type { CellRecord, IncidentRecord, ItemRecord } from './incident.model';
import type { EventRecord } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IncidentQueries, IncidentStore } from './incident.ports';
import { summariseContainment } from './containment-summary';

/** Opaque page cursors over (createdAt, id). */
export const cursor = {
  encode: (createdAt: Date, id: string): string =>
    Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url'),
  decode: (value: string, field = 'after'): { createdAt: Date; id: string } => {
    const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
    const createdAt = new Date(at ?? '');
    if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id))
      throw invalid(field, 'is not a cursor from this list');
    return { createdAt, id };
  },
};

/** An incident as listed and shown: with how many of its containment cells are overdue now. */
export interface IncidentSummary {
  incident: IncidentRecord;
  overdueCount: number;
}

export class IncidentQueriesUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly queries: IncidentQueries,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, incidentId: string): Promise<IncidentRecord> {
    const incident = await this.incidents.find(incidentId);
    assertVisible(actor, incident);
    return incident;
  }

  async show(actor: Actor, incidentId: string): Promise<IncidentSummary> {
    const [summary] = await this.summarise([await this.get(actor, incidentId)]);
    return summary;
  }

  async list(
    actor: Actor,
    filter: {
      status?: IncidentStatus;
      mode?: IncidentMode;
      electionId?: string;
      after?: string;
      limit?: number;
    },
  ): Promise<{ incidents: IncidentSummary[]; next?: string }> {
    const limit = filter.limit ?? 100;
    const incidents = await this.incidents.list({
      viewer: actor,
      status: filter.status,
      mode: filter.mode,
      electionId: filter.electionId,
      after: filter.after ? cursor.decode(filter.after) : undefined,
      limit: limit + 1,
    });
    const page = incidents.slice(0, limit);
    const last = page[page.length - 1];
    return {
      incidents: await this.summarise(page),
      next: incidents.length > limit && last ? cursor.encode(last.createdAt, last.id) : undefined,
    };
  }

  private async summarise(incidents: IncidentRecord[]): Promise<IncidentSummary[]> {
    const counts = await this.queries.overdueCounts(
      incidents.map((i) => i.id),
      this.clock.now(),
    );
    return incidents.map((incident) => ({ incident, overdueCount: counts.get(incident.id) ?? 0 }));
  }

  async items(
    actor: Actor,
    incidentId: string,
    filter: { platformKey?: string; status?: CellStatus; after?: string; limit?: number },
  ): Promise<{ items: { item: ItemRecord; cells: CellRecord[] }[]; next?: string }> {
    await this.get(actor, incidentId);
    const limit = filter.limit ?? 100;
    const rows = await this.queries.items({
      incidentId,
      platformKey: filter.platformKey,
      status: filter.status,
      after: filter.after ? cursor.decode(filter.after) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1]?.item;
    return {
      items: page,
      next: rows.length > limit && last ? cursor.encode(last.createdAt, last.id) : undefined,
    };
  }

  async item(
    actor: Actor,
    incidentId: string,
    itemId: string,
  ): Promise<{ item: ItemRecord; cells: CellRecord[] }> {
    await this.get(actor, incidentId);
    const found = await this.queries.itemWithCells(incidentId, itemId);
    if (!found) throw new DomainError(ERROR_CODES.NOT_FOUND, 'item not found');
    return found;
  }

  async containment(
    actor: Actor,
    incidentId: string,
  ): Promise<{ platforms: PlatformContainmentView[]; at: Date }> {
    const incident = await this.get(actor, incidentId);
    const now = this.clock.now();
    return {
      platforms: summariseContainment(await this.queries.cells(incidentId), incident.platforms, now),
      at: now,
    };
  }

  async events(
    actor: Actor,
    incidentId: string,
    after = 0,
    limit = 100,
  ): Promise<{ events: EventRecord[]; next?: string }> {
    await this.get(actor, incidentId);
    const events = await this.queries.events(incidentId, after, limit);
    const last = events[events.length - 1];
    return { events, next: events.length === limit && last ? String(last.seq) : undefined };
  }
}
