import type { BankAlgorithm, BankImportRejection, BankVisibility, ItemBankMatchedData } from '@hub/contracts';
import {
  partitionBits,
  type BankActor,
  type BankEvent,
  type BankHitRecord,
  type BankHitsPage,
  type BankImportRecord,
  type BankPartition,
  type BankRecord,
  type BankRepository,
  type BankSignalRecord,
  type ImportProgress,
  type NewSignal,
} from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

/** One row of each bank table as node-postgres answers it (bigint as a string). */
export interface BankRow {
  id: string;
  name: string;
  description: string | null;
  visibility: BankVisibility;
  organisation_id: string;
  created_by: string | null;
  created_at: Date;
  signal_count: string;
}

export interface BankSignalRow {
  seq: string;
  id: string;
  bank_id: string;
  algorithm: BankAlgorithm;
  value: string;
  quality: number | null;
  matchable: boolean;
  label: string | null;
  source_ref: string | null;
  added_by_member: string | null;
  added_by_organisation: string | null;
  import_id: string | null;
  created_at: Date;
  removed_at: Date | null;
}

export interface BankImportRow {
  id: string;
  bank_id: string;
  format: string;
  state: BankImportRecord['state'];
  lines_read: string;
  added: string;
  duplicates: string;
  rejected_count: string;
  rejected: BankImportRejection[];
  error: string | null;
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const toBank = (r: BankRow): BankRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  visibility: r.visibility,
  organisationId: r.organisation_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  signalCount: Number(r.signal_count),
});

const toSignal = (r: BankSignalRow): BankSignalRecord => ({
  seq: Number(r.seq),
  id: r.id,
  bankId: r.bank_id,
  algorithm: r.algorithm,
  value: r.value,
  quality: r.quality,
  matchable: r.matchable,
  label: r.label,
  sourceRef: r.source_ref,
  addedByMember: r.added_by_member,
  addedByOrganisation: r.added_by_organisation,
  importId: r.import_id,
  createdAt: r.created_at,
  removedAt: r.removed_at,
});

