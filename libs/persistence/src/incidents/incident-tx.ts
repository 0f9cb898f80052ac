import type { Verdict } from '@hub/contracts';
import type {
  CellRecord,
  Clock,
  EventRecord,
  IncidentRecord,
  IncidentTx,
  ItemRecord,
  NewEvent,
} from '@hub/domain';
import type { CellRow, ItemRow } from './incident.rows';
import { sql, type Sql } from '../sql/sql';
import type { SqlClient } from '../sql/sql-client';
import { appendEvents, toAppended } from '../events/event-log';
import {
  addReporters,
  addTechniques,
  appendEventsCall,
  cellsForItems,
  combined,
  cteName,
  insertCells,
  insertItems,
  itemsByDedupKeys,
} from './incident.statements';
import { toCell, toItem } from './incident.mappers';

/** The incident's fields a work may change, and their columns. */
const INCIDENT_COLUMNS: Partial<Record<keyof IncidentRecord, string>> = {
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
  // A mirror narrowed by its origin (`all` to `hub`); a level, never a sharing group.
  distribution: 'distribution',
};

/** Changing any of these moves the incident's configuration version. */
const CONFIG_FIELDS = new Set<string>(['status', 'level', 'participants', 'platforms']);

/**
 * Locked mode runs each write at once inside the transaction that holds the incident row. Deferred mode
 * (late locking) reads without a transaction, keeps the writes, and sends them as one statement when the
 * work is done: PostgreSQL runs and commits it at once, so the incident row is locked only for the time of
 * that one statement, never while this process is busy elsewhere.
 */
export class PgIncidentTx implements IncidentTx {
  /** Locked mode: the events appended so far, announced once the transaction has committed. */
  readonly appended: EventRecord[] = [];
  private readonly pending: Sql[] = [];
  private pendingEvents: NewEvent[] = [];
  /** Deferred mode: the index of the pending write whose rows decide whether the rest applies. */
  private guard?: number;

  constructor(
    /** The transaction's connection (locked mode) or the pool (deferred mode). */
    private readonly db: SqlClient,
    public incident: IncidentRecord,
    private readonly deferred: boolean,
    private readonly clock: Clock,
    /** Items read with the incident (late mode), by dedup key, for the keys asked for up front. */
    private readonly prefetched?: { keys: Set<string>; items: ItemRecord[] },
  ) {}

  private async write(statement: Sql): Promise<void> {
    if (this.deferred) {
      this.pending.push(statement);
      return;
    }
    await this.db.run(statement);
  }

  /** Deferred mode: everything kept, in one statement that also appends the events and commits. */
  async flush(): Promise<EventRecord[]> {
    if (!this.deferred || (this.pending.length === 0 && this.pendingEvents.length === 0)) return [];
    const events = this.pendingEvents;
    const at = this.clock.now().toISOString();
    // With a guard (a delivery's claim), nothing is appended when the claim found the delivery recorded.
    const from = this.guard !== undefined ? sql`${sql.raw(cteName(this.guard))} g, LATERAL ` : sql.empty;
    const append = appendEventsCall(this.incident.id, this.incident.configVersion, at, events, from);
    const rows = await this.db.rows(combined(this.pending, append).prepared());
    return toAppended(this.incident.id, events, at, rows);
  }

  async updateIncident(patch: Partial<IncidentRecord>): Promise<IncidentRecord> {
    const sets: Sql[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const column = INCIDENT_COLUMNS[key as keyof IncidentRecord];
      if (!column) throw new Error(`incident field ${key} cannot be updated`);
      sets.push(sql`${sql.raw(column)} = ${value}`);
    }
    if (Object.keys(patch).some((key) => CONFIG_FIELDS.has(key)))
      sets.push(sql`config_version = config_version + 1`);
    const now = this.clock.now();
    sets.push(sql`updated_at = ${now}`);
    await this.db.run(sql`UPDATE incidents SET ${sql.join(sets)} WHERE id = ${this.incident.id}`);
    this.incident = { ...this.incident, ...patch, updatedAt: now };
    return this.incident;
  }

  /** In deferred mode the events are appended by `flush`, after the work: this answers none. */
  async append(events: NewEvent[]): Promise<EventRecord[]> {
    if (this.deferred) {
      this.pendingEvents = [...this.pendingEvents, ...events];
      return [];
    }
    const appended = await appendEvents(this.db, this.incident.id, events, this.clock.now(), null);
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
    return (await this.db.rows(itemsByDedupKeys(this.incident.id, keys))).map(toItem);
  }

