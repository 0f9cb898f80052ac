import {
  DomainError,
  ERROR_CODES,
  GENESIS_HASH,
  contentDigest,
  eventView,
  type CellRecord,
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
import type { IncidentMode, Verdict } from '@hub/contracts';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { appendEvents, toAppended, type EventsNotice } from './event-log';
import { pgCode } from '../pg-errors';
import { toCell, toIncident, toItem } from './row-mappers';

const INCIDENT_COLUMNS: Record<string, string> = {
  title: 'title',
  summary: 'summary',
  level: 'level',
  status: 'status',
  participants: 'participants',
  platforms: 'platforms',
  criteria: 'criteria',
  rationale: 'rationale',
  closingSummary: 'closing_summary',
  reviewSummary: 'review_summary',
  closedAt: 'closed_at',
};

/** A statement with numbered parameters, runnable alone or as one part of a combined statement. */
interface Fragment {
  sql: (p: (value: unknown, cast: string) => string) => string;
}

function itemsInsert(incidentId: string, items: ItemRecord[]): Fragment {
  return {
    sql: (
      p,
    ) => `INSERT INTO items (id, incident_id, kind, dedup_key, url, submitted_url, hash_algorithm, hash_value, hash_quality,
                            account_platform, account_handle, channel, legal_reference, platform_key, metadata, reporters,
                            variant_of, created_by, created_at)
         SELECT i, ${p(incidentId, 'uuid')}, k, dk, u, su, ha, hv, hq, ap, ah, ch, lr, pk, md::jsonb, ARRAY[rep], vo, cb, ca
           FROM unnest(${[
             p(
               items.map((i) => i.id),
               'uuid[]',
             ),
             p(
               items.map((i) => i.kind),
               'text[]',
             ),
             p(
               items.map((i) => i.dedupKey),
               'text[]',
             ),
             p(
               items.map((i) => i.url),
               'text[]',
             ),
             p(
               items.map((i) => i.submittedUrl),
               'text[]',
             ),
             p(
               items.map((i) => i.hashAlgorithm),
               'text[]',
             ),
             p(
               items.map((i) => i.hashValue),
               'text[]',
             ),
             p(
               items.map((i) => i.hashQuality),
               'smallint[]',
             ),
             p(
               items.map((i) => i.accountPlatform),
               'text[]',
             ),
             p(
               items.map((i) => i.accountHandle),
               'text[]',
             ),
             p(
               items.map((i) => i.channel),
               'text[]',
             ),
             p(
               items.map((i) => i.legalReference),
               'text[]',
             ),
             p(
               items.map((i) => i.platformKey),
               'text[]',
             ),
             p(
               items.map((i) => JSON.stringify(i.metadata)),
               'text[]',
             ),
             p(
               items.map((i) => i.reporters[0]),
               'uuid[]',
             ),
             p(
               items.map((i) => i.variantOf),
               'uuid[]',
             ),
             p(
               items.map((i) => i.createdBy),
               'uuid[]',
             ),
             p(
               items.map((i) => i.createdAt),
               'timestamptz[]',
             ),
           ].join(', ')})
             AS x(i, k, dk, u, su, ha, hv, hq, ap, ah, ch, lr, pk, md, rep, vo, cb, ca)`,
  };
}

function cellsInsert(cells: CellRecord[]): Fragment {
  return {
    sql: (
      p,
    ) => `INSERT INTO containment_cells (item_id, platform_key, incident_id, status, ack_due_at, action_due_at, created_at, updated_at)
      SELECT a, b, c, d, e, f, g, g FROM unnest(${[
        p(
          cells.map((c) => c.itemId),
          'uuid[]',
        ),
        p(
          cells.map((c) => c.platformKey),
          'text[]',
        ),
        p(
          cells.map((c) => c.incidentId),
          'uuid[]',
        ),
        p(
          cells.map((c) => c.status),
          'text[]',
        ),
        p(
          cells.map((c) => c.ackDueAt),
          'timestamptz[]',
        ),
        p(
          cells.map((c) => c.actionDueAt),
          'timestamptz[]',
        ),
        p(
          cells.map((c) => c.createdAt),
          'timestamptz[]',
        ),
      ].join(', ')}) AS x(a, b, c, d, e, f, g)
      ON CONFLICT DO NOTHING`,
  };
}

function reportersUpdate(additions: { itemId: string; organisationId: string }[]): Fragment {
  return {
    sql: (p) => `UPDATE items SET reporters = array_append(reporters, x.org)
         FROM unnest(${p(
           additions.map((a) => a.itemId),
           'uuid[]',
         )}, ${p(
           additions.map((a) => a.organisationId),
           'uuid[]',
         )}) AS x(item, org)
        WHERE items.id = x.item AND NOT (x.org = ANY(items.reporters))`,
  };
}

/** Renders fragments (and an optional final SELECT) as one statement: data-modifying CTEs then the select. */
function render(fragments: Fragment[], final?: Fragment): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const parts = fragments.map((f) => f.sql(p));
  if (!final && parts.length === 1) return { sql: parts[0], params };
  const ctes = parts.map((sql, i) => `w${i} AS (${sql})`).join(',\n');
  const tail = final ? final.sql(p) : 'SELECT 1';
  return { sql: parts.length ? `WITH ${ctes}\n${tail}` : tail, params };
}

