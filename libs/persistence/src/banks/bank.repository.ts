// The statements on the bank tables: their row types and mappers are in bank.rows.ts, those of banks under
// pressure (flood counts, quarantine, feedback, the pass over open incidents) in bank-pressure.statements.ts.
import type { BankAlgorithm, ItemBankMatchedData } from '@hub/contracts';
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
  type FeedbackRecord,
  type FloodRule,
  type ImportProgress,
  type NewSignal,
  type NewSignalHit,
} from '@hub/domain';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { isUniqueViolation, pgCode } from '../sql/pg-errors';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import * as pressure from './bank-pressure.statements';
import { SIGNAL_KEY, signalKeys } from './signal-key';
import {
  toBank,
  toImport,
  toSignal,
  type BankImportRow,
  type BankRow,
  type BankSignalRow,
} from './bank.rows';

/**
 * First key of the advisory lock an import holds from start to finish, on a connection of its own: when
 * its process is killed, the connection closes and the lock goes with it, which is how a running import
 * whose process is gone is told from a live one (on any host, with no clock to agree on).
 */
const IMPORT_LOCK_CLASS = 72_011_403;
/** PostgreSQL's `deadlock_detected`. */
const DEADLOCK = '40P01';

/** Unit and record separators: a signal's fields never hold them (else it goes as arrays). */
const FIELD = '\x1f';
const RECORD = '\x1e';
const separated = (v: string) => v.includes(FIELD) || v.includes(RECORD);
/** The variant bits (`10`) and two random ones, as a UUID's 17th hex digit. */
const VARIANT = '89ab';

/**
 * Time-ordered (version 7) UUIDs, one random draw for them all: consecutive signals' ids land at the end of
 * their unique index rather than on random pages of it, as random UUIDs would at ten million rows.
 */
export function timeOrderedUuids(count: number, now = Date.now()): string[] {
  const ms = now.toString(16).padStart(12, '0');
  const head = `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7`;
  const random = randomBytes(count * 10).toString('hex');
  const ids = new Array<string>(count);
  for (let k = 0, r = 0; k < count; k++, r += 20) {
    const variant = VARIANT[parseInt(random[r + 3], 16) & 3];
    ids[k] =
      `${head}${random.slice(r, r + 3)}-${variant}${random.slice(r + 4, r + 7)}-${random.slice(r + 7, r + 19)}`;
  }
  return ids;
}

export const timeOrderedUuid = (now = Date.now()): string => timeOrderedUuids(1, now)[0];

/**
 * The signals as a row source `t(i, a, v, q, m, l, s, k)`, each with a new id (`k`: a URL's identity). One text of separated
 * fields, split by PostgreSQL, costs it a quarter of what six arrays do (array input is slow per element);
 * a batch with a separator character in a label or a URL goes as arrays.
 */
function signalRows(signals: NewSignal[]): Sql {
  const ids = timeOrderedUuids(signals.length);
  const rows = new Array<string>(signals.length);
  for (let k = 0; k < signals.length; k++) {
    const x = signals[k];
    const label = x.label ?? '';
    const sourceRef = x.sourceRef ?? '';
    const key = x.urlKey ?? '';
    if (separated(x.value) || separated(label) || separated(sourceRef) || separated(key))
      return signalArrays(signals, ids);
    rows[k] =
      `${ids[k]}${FIELD}${x.algorithm}${FIELD}${x.value}${FIELD}${x.quality ?? ''}` +
      `${FIELD}${x.matchable ? 't' : 'f'}${FIELD}${label}${FIELD}${sourceRef}${FIELD}${key}`;
  }
  return sql`(
    SELECT split_part(r, chr(31), 1)::uuid AS i, split_part(r, chr(31), 2) AS a, split_part(r, chr(31), 3) AS v,
           nullif(split_part(r, chr(31), 4), '')::smallint AS q, split_part(r, chr(31), 5) = 't' AS m,
           nullif(split_part(r, chr(31), 6), '') AS l, nullif(split_part(r, chr(31), 7), '') AS s,
           nullif(split_part(r, chr(31), 8), '') AS k
      FROM string_to_table(${rows.join(RECORD)}::text, chr(30)) AS r) AS t`;
}

