import {
  DomainError,
  ERROR_CODES,
  GENESIS_HASH,
  eventView,
  visibilityOf,
  type Clock,
  type EventRecord,
  type IncidentFilter,
  type IncidentRecord,
  type IncidentStore,
  type IncidentTx,
  type ItemRecord,
  type NewEvent,
  type WorkOptions,
} from '@hub/domain';
import type { IncidentMode } from '@hub/contracts';
import type { DataSource } from 'typeorm';
import { pgCode } from '../sql/pg-errors';
import type { IncidentRow } from './incident.rows';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import type { EventsNotice } from '../events/event-log';
import { PgIncidentTx } from './incident-tx';
import {
  insertIncident,
  itemsByDedupKeys,
  lockIncident,
  selectIncident,
  selectIncidents,
} from './incident.statements';
import { toIncident, toItem } from './incident.mappers';

/** How long an incident read for a share may serve an optimistic one (its version is checked on write). */
const RECENT_MS = 5_000;

export class PgIncidentStore implements IncidentStore {
  /** Live incidents as last read for a share, for optimistic work. */
  private readonly recent = new Map<string, { incident: IncidentRecord; at: number }>();

  private readonly db: SqlClient;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
    /**
     * Told of every commit that appended events, as soon as it has committed: this process's listeners
     * (the room, the relay) need not wait for the NOTIFY that tells every process the same.
     */
    private readonly committed: (notice: EventsNotice) => void = () => {},
  ) {
    this.db = SqlClient.of(dataSource);
  }

  /** Tells this process of a commit at once; the commit stands whatever a listener does (the NOTIFY repeats it). */
  private announce(incidentId: string, events: EventRecord[]): void {
    if (events.length === 0) return;
    try {
      this.committed({
        incidentId,
        fromSeq: events[0].seq,
        toSeq: events[events.length - 1].seq,
        events: events.map(eventView),
      });
    } catch {
      // A listener's failure is its own; the command succeeded.
    }
  }

  async create(
    incident: IncidentRecord,
    events: NewEvent[],
  ): Promise<{ incident: IncidentRecord; events: EventRecord[] }> {
    const created = await this.db.transaction(async (db) => {
      await db.run(insertIncident(incident, GENESIS_HASH));
      const tx = new PgIncidentTx(db, incident, false, this.clock);
      const appended = await tx.append(events);
      return { incident: tx.incident, events: appended };
    });
    this.announce(created.incident.id, created.events);
    return created;
  }

  async withIncident<T>(
    incidentId: string,
    work: (tx: IncidentTx) => Promise<T>,
    options: WorkOptions = {},
  ): Promise<T> {
    const late = options.lock === 'late';
    for (let attempt = 1; ; attempt++) {
      try {
        if (!late) return await this.locked(incidentId, work);
        const seen = attempt === 1 && options.optimistic ? this.recent.get(incidentId) : undefined;
        if (seen && Date.now() - seen.at < RECENT_MS) {
          try {
            return await this.deferred(seen.incident, { keys: new Set(options.dedupKeys), items: [] }, work);
          } catch {
            // Stale, a repeat, or refused on what may be stale: decide on fresh reads.
            this.recent.delete(incidentId);
            continue;
          }
        }
        return await this.late(incidentId, work, options);
      } catch (error) {
        // A changed configuration under late locking, a deadlock, or (late) another share of the same
        // item committing first: the whole work runs again and sees the state it lost to.
        const code = pgCode(error);
        const retry =
          code === '40001' || code === '40P01' || (late && (code === '23505' || code === '23503'));
        if (retry && attempt < 5) continue;
        throw error;
      }
    }
  }

  /** Early locking: the work runs in a transaction that holds the incident row from the start. */
  private async locked<T>(incidentId: string, work: (tx: IncidentTx) => Promise<T>): Promise<T> {
    let tx: PgIncidentTx | undefined;
    const result = await this.db.transaction(async (db) => {
      const row = await db.one(lockIncident(incidentId));
      if (!row) throw new DomainError(ERROR_CODES.NOT_FOUND, 'incident not found');
      tx = new PgIncidentTx(db, toIncident(row), false, this.clock);
      return work(tx);
    });
    this.announce(incidentId, tx!.appended);
    return result;
  }

  /** Late locking on fresh reads: the incident and the items by the given dedup keys, in parallel. */
  private async late<T>(
    incidentId: string,
    work: (tx: IncidentTx) => Promise<T>,
    options: WorkOptions,
  ): Promise<T> {
    const keys = options.dedupKeys ?? [];
    const [row, itemRows] = await Promise.all([
      this.db.one(selectIncident(incidentId)),
      keys.length ? this.db.rows(itemsByDedupKeys(incidentId, keys)) : [],
    ]);
    if (!row) throw new DomainError(ERROR_CODES.NOT_FOUND, 'incident not found');
    const incident = toIncident(row);
    const items = itemRows.map(toItem);
    // Only live incidents: an exercise's clock (speed, pause) is not part of the version checked.
    if (options.optimistic && incident.mode === 'live') {
      if (this.recent.size > 1_000) this.recent.clear();
      this.recent.set(incidentId, { incident, at: Date.now() });
    }
    return this.deferred(incident, { keys: new Set(keys), items }, work);
  }

  /** The work on `incident` with its writes kept, then sent as one statement that appends and commits. */
  private async deferred<T>(
    incident: IncidentRecord,
    prefetched: { keys: Set<string>; items: ItemRecord[] },
    work: (tx: IncidentTx) => Promise<T>,
  ): Promise<T> {
    const tx = new PgIncidentTx(this.db, incident, true, this.clock, prefetched);
    const result = await work(tx);
    this.announce(incident.id, await tx.flush());
    return result;
  }

  async find(incidentId: string): Promise<IncidentRecord | null> {
    const row = await this.db.one(selectIncident(incidentId));
    return row ? toIncident(row) : null;
  }

  async findMany(incidentIds: readonly string[]): Promise<IncidentRecord[]> {
    if (incidentIds.length === 0) return [];
    return (await this.db.rows(selectIncidents(incidentIds))).map(toIncident);
  }

  async list(filter: IncidentFilter): Promise<IncidentRecord[]> {
    const { viewer } = filter;
    const visibility = visibilityOf(viewer.role);
    if (visibility === 'none') return [];
    const where: Sql[] = [];
    if (visibility === 'participating') where.push(sql`participants @> ${[viewer.organisationId]}::uuid[]`);
    if (filter.status) where.push(sql`status = ${filter.status}`);
    if (filter.mode) where.push(sql`mode = ${filter.mode}`);
    if (filter.electionId) where.push(sql`election_id = ${filter.electionId}::uuid`);
    if (filter.after) where.push(sql`(created_at, id) < (${filter.after.createdAt}, ${filter.after.id})`);
    const rows = await this.db.rows(sql<IncidentRow>`
      SELECT * FROM incidents ${sql.where(where)}
       ORDER BY created_at DESC, id DESC LIMIT ${filter.limit}`);
    return rows.map(toIncident);
  }

  async closedBefore(date: Date): Promise<string[]> {
    const rows = await this.db.rows(sql<Pick<IncidentRow, 'id'>>`
      SELECT id FROM incidents
       WHERE closed_at IS NOT NULL AND closed_at < ${date} AND status IN ('closed', 'reviewed')
       ORDER BY closed_at, id`);
    return rows.map((r) => r.id);
  }

  async nextRef(mode: IncidentMode, year: number): Promise<string> {
    const row = await this.db.one(sql<{ n: string }>`SELECT nextval('incident_ref_seq') AS n`);
    const n = String(row!.n).padStart(4, '0');
    return mode === 'exercise' ? `EX-${year}-${n}` : `CH-${year}-${n}`;
  }
}