  async findItem(itemId: string): Promise<ItemRecord | null> {
    const row = await this.db.one(
      sql<ItemRow>`SELECT * FROM items WHERE incident_id = ${this.incident.id} AND id = ${itemId}`,
    );
    return row ? toItem(row) : null;
  }

  async findItemsByOriginIds(originItemIds: string[]): Promise<ItemRecord[]> {
    const rows = await this.db.rows(sql<ItemRow>`
      SELECT * FROM items WHERE incident_id = ${this.incident.id} AND origin_item_id = ANY(${originItemIds}::uuid[])`);
    return rows.map(toItem);
  }

  async recordReceived(entries: { key: string; peerId: string }[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const rows = await this.db.rows(sql<{ key: string }>`
      INSERT INTO federation_received (origin_hub, origin_event_id, peer_id, incident_id)
      SELECT split_part(k, ':', 1), split_part(k, ':', 2)::bigint, p, ${this.incident.id}::uuid
        FROM unnest(${entries.map((e) => e.key)}::text[], ${entries.map((e) => e.peerId)}::uuid[]) AS x(k, p)
      ON CONFLICT DO NOTHING
      RETURNING origin_hub || ':' || origin_event_id AS key`);
    return rows.map((r) => r.key);
  }

  async insertItems(items: ItemRecord[], cells: CellRecord[]): Promise<void> {
    if (items.length) await this.write(insertItems(this.incident.id, items));
    await this.insertCells(cells);
  }

  async insertCells(cells: CellRecord[]): Promise<void> {
    if (cells.length) await this.write(insertCells(cells));
  }

  async addReporters(additions: { itemId: string; organisationId: string }[]): Promise<void> {
    if (additions.length) await this.write(addReporters(additions));
  }

  async addTechniques(additions: { itemId: string; techniques: string[] }[]): Promise<void> {
    if (additions.length) await this.write(addTechniques(additions));
  }

  async lockCell(itemId: string, platformKey: string): Promise<CellRecord | null> {
    const row = await this.db.one(sql<CellRow>`
      SELECT * FROM containment_cells
       WHERE incident_id = ${this.incident.id} AND item_id = ${itemId} AND platform_key = ${platformKey}
         FOR UPDATE`);
    return row ? toCell(row) : null;
  }

  async saveCell(cell: CellRecord): Promise<void> {
    const c = cell;
    await this.db.run(sql`
      UPDATE containment_cells
         SET status = ${c.status}, reason = ${c.reason}, ack_due_at = ${c.ackDueAt}, action_due_at = ${c.actionDueAt},
             notified_at = ${c.notifiedAt}, acknowledged_at = ${c.acknowledgedAt}, acted_at = ${c.actedAt},
             paused_at = ${c.pausedAt}, overdue_count = ${c.overdueCount}, updated_at = ${c.updatedAt},
             via_hub = ${c.viaHub ?? null}
       WHERE item_id = ${c.itemId} AND platform_key = ${c.platformKey}`);
  }

  async itemsConcerningNewPlatform(platformKey: string): Promise<ItemRecord[]> {
    const rows = await this.db.rows(sql<ItemRow>`
      SELECT * FROM items
       WHERE incident_id = ${this.incident.id} AND (kind = 'hash' OR platform_key = ${platformKey})
       ORDER BY created_at, id`);
    return rows.map(toItem);
  }

  async openCells(): Promise<CellRecord[]> {
    const rows = await this.db.rows(sql<CellRow>`
      SELECT * FROM containment_cells
       WHERE incident_id = ${this.incident.id} AND acted_at IS NULL
       ORDER BY created_at, item_id`);
    return rows.map(toCell);
  }

  /**
   * Locked mode: records the delivery at once. Deferred mode: the claim becomes the guard of the combined
   * statement, so when it was claimed before nothing else in that statement runs (answers true meanwhile).
   */
  async claimDelivery(deliveryId: string, outcome: 'succeeded' | 'failed'): Promise<boolean> {
    const claim = sql`
      INSERT INTO deliveries (delivery_id, outcome, incident_id)
      VALUES (${deliveryId}::text, ${outcome}::text, ${this.incident.id}::uuid)
      ON CONFLICT DO NOTHING RETURNING 1`;
    if (this.deferred) {
      this.guard = this.pending.length;
      this.pending.push(claim);
      return true;
    }
    return (await this.db.run(claim)) === 1;
  }

  /**
   * Locked mode: claims at once. Deferred mode: reads which are not recorded yet and claims those in the
   * combined statement by a plain INSERT, so that a concurrent record of any of them fails the whole
   * statement (23505, nothing applied) and the work runs again on fresh reads.
   */
  async claimDeliveries(deliveryIds: string[], outcome: 'succeeded' | 'failed'): Promise<string[]> {
    if (deliveryIds.length === 0) return [];
    if (this.deferred) {
      const recorded = await this.db.rows(sql<{ delivery_id: string }>`
        SELECT delivery_id FROM deliveries
         WHERE delivery_id = ANY(${deliveryIds}::text[]) AND outcome = ${outcome}::text`);
      const known = new Set(recorded.map((r) => r.delivery_id));
      const fresh = deliveryIds.filter((id) => !known.has(id));
      if (fresh.length)
        this.pending.push(sql`
          INSERT INTO deliveries (delivery_id, outcome, incident_id)
          SELECT d, ${outcome}::text, ${this.incident.id}::uuid FROM unnest(${fresh}::text[]) AS d`);
      return fresh;
    }
    const rows = await this.db.rows(sql<{ delivery_id: string }>`
      INSERT INTO deliveries (delivery_id, outcome, incident_id)
      SELECT d, ${outcome}::text, ${this.incident.id}::uuid FROM unnest(${deliveryIds}::text[]) AS d
      ON CONFLICT DO NOTHING RETURNING delivery_id`);
    return rows.map((r) => r.delivery_id);
  }

  async markNotifiedMany(itemIds: string[], platformKey: string, at: Date): Promise<void> {
    if (itemIds.length === 0) return;
    await this.write(sql`
      UPDATE containment_cells SET status = 'notified', notified_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
       WHERE item_id = ANY(${itemIds}::uuid[]) AND platform_key = ${platformKey}::text AND status = 'pending'`);
  }

  async shiftOpenDeadlines(ms: number): Promise<number> {
    const seconds = sql`make_interval(secs => ${ms} / 1000.0)`;
    return this.db.run(sql`
      UPDATE containment_cells
         SET ack_due_at = CASE WHEN acknowledged_at IS NULL THEN ack_due_at + ${seconds} ELSE ack_due_at END,
             action_due_at = CASE WHEN acted_at IS NULL THEN action_due_at + ${seconds} ELSE action_due_at END
       WHERE incident_id = ${this.incident.id} AND acted_at IS NULL
         AND (ack_due_at IS NOT NULL OR action_due_at IS NOT NULL)`);
  }

  /** A pending cell becomes notified (a delivery arrived); any other status stays as it is. */
  async markNotified(itemId: string, platformKey: string, at: Date): Promise<void> {
    const guarded =
      this.guard !== undefined ? sql`AND EXISTS (SELECT 1 FROM ${sql.raw(cteName(this.guard))})` : sql.empty;
    await this.write(sql`
      UPDATE containment_cells SET status = 'notified', notified_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
       WHERE item_id = ${itemId}::uuid AND platform_key = ${platformKey}::text AND status = 'pending' ${guarded}
      RETURNING 1`);
  }

  async cellsForItems(itemIds: string[]): Promise<CellRecord[]> {
    if (itemIds.length === 0) return [];
    return (await this.db.rows(cellsForItems(itemIds))).map(toCell);
  }

  async saveFeedback(f: {
    itemId: string;
    organisationId: string;
    memberId: string;
    verdict: Verdict;
    note?: string;
  }): Promise<void> {
    await this.db.run(sql`
      INSERT INTO item_feedback (item_id, organisation_id, member_id, verdict, note, at)
      VALUES (${f.itemId}, ${f.organisationId}, ${f.memberId}, ${f.verdict}, ${f.note ?? null}, ${this.clock.now()})
      ON CONFLICT (item_id, member_id) DO UPDATE SET verdict = EXCLUDED.verdict, note = EXCLUDED.note, at = EXCLUDED.at`);
  }

  /** Matching: links the item to the one it is a variant of, unless it is already linked. */
  async setVariantOf(itemId: string, variantOf: string): Promise<void> {
    await this.write(sql`
      UPDATE items SET variant_of = ${variantOf}::uuid
       WHERE incident_id = ${this.incident.id}::uuid AND id = ${itemId}::uuid AND variant_of IS NULL`);
  }

  async purgePersonalMetadata(fields: readonly string[]): Promise<number> {
    // Answers a count, so it cannot wait for a deferred flush.
    if (this.deferred) throw new Error('purgePersonalMetadata needs the incident locked early');
    if (fields.length === 0) return 0;
    return this.db.run(sql`
      UPDATE items SET metadata = metadata - ${fields}::text[], purged_at = ${this.clock.now()}
       WHERE incident_id = ${this.incident.id} AND metadata ?| ${fields}::text[]`);
  }
}