/** Statement names by text: each shape of deferred work is parsed and planned once per connection. */
const statementNames = new Map<string, string>();

/**
 * Runs one statement outside any transaction, prepared under a name derived from its text. The deferred
 * work's statements are few shapes (their rows travel as array parameters), run for every share.
 */
async function prepared(manager: EntityManager, sql: string, params: unknown[]): Promise<any[]> {
  let name = statementNames.get(sql);
  if (!name) {
    name = `hub_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    if (statementNames.size > 200) statementNames.clear();
    statementNames.set(sql, name);
  }
  const pool = (manager.connection.driver as PostgresDriver).master as Pool;
  return (await pool.query({ name, text: sql, values: params })).rows;
}

async function itemsByDedupKeys(
  manager: EntityManager,
  incidentId: string,
  keys: string[],
): Promise<ItemRecord[]> {
  const rows = await manager.query(
    `SELECT * FROM items WHERE incident_id = $1 AND dedup_key = ANY($2::text[])`,
    [incidentId, keys],
  );
  return rows.map(toItem);
}

/** An exercise's replay speed (its deadlines run on the exercise clock); 1 for a live incident. */
const CLOCK_SPEED = `COALESCE((SELECT r.speed FROM exercise_runs r WHERE r.incident_id = i.id), 1) AS clock_speed,
  COALESCE((SELECT r.paused_at IS NOT NULL FROM exercise_runs r WHERE r.incident_id = i.id), false) AS clock_paused`;

/** Changing any of these moves the incident's configuration version. */
const CONFIG_FIELDS = new Set(['status', 'level', 'participants', 'platforms']);

/**
 * Locked mode runs each write at once inside the transaction that holds the incident row. Deferred mode
 * (late locking) reads without a transaction, keeps the writes, and sends them as one statement when the
 * work is done: PostgreSQL runs and commits it at once, so the incident row is locked only for the time of
 * that one statement, never while this process is busy elsewhere.
 */
class PgIncidentTx implements IncidentTx {
  /** Locked mode: the events appended so far, announced once the transaction has committed. */
  readonly appended: EventRecord[] = [];
  private readonly pending: Fragment[] = [];
  private pendingEvents: NewEvent[] = [];
  /** Deferred mode: the index of the fragment whose rows decide whether the rest applies. */
  private guard?: number;

  constructor(
    private readonly manager: EntityManager,
    public incident: IncidentRecord,
    private readonly deferred: boolean,
    private readonly clock: Clock,
    /** Items read with the incident (late mode), by dedup key, for the keys asked for up front. */
    private readonly prefetched?: { keys: Set<string>; items: ItemRecord[] },
  ) {}

  private async write(fragment: Fragment): Promise<void> {
    if (this.deferred) {
      this.pending.push(fragment);
      return;
    }
    const { sql, params } = render([fragment]);
    await this.manager.query(sql, params);
  }

  /** Deferred mode: everything kept, in one statement that also appends the events and commits. */
  async flush(): Promise<EventRecord[]> {
    if (!this.deferred || (this.pending.length === 0 && this.pendingEvents.length === 0)) return [];
    const events = this.pendingEvents;
    const at = this.clock.now().toISOString();
    const digests = events.map((e) =>
      contentDigest({ incidentId: this.incident.id, type: e.type, actor: e.actor, data: e.data, at }),
    );
    const source = this.guard !== undefined ? `w${this.guard} g, LATERAL ` : '';
    const append: Fragment = {
      sql: (p) =>
        `SELECT e.* FROM ${source}hub_append_events(${[
          p(this.incident.id, 'uuid'),
          p(this.incident.configVersion, 'integer'),
          p(at, 'timestamptz'),
          p(
            events.map((e) => e.type),
            'text[]',
          ),
          p(
            events.map((e) => e.actor.memberId),
            'uuid[]',
          ),
          p(
            events.map((e) => e.actor.organisationId),
            'uuid[]',
          ),
          p(
            events.map((e) => JSON.stringify(e.data)),
            'jsonb[]',
          ),
          p(digests, 'text[]'),
        ].join(', ')}) e`,
    };
    const { sql, params } = render(this.pending, append);
    return toAppended(this.incident.id, events, at, await prepared(this.manager, sql, params));
  }

  async updateIncident(patch: Partial<IncidentRecord>): Promise<IncidentRecord> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const column = INCIDENT_COLUMNS[key];
      if (!column) throw new Error(`incident field ${key} cannot be updated`);
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    if (Object.keys(patch).some((key) => CONFIG_FIELDS.has(key)))
      sets.push('config_version = config_version + 1');
    values.push(this.clock.now(), this.incident.id);
    await this.manager.query(
      `UPDATE incidents SET ${sets.join(', ')}${sets.length ? ', ' : ''}updated_at = $${values.length - 1} WHERE id = $${values.length}`,
      values,
    );
    this.incident = { ...this.incident, ...patch, updatedAt: this.clock.now() };
    return this.incident;
  }

  /** In deferred mode the events are appended by `flush`, after the work: this answers none. */
  async append(events: NewEvent[]): Promise<EventRecord[]> {
    if (this.deferred) {
      this.pendingEvents = [...this.pendingEvents, ...events];
      return [];
    }
    const appended = await appendEvents(this.manager, this.incident.id, events, this.clock.now(), null);
    if (appended.length) this.incident = { ...this.incident, lastSeq: appended[appended.length - 1].seq };
    this.appended.push(...appended);
    return appended;
  }

  async findItemsByDedupKeys(keys: string[]): Promise<ItemRecord[]> {
    if (keys.length === 0) return [];
    const known = this.prefetched;
    if (known && keys.every((k) => known.keys.has(k))) {
      const wanted = new Set(keys);
      return known.items.filter((item) => wanted.has(item.dedupKey));
    }
    return itemsByDedupKeys(this.manager, this.incident.id, keys);
  }

  async findItem(itemId: string): Promise<ItemRecord | null> {
    const rows = await this.manager.query(`SELECT * FROM items WHERE incident_id = $1 AND id = $2`, [
      this.incident.id,
      itemId,
    ]);
    return rows[0] ? toItem(rows[0]) : null;
  }

  async insertItems(items: ItemRecord[], cells: CellRecord[]): Promise<void> {
    if (items.length) await this.write(itemsInsert(this.incident.id, items));
    await this.insertCells(cells);
  }

  async insertCells(cells: CellRecord[]): Promise<void> {
    if (cells.length) await this.write(cellsInsert(cells));
  }

  async addReporters(additions: { itemId: string; organisationId: string }[]): Promise<void> {
    if (additions.length) await this.write(reportersUpdate(additions));
  }

  async lockCell(itemId: string, platformKey: string): Promise<CellRecord | null> {
    const rows = await this.manager.query(
      `SELECT * FROM containment_cells WHERE incident_id = $1 AND item_id = $2 AND platform_key = $3 FOR UPDATE`,
      [this.incident.id, itemId, platformKey],
    );
    return rows[0] ? toCell(rows[0]) : null;
  }

  async saveCell(cell: CellRecord): Promise<void> {
    await this.manager.query(
      `UPDATE containment_cells
          SET status = $3, reason = $4, ack_due_at = $5, action_due_at = $6, notified_at = $7, acknowledged_at = $8,
              acted_at = $9, paused_at = $10, overdue_count = $11, updated_at = $12
        WHERE item_id = $1 AND platform_key = $2`,
      [
        cell.itemId,
        cell.platformKey,
        cell.status,
        cell.reason,
        cell.ackDueAt,
        cell.actionDueAt,
        cell.notifiedAt,
        cell.acknowledgedAt,
        cell.actedAt,
        cell.pausedAt,
        cell.overdueCount,
        cell.updatedAt,
      ],
    );
  }

  async itemsConcerningNewPlatform(platformKey: string): Promise<ItemRecord[]> {
    const rows = await this.manager.query(
      `SELECT * FROM items WHERE incident_id = $1 AND (kind = 'hash' OR platform_key = $2) ORDER BY created_at, id`,
      [this.incident.id, platformKey],
    );
    return rows.map(toItem);
  }

  async openCells(): Promise<CellRecord[]> {
    const rows = await this.manager.query(
      `SELECT * FROM containment_cells WHERE incident_id = $1 AND acted_at IS NULL ORDER BY created_at, item_id`,
      [this.incident.id],
    );
    return rows.map(toCell);
  }

  /**
   * Locked mode: records the delivery at once. Deferred mode: the claim becomes the guard of the combined
   * statement, so when it was claimed before nothing else in that statement runs (answers true meanwhile).
   */
  async claimDelivery(deliveryId: string, outcome: 'succeeded' | 'failed'): Promise<boolean> {
    const claim: Fragment = {
      sql: (p) =>
        `INSERT INTO deliveries (delivery_id, outcome, incident_id) VALUES (${p(deliveryId, 'text')}, ${p(outcome, 'text')}, ${p(this.incident.id, 'uuid')})
         ON CONFLICT DO NOTHING RETURNING 1`,
    };
    if (this.deferred) {
      this.guard = this.pending.length;
      this.pending.push(claim);
      return true;
    }
    const { sql, params } = render([claim]);
    return (await this.manager.query(sql, params)).length === 1;
  }

  async shiftOpenDeadlines(ms: number): Promise<number> {
    const rows = await this.manager.query(
      `UPDATE containment_cells
          SET ack_due_at = CASE WHEN acknowledged_at IS NULL THEN ack_due_at + make_interval(secs => $2 / 1000.0) ELSE ack_due_at END,
              action_due_at = CASE WHEN acted_at IS NULL THEN action_due_at + make_interval(secs => $2 / 1000.0) ELSE action_due_at END
        WHERE incident_id = $1 AND acted_at IS NULL AND (ack_due_at IS NOT NULL OR action_due_at IS NOT NULL)
        RETURNING 1`,
      [this.incident.id, ms],
    );
    return rows.length;
  }

  /** A pending cell becomes notified (a delivery arrived); any other status stays as it is. */
  async markNotified(itemId: string, platformKey: string, at: Date): Promise<void> {
    const guard = this.guard;
    await this.write({
      sql: (p) =>
        `UPDATE containment_cells SET status = 'notified', notified_at = ${p(at, 'timestamptz')}, updated_at = ${p(at, 'timestamptz')}
          WHERE item_id = ${p(itemId, 'uuid')} AND platform_key = ${p(platformKey, 'text')} AND status = 'pending'
          ${guard !== undefined ? `AND EXISTS (SELECT 1 FROM w${guard})` : ''} RETURNING 1`,
    });
  }

  async cellsForItems(itemIds: string[]): Promise<CellRecord[]> {
    if (itemIds.length === 0) return [];
    const rows = await this.manager.query(
      `SELECT * FROM containment_cells WHERE item_id = ANY($1::uuid[]) ORDER BY platform_key`,
      [itemIds],
    );
    return rows.map(toCell);
  }

  async saveFeedback(f: {
    itemId: string;
    organisationId: string;
    memberId: string;
    verdict: Verdict;
    note?: string;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO item_feedback (item_id, organisation_id, member_id, verdict, note, at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (item_id, member_id) DO UPDATE SET verdict = EXCLUDED.verdict, note = EXCLUDED.note, at = EXCLUDED.at`,
      [f.itemId, f.organisationId, f.memberId, f.verdict, f.note ?? null, this.clock.now()],
    );
  }

  // --- matching and retention ---

  async setVariantOf(itemId: string, variantOf: string): Promise<void> {
    await this.write({
      sql: (p) =>
        `UPDATE items SET variant_of = ${p(variantOf, 'uuid')}
          WHERE incident_id = ${p(this.incident.id, 'uuid')} AND id = ${p(itemId, 'uuid')} AND variant_of IS NULL`,
    });
  }

  async purgePersonalMetadata(fields: readonly string[]): Promise<number> {
    // Answers a count, so it cannot wait for a deferred flush.
    if (this.deferred) throw new Error('purgePersonalMetadata needs the incident locked early');
    if (fields.length === 0) return 0;
    const rows: { n: number }[] = await this.manager.query(
      `WITH purged AS (
         UPDATE items SET metadata = metadata - $2::text[], purged_at = $3
          WHERE incident_id = $1 AND metadata ?| $2::text[]
          RETURNING 1)
       SELECT count(*)::int AS n FROM purged`,
      [this.incident.id, fields, this.clock.now()],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

/** How long an incident read for a share may serve an optimistic one (its version is checked on write). */
const RECENT_MS = 5_000;

export class PgIncidentStore implements IncidentStore {
  /** Live incidents as last read for a share, for optimistic work. */
  private readonly recent = new Map<string, { incident: IncidentRecord; at: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    /**
     * Told of every commit that appended events, as soon as it has committed: this process's listeners
     * (the room, the relay) need not wait for the NOTIFY that tells every process the same.
     */
    private readonly committed: (notice: EventsNotice) => void = () => {},
  ) {}

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
    const created = await this.db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO incidents (id, ref, title, summary, category, protocol, level, mode, status, participants, platforms,
                                criteria, rationale, created_by, created_at, updated_at, last_seq, last_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, 0, $16)`,
        [
          incident.id,
          incident.ref,
          incident.title,
          incident.summary,
          incident.category,
          incident.protocol,
          incident.level,
          incident.mode,
          incident.status,
          incident.participants,
          incident.platforms,
          incident.criteria,
          incident.rationale,
          incident.createdBy,
          incident.createdAt,
          GENESIS_HASH,
        ],
      );
      const tx = new PgIncidentTx(manager, incident, false, this.clock);
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
    const result = await this.db.transaction(async (manager) => {
      const rows = await manager.query(
        `SELECT *, ${CLOCK_SPEED} FROM incidents i WHERE id = $1 FOR NO KEY UPDATE OF i`,
        [incidentId],
      );
      if (!rows[0]) throw new DomainError(ERROR_CODES.NOT_FOUND, 'incident not found');
      tx = new PgIncidentTx(manager, toIncident(rows[0]), false, this.clock);
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
    const [rows, items] = await Promise.all([
      this.db.query(`SELECT *, ${CLOCK_SPEED} FROM incidents i WHERE id = $1`, [incidentId]),
      keys.length ? itemsByDedupKeys(this.db.manager, incidentId, keys) : [],
    ]);
    if (!rows[0]) throw new DomainError(ERROR_CODES.NOT_FOUND, 'incident not found');
    const incident = toIncident(rows[0]);
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
    const tx = new PgIncidentTx(this.db.manager, incident, true, this.clock, prefetched);
    const result = await work(tx);
    this.announce(incident.id, await tx.flush());
    return result;
  }

  async find(incidentId: string): Promise<IncidentRecord | null> {
    const rows = await this.db.query(`SELECT *, ${CLOCK_SPEED} FROM incidents i WHERE id = $1`, [incidentId]);
    return rows[0] ? toIncident(rows[0]) : null;
  }

  async list(filter: IncidentFilter): Promise<IncidentRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const { viewer } = filter;
    if (viewer.role === 'admin') return [];
    if (viewer.role !== 'coordinator' && viewer.role !== 'observer') {
      values.push([viewer.organisationId]);
      where.push(`participants @> $${values.length}::uuid[]`);
    }
    if (filter.status) {
      values.push(filter.status);
      where.push(`status = $${values.length}`);
    }
    if (filter.mode) {
      values.push(filter.mode);
      where.push(`mode = $${values.length}`);
    }
    if (filter.after) {
      values.push(filter.after.createdAt, filter.after.id);
      where.push(`(created_at, id) < ($${values.length - 1}, $${values.length})`);
    }
    values.push(filter.limit);
    const rows = await this.db.query(
      `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toIncident);
  }

  async closedBefore(date: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM incidents
        WHERE closed_at IS NOT NULL AND closed_at < $1 AND status IN ('closed', 'reviewed')
        ORDER BY closed_at, id`,
      [date],
    );
    return rows.map((r) => r.id);
  }

  async nextRef(mode: IncidentMode, year: number): Promise<string> {
    const rows = await this.db.query(`SELECT nextval('incident_ref_seq') AS n`);
    const n = String(rows[0].n).padStart(4, '0');
    return mode === 'exercise' ? `EX-${year}-${n}` : `CH-${year}-${n}`;
  }
}