/** `signalRows` as arrays, for a batch with a separator character in a field. */
function signalArrays(signals: NewSignal[], ids: string[]): Sql {
  const column = <T>(pick: (s: NewSignal) => T): T[] => signals.map(pick);
  return sql`unnest(${ids}::uuid[], ${column((x) => x.algorithm)}::text[], ${column((x) => x.value)}::text[],
                    ${column((x) => x.quality)}::smallint[], ${column((x) => x.matchable)}::boolean[],
                    ${column((x) => x.label)}::text[], ${column((x) => x.sourceRef)}::text[],
                    ${column((x) => x.urlKey ?? null)}::text[])
               AS t(i, a, v, q, m, l, s, k)`;
}

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
  /** The sessions holding the locks of this process's running imports, by import id. */
  private readonly importSessions = new Map<string, PoolClient>();
  /** Running imports whose last batch held signals the bank had: their next batch skips them from the start. */
  private readonly importsMeetingHeld = new Set<string>();

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insertBank(bank: BankRecord, by: BankActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(sql`
        INSERT INTO banks (id, name, description, visibility, organisation_id, created_by, created_at,
                           negative, max_distance)
        VALUES (${bank.id}, ${bank.name}, ${bank.description}, ${bank.visibility}, ${bank.organisationId},
                ${bank.createdBy}, ${bank.createdAt}, ${bank.negative}, ${bank.maxDistance})`);
      await tx.run(
        logged(bank.id, by, {
          type: 'bank.created',
          data: {
            name: bank.name,
            visibility: bank.visibility,
            organisationId: bank.organisationId,
            negative: bank.negative,
            maxDistance: bank.maxDistance,
          },
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
    // One statement: the rows the bank lacks, its count, and the log entry with what was added.
    const rows = signalRows(signals);
    const statement = (skipHeld: boolean) => sql<{ added: number }>`
      WITH inserted AS (
        INSERT INTO bank_signals (id, bank_id, algorithm, value, quality, matchable, label, source_ref,
                                  added_by_member, added_by_organisation, import_id, url_key)
        SELECT t.i, ${bankId}::uuid, t.a, t.v, t.q, t.m, t.l, t.s, ${by.memberId}::uuid,
               ${by.organisationId}::uuid, ${importId ?? null}::uuid, t.k
          FROM ${rows}
        ${skipHeld ? sql`ON CONFLICT (${SIGNAL_KEY}) DO NOTHING` : sql.empty}
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
      SELECT n AS added FROM counted`;
    if (!importId) return (await this.db.one(statement(true)))!.added;
    // An import's batch need not wait for its WAL to reach the disk: a crash loses at most the last
    // batches of an import that is then not completed, and running the file again adds what is missing.
    const write = (skipHeld: boolean) =>
      this.db.transaction(async (tx) => {
        await tx.run(sql`SET LOCAL synchronous_commit = off`);
        return (await tx.one(statement(skipHeld)))!.added;
      });
    // `ON CONFLICT` probes the key index for each row before inserting it, a third of PostgreSQL's work
    // for a new signal; the insert checks the key anyway. So while an import's batches hold only new
    // signals, each is written as a plain insert, and one that meets a signal the bank holds fails whole
    // and is written again skipping those (as are the import's batches after one that held any). Two
    // batches in flight that each hold a signal the other is writing wait for each other: PostgreSQL
    // rolls one back as a deadlock, and it too is written again.
    if (!this.importsMeetingHeld.has(importId)) {
      try {
        return await write(false);
      } catch (error) {
        if (!isUniqueViolation(error) && pgCode(error) !== DEADLOCK) throw error;
      }
    }
    const added = await write(true);
    if (added < signals.length) this.importsMeetingHeld.add(importId);
    else this.importsMeetingHeld.delete(importId);
    return added;
  }

  async listSignals(
    bankId: string,
    page: { afterSeq?: number; limit: number; state?: 'active' | 'quarantined' },
  ): Promise<BankSignalRecord[]> {
    const state =
      page.state === undefined
        ? sql.empty
        : page.state === 'quarantined'
          ? sql`AND quarantined_at IS NOT NULL`
          : sql`AND quarantined_at IS NULL`;
    const rows = await this.db.rows(sql<BankSignalRow>`
      SELECT * FROM bank_signals
       WHERE bank_id = ${bankId} AND removed_at IS NULL AND seq > ${page.afterSeq ?? 0} ${state}
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
    // The lock first: the import is never seen running without it.
    const session = await this.db.checkout();
    try {
      await session.query('SELECT pg_advisory_lock($1::int, hashtext($2))', [IMPORT_LOCK_CLASS, record.id]);
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
    } catch (error) {
      session.release(true);
      throw error;
    }
    this.importSessions.set(record.id, session);
  }

  /** Gives the import's lock up once it is marked finished (or, if the marking failed, closes its session). */
  private async releaseImport(importId: string, finished: boolean): Promise<void> {
    this.importsMeetingHeld.delete(importId);
    const session = this.importSessions.get(importId);
    if (!session) return;
    this.importSessions.delete(importId);
    if (!finished) return session.release(true);
    try {
      await session.query('SELECT pg_advisory_unlock($1::int, hashtext($2))', [IMPORT_LOCK_CLASS, importId]);
      session.release();
    } catch {
      session.release(true);
    }
  }

  async interruptGoneImports(message: string, bankId?: string): Promise<number> {
    const row = await this.db.one(sql<{ n: number }>`
      WITH gone AS (
        UPDATE bank_imports i
           SET state = 'failed', error = ${message}, finished_at = now()
         WHERE state = 'running' AND (${bankId ?? null}::uuid IS NULL OR bank_id = ${bankId ?? null}::uuid)
           AND NOT EXISTS (
             SELECT 1 FROM pg_locks l
              WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.classid = ${IMPORT_LOCK_CLASS}::int::oid AND l.objid = hashtext(i.id::text)::oid)
        RETURNING i.*
      ), logged AS (
        INSERT INTO bank_events (bank_id, type, actor_member_id, actor_organisation_id, data)
        SELECT bank_id, 'bank.import_finished', started_by, NULL,
               jsonb_build_object('importId', id, 'state', 'failed', 'linesRead', lines_read, 'added', added,
                                  'duplicates', duplicates, 'rejected', rejected_count, 'error', error)
          FROM gone
      )
      SELECT count(*)::int AS n FROM gone`);
    return row!.n;
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
    let finished = false;
    try {
      await this.finish(r, by);
      finished = true;
    } finally {
      await this.releaseImport(r.id, finished);
    }
  }

  private async finish(
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
    urlKey?: string,
  ): Promise<BankSignalRecord[]> {
    if (algorithm === 'url' && urlKey) return pressure.urlSignals(this.db, value, bankIds, urlKey);
    const rows = await this.db.rows(sql<BankSignalRow>`
      SELECT * FROM bank_signals
       WHERE ${SIGNAL_KEY} = ANY(${signalKeys(bankIds, algorithm, value)})
         AND bank_id = ANY(${bankIds}::uuid[]) AND algorithm = ${algorithm} AND value = ${value}
         AND removed_at IS NULL`);
    return rows.map(toSignal);
  }

  async matchablePdqSignals(
    afterSeq: number,
    throughSeq: number,
    partition?: BankPartition,
  ): Promise<{ seq: number; value: string }[]> {
    // A partition is the hashes whose first log2(count) bits equal its index (as `bankPartitionOf` reads them).
    // A range of the primary key, the signals that are not matchable PDQ ones skipped: they have no index of
    // their own, and a range bounded both ways is read through the key whatever the statistics say.
    const bits = partition ? partitionBits(partition.count) : 0;
    const rows = await this.db.rows(sql<{ seq: string; value: string }>`
      SELECT seq, value FROM bank_signals
       WHERE seq > ${afterSeq} AND seq <= ${throughSeq} AND algorithm = 'pdq' AND matchable
         AND (${bits}::int = 0 OR get_byte(decode(left(value, 2), 'hex'), 0) >> (8 - ${bits}::int) = ${partition?.index ?? 0}::int)
       ORDER BY seq`);
    return rows.map((r) => ({ seq: Number(r.seq), value: r.value }));
  }

  // Banks under pressure: see bank-pressure.statements.ts.
  findSignal = (bankId: string, signalId: string) => pressure.findSignal(this.db, bankId, signalId);
  recordHits = (hits: NewSignalHit[], rule: FloodRule) => pressure.recordHits(this.db, hits, rule);
  loggedHits = (incidentId: string, itemId: string) => pressure.loggedHits(this.db, incidentId, itemId);
  releaseSignal = (bankId: string, signalId: string, by: BankActor) =>
    pressure.releaseSignal(this.db, bankId, signalId, by);
  deliverHeldHits = (ids: number[]) => pressure.deliverHeldHits(this.db, ids);
  recordFeedback = (feedback: FeedbackRecord, flag: (agree: number, disagree: number) => boolean) =>
    pressure.recordFeedback(this.db, feedback, flag);
  agreement = (bankIds: string[]) => pressure.agreement(this.db, bankIds);
  incidentOfHit = (itemId: string, signalId: string) => pressure.incidentOfHit(this.db, itemId, signalId);
  newestSignalSeq = () => pressure.newestSignalSeq(this.db);
  backfillCursor = () => pressure.backfillCursor(this.db);
  advanceBackfill = (from: number, to: number) => pressure.advanceBackfill(this.db, from, to);
  openIncidents = () => pressure.openIncidents(this.db);

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