const toImport = (r: BankImportRow): BankImportRecord => ({
  id: r.id,
  bankId: r.bank_id,
  format: r.format,
  state: r.state,
  linesRead: Number(r.lines_read),
  added: Number(r.added),
  duplicates: Number(r.duplicates),
  rejectedCount: Number(r.rejected_count),
  rejected: r.rejected,
  error: r.error,
  startedBy: r.started_by,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** An entry of the bank's log, as a piece of a statement that writes it. */
const logged = (bankId: string, by: BankActor, event: BankEvent) => sql`
  INSERT INTO bank_events (bank_id, type, actor_member_id, actor_organisation_id, data)
  VALUES (${bankId}, ${event.type}, ${by.memberId}, ${by.organisationId}, ${JSON.stringify(event.data)}::jsonb)`;

/**
 * Banks in PostgreSQL. Each change is one statement (data-modifying CTEs) or one transaction that also
 * writes its entry in `bank_events`, so the log and the state never disagree.
 */
export class PgBankRepository implements BankRepository {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insertBank(bank: BankRecord, by: BankActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(sql`
        INSERT INTO banks (id, name, description, visibility, organisation_id, created_by, created_at)
        VALUES (${bank.id}, ${bank.name}, ${bank.description}, ${bank.visibility}, ${bank.organisationId},
                ${bank.createdBy}, ${bank.createdAt})`);
      await tx.run(
        logged(bank.id, by, {
          type: 'bank.created',
          data: { name: bank.name, visibility: bank.visibility, organisationId: bank.organisationId },
        }),
      );
    });
  }

  async findBank(id: string): Promise<BankRecord | null> {
    const row = await this.db.one(sql<BankRow>`SELECT * FROM banks WHERE id = ${id}`);
    return row && toBank(row);
  }

  async listBanks(): Promise<BankRecord[]> {
    return (await this.db.rows(sql<BankRow>`SELECT * FROM banks ORDER BY created_at, id`)).map(toBank);
  }

  async incidentPartners(organisationId: string): Promise<Set<string>> {
    const rows = await this.db.rows(sql<{ id: string }>`
      SELECT DISTINCT unnest(participants) AS id FROM incidents
       WHERE participants @> ${[organisationId]}::uuid[]`);
    return new Set(rows.map((r) => r.id));
  }

  async addSignals(
    bankId: string,
    signals: NewSignal[],
    by: BankActor,
    event: BankEvent,
    importId?: string,
  ): Promise<number> {
    const column = <T>(pick: (s: NewSignal) => T): T[] => signals.map(pick);
    // One statement: the rows the bank lacks, its count, and the log entry with what was added.
    const row = await this.db.one(sql<{ added: number }>`
      WITH inserted AS (
        INSERT INTO bank_signals (bank_id, algorithm, value, quality, matchable, label, source_ref,
                                  added_by_member, added_by_organisation, import_id)
        SELECT ${bankId}::uuid, t.a, t.v, t.q, t.m, t.l, t.s, ${by.memberId}::uuid, ${by.organisationId}::uuid,
               ${importId ?? null}::uuid
          FROM unnest(${column((s) => s.algorithm)}::text[], ${column((s) => s.value)}::text[],
                      ${column((s) => s.quality)}::smallint[], ${column((s) => s.matchable)}::boolean[],
                      ${column((s) => s.label)}::text[], ${column((s) => s.sourceRef)}::text[])
               AS t(a, v, q, m, l, s)
        ON CONFLICT ON CONSTRAINT bank_signals_dedup DO NOTHING
        RETURNING 1
      ), counted AS (
        SELECT count(*)::int AS n FROM inserted
      ), bumped AS (
        UPDATE banks SET signal_count = signal_count + (SELECT n FROM counted) WHERE id = ${bankId}
      ), logged AS (
        INSERT INTO bank_events (bank_id, type, actor_member_id, actor_organisation_id, data)
        SELECT ${bankId}, ${event.type}, ${by.memberId}, ${by.organisationId},
               ${JSON.stringify(event.data)}::jsonb
                 || jsonb_build_object('added', n, 'duplicates', ${signals.length}::int - n)
          FROM counted
      )
      SELECT n AS added FROM counted`);
    return row!.added;
  }

  async listSignals(bankId: string, page: { afterSeq?: number; limit: number }): Promise<BankSignalRecord[]> {
    const rows = await this.db.rows(sql<BankSignalRow>`
      SELECT * FROM bank_signals
       WHERE bank_id = ${bankId} AND removed_at IS NULL AND seq > ${page.afterSeq ?? 0}
       ORDER BY seq LIMIT ${page.limit}`);
    return rows.map(toSignal);
  }

  async removeSignal(bankId: string, signalId: string, by: BankActor): Promise<BankSignalRecord | null> {
    const row = await this.db.one(sql<BankSignalRow>`
      WITH removed AS (
        UPDATE bank_signals SET removed_at = now()
         WHERE bank_id = ${bankId} AND id = ${signalId} AND removed_at IS NULL
        RETURNING *
      ), bumped AS (
        UPDATE banks SET signal_count = signal_count - (SELECT count(*) FROM removed) WHERE id = ${bankId}
      ), logged AS (
        INSERT INTO bank_events (bank_id, type, actor_member_id, actor_organisation_id, data)
        SELECT ${bankId}, 'bank.signal_removed', ${by.memberId}, ${by.organisationId},
               jsonb_build_object('signalId', id, 'algorithm', algorithm, 'value', value)
          FROM removed
      )
      SELECT * FROM removed`);
    // Removing a removed signal changes nothing and answers it as it is: a retried DELETE is harmless.
    const found =
      row ??
      (await this.db.one(sql<BankSignalRow>`
        SELECT * FROM bank_signals WHERE bank_id = ${bankId} AND id = ${signalId}`));
    return found && toSignal(found);
  }

  async startImport(record: BankImportRecord, by: BankActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(sql`
        INSERT INTO bank_imports (id, bank_id, format, state, started_by, started_at)
        VALUES (${record.id}, ${record.bankId}, ${record.format}, 'running', ${record.startedBy},
                ${record.startedAt})`);
      await tx.run(
        logged(record.bankId, by, {
          type: 'bank.import_started',
          data: { importId: record.id, format: record.format },
        }),
      );
    });
  }

  async progressImport(importId: string, p: ImportProgress): Promise<void> {
    await this.db.run(sql`
      UPDATE bank_imports
         SET lines_read = ${p.linesRead}, added = ${p.added}, duplicates = ${p.duplicates},
             rejected_count = ${p.rejectedCount}, rejected = ${JSON.stringify(p.rejected)}::jsonb
       WHERE id = ${importId}`);
  }

  async finishImport(
    r: Pick<BankImportRecord, 'id' | 'bankId' | 'state' | 'error'> & ImportProgress,
    by: BankActor,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(sql`
        UPDATE bank_imports
           SET state = ${r.state}, error = ${r.error}, finished_at = now(), lines_read = ${r.linesRead},
               added = ${r.added}, duplicates = ${r.duplicates}, rejected_count = ${r.rejectedCount},
               rejected = ${JSON.stringify(r.rejected)}::jsonb
         WHERE id = ${r.id}`);
      await tx.run(
        logged(r.bankId, by, {
          type: 'bank.import_finished',
          data: {
            importId: r.id,
            state: r.state,
            linesRead: r.linesRead,
            added: r.added,
            duplicates: r.duplicates,
            rejected: r.rejectedCount,
            ...(r.error && { error: r.error }),
          },
        }),
      );
    });
  }

  async latestImport(bankId: string): Promise<BankImportRecord | null> {
    const row = await this.db.one(sql<BankImportRow>`
      SELECT * FROM bank_imports WHERE bank_id = ${bankId} ORDER BY started_at DESC, id DESC LIMIT 1`);
    return row && toImport(row);
  }

  async signalsBySeq(seqs: number[]): Promise<BankSignalRecord[]> {
    const rows = await this.db.rows(sql<BankSignalRow>`
      SELECT * FROM bank_signals WHERE seq = ANY(${seqs}::bigint[]) AND removed_at IS NULL`);
    return rows.map(toSignal);
  }

  async exactSignals(
    algorithm: BankAlgorithm,
    value: string,
    bankIds: string[],
  ): Promise<BankSignalRecord[]> {
    const rows = await this.db.rows(sql<BankSignalRow>`
      SELECT * FROM bank_signals
       WHERE bank_id = ANY(${bankIds}::uuid[]) AND algorithm = ${algorithm} AND value = ${value}
         AND removed_at IS NULL`);
    return rows.map(toSignal);
  }

  async matchablePdqSignals(
    afterSeq: number,
    limit: number,
    partition?: BankPartition,
  ): Promise<{ seq: number; value: string }[]> {
    // A partition is the hashes whose first log2(count) bits equal its index (as `bankPartitionOf` reads them).
    const bits = partition ? partitionBits(partition.count) : 0;
    const rows = await this.db.rows(sql<{ seq: string; value: string }>`
      SELECT seq, value FROM bank_signals
       WHERE algorithm = 'pdq' AND matchable AND seq > ${afterSeq}
         AND (${bits}::int = 0 OR get_byte(decode(left(value, 2), 'hex'), 0) >> (8 - ${bits}::int) = ${partition?.index ?? 0}::int)
       ORDER BY seq LIMIT ${limit}`);
    return rows.map((r) => ({ seq: Number(r.seq), value: r.value }));
  }

  async latestHits(bankId: string, page: BankHitsPage): Promise<BankHitRecord[]> {
    // `incident_events_bank_hits_idx` answers the first two conditions in `id` order.
    const where: Sql[] = [sql`e.type = 'item.bank_matched'`, sql`e.data ->> 'bankId' = ${bankId}`];
    if (page.beforeEventId !== undefined) where.push(sql`e.id < ${page.beforeEventId}`);
    if (page.participant) where.push(sql`i.participants @> ARRAY[${page.participant}]::uuid[]`);
    const rows = await this.db.rows(sql<BankHitRow>`
      SELECT e.id, e.incident_id, i.ref, i.title, e.data, e.at
        FROM incident_events e JOIN incidents i ON i.id = e.incident_id
       ${sql.where(where)}
       ORDER BY e.id DESC LIMIT ${page.limit}`);
    return rows.map((r) => ({
      eventId: Number(r.id),
      incidentId: r.incident_id,
      incidentRef: r.ref,
      incidentTitle: r.title,
      itemId: r.data.itemId,
      signalId: r.data.signalId,
      algorithm: r.data.algorithm,
      distance: r.data.distance,
      label: r.data.label ?? null,
      sourceRef: r.data.sourceRef ?? null,
      at: r.at,
    }));
  }
}

interface BankHitRow {
  id: string;
  incident_id: string;
  ref: string;
  title: string;
  data: ItemBankMatchedData;
  at: Date;
}
