import {
  DomainError,
  ERROR_CODES,
  GENESIS_HASH,
  type CellRecord,
  type Clock,
  type EventRecord,
  type IncidentFilter,
  type IncidentRecord,
  type IncidentStore,
  type IncidentTx,
  type ItemRecord,
  type NewEvent,
} from '@hub/domain';
import type { IncidentMode, Verdict } from '@hub/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { appendEvents, notifyEvents } from './event-log';
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

const CELL_INSERT = `
  INSERT INTO containment_cells (item_id, platform_key, incident_id, status, ack_due_at, action_due_at, created_at, updated_at)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $7::timestamptz[])
  ON CONFLICT DO NOTHING`;

class PgIncidentTx implements IncidentTx {
  private firstSeq = 0;

  constructor(
    private readonly manager: EntityManager,
    public incident: IncidentRecord,
    private readonly head: { lastSeq: number; lastHash: string },
    private readonly clock: Clock,
  ) {}

  async updateIncident(patch: Partial<IncidentRecord>): Promise<IncidentRecord> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const column = INCIDENT_COLUMNS[key];
      if (!column) throw new Error(`incident field ${key} cannot be updated`);
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    values.push(this.clock.now(), this.incident.id);
    await this.manager.query(
      `UPDATE incidents SET ${sets.join(', ')}${sets.length ? ', ' : ''}updated_at = $${values.length - 1} WHERE id = $${values.length}`,
      values,
    );
    this.incident = { ...this.incident, ...patch, updatedAt: this.clock.now() };
    return this.incident;
  }

  async append(events: NewEvent[]): Promise<EventRecord[]> {
    if (this.firstSeq === 0 && events.length) this.firstSeq = this.head.lastSeq + 1;
    const appended = await appendEvents(this.manager, this.incident.id, this.head, events, this.clock.now());
    this.incident = { ...this.incident, lastSeq: this.head.lastSeq };
    return appended;
  }

  async findItemsByDedupKeys(keys: string[]): Promise<ItemRecord[]> {
    if (keys.length === 0) return [];
    const rows = await this.manager.query(
      `SELECT * FROM items WHERE incident_id = $1 AND dedup_key = ANY($2::text[])`,
      [this.incident.id, keys],
    );
    return rows.map(toItem);
  }

  async findItem(itemId: string): Promise<ItemRecord | null> {
    const rows = await this.manager.query(`SELECT * FROM items WHERE incident_id = $1 AND id = $2`, [
      this.incident.id,
      itemId,
    ]);
    return rows[0] ? toItem(rows[0]) : null;
  }

  async insertItems(items: ItemRecord[], cells: CellRecord[]): Promise<void> {
    if (items.length) {
      await this.manager.query(
        `INSERT INTO items (id, incident_id, kind, dedup_key, url, submitted_url, hash_algorithm, hash_value, hash_quality,
                            account_platform, account_handle, channel, legal_reference, platform_key, metadata, reporters,
                            variant_of, created_by, created_at)
         SELECT i, $1::uuid, k, dk, u, su, ha, hv, hq, ap, ah, ch, lr, pk, md::jsonb, ARRAY[rep], vo, cb, ca
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::smallint[],
                       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::uuid[], $17::uuid[],
                       $18::uuid[], $19::timestamptz[])
             AS x(i, k, dk, u, su, ha, hv, hq, ap, ah, ch, lr, pk, md, rep, vo, cb, ca)`,
        [
          this.incident.id,
          items.map((i) => i.id),
          items.map((i) => i.kind),
          items.map((i) => i.dedupKey),
          items.map((i) => i.url),
          items.map((i) => i.submittedUrl),
          items.map((i) => i.hashAlgorithm),
          items.map((i) => i.hashValue),
          items.map((i) => i.hashQuality),
          items.map((i) => i.accountPlatform),
          items.map((i) => i.accountHandle),
          items.map((i) => i.channel),
          items.map((i) => i.legalReference),
          items.map((i) => i.platformKey),
          items.map((i) => JSON.stringify(i.metadata)),
          items.map((i) => i.reporters[0]),
          items.map((i) => i.variantOf),
          items.map((i) => i.createdBy),
          items.map((i) => i.createdAt),
        ],
      );
    }
    await this.insertCells(cells);
  }

  async insertCells(cells: CellRecord[]): Promise<void> {
    if (cells.length === 0) return;
    await this.manager.query(CELL_INSERT, [
      cells.map((c) => c.itemId),
      cells.map((c) => c.platformKey),
      cells.map((c) => c.incidentId),
      cells.map((c) => c.status),
      cells.map((c) => c.ackDueAt),
      cells.map((c) => c.actionDueAt),
      cells.map((c) => c.createdAt),
    ]);
  }

  async addReporters(additions: { itemId: string; organisationId: string }[]): Promise<void> {
    if (additions.length === 0) return;
    await this.manager.query(
      `UPDATE items SET reporters = array_append(reporters, x.org)
         FROM unnest($1::uuid[], $2::uuid[]) AS x(item, org)
        WHERE items.id = x.item AND NOT (x.org = ANY(items.reporters))`,
      [additions.map((a) => a.itemId), additions.map((a) => a.organisationId)],
    );
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

  /** Persist the head of the chain and announce the new events; NOTIFY is delivered on commit. */
  async finish(): Promise<void> {
    if (this.firstSeq === 0) return;
    await this.manager.query(`UPDATE incidents SET last_seq = $2, last_hash = $3 WHERE id = $1`, [
      this.incident.id,
      this.head.lastSeq,
      this.head.lastHash,
    ]);
    await notifyEvents(this.manager, {
      incidentId: this.incident.id,
      fromSeq: this.firstSeq,
      toSeq: this.head.lastSeq,
    });
  }
}

export class PgIncidentStore implements IncidentStore {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(
    incident: IncidentRecord,
    events: NewEvent[],
  ): Promise<{ incident: IncidentRecord; events: EventRecord[] }> {
    return this.db.transaction(async (manager) => {
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
      const tx = new PgIncidentTx(manager, incident, { lastSeq: 0, lastHash: GENESIS_HASH }, this.clock);
      const appended = await tx.append(events);
      await tx.finish();
      return { incident: tx.incident, events: appended };
    });
  }

  async withIncident<T>(incidentId: string, work: (tx: IncidentTx) => Promise<T>): Promise<T> {
    return this.db.transaction(async (manager) => {
      const rows = await manager.query(`SELECT * FROM incidents WHERE id = $1 FOR UPDATE`, [incidentId]);
      if (!rows[0]) throw new DomainError(ERROR_CODES.NOT_FOUND, 'incident not found');
      const tx = new PgIncidentTx(
        manager,
        toIncident(rows[0]),
        { lastSeq: Number(rows[0].last_seq), lastHash: rows[0].last_hash },
        this.clock,
      );
      const result = await work(tx);
      await tx.finish();
      return result;
    });
  }

  async find(incidentId: string): Promise<IncidentRecord | null> {
    const rows = await this.db.query(`SELECT * FROM incidents WHERE id = $1`, [incidentId]);
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

  async nextRef(mode: IncidentMode, year: number): Promise<string> {
    const rows = await this.db.query(`SELECT nextval('incident_ref_seq') AS n`);
    const n = String(rows[0].n).padStart(4, '0');
    return mode === 'exercise' ? `EX-${year}-${n}` : `CH-${year}-${n}`;
  }
}
