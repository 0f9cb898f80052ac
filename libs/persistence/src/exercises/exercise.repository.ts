import type {
  ExerciseRunPatch,
  ExerciseRunRecord,
  ExerciseRunRepository,
  FiredInject,
  ScenarioRecord,
  ScenarioRepository,
} from '@hub/domain';
import { DomainError, ERROR_CODES } from '@hub/domain';
import type { DataSource } from 'typeorm';
import type { EventRow } from '../events/event.rows';
import type { ExerciseRunRow, ScenarioRow } from './exercise.rows';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

/** An `exercise.inject` event with the event its action appended just before it, if any. */
type InjectRow = Pick<EventRow, 'seq' | 'at'> & {
  data: { index: number; do?: string; refused?: unknown };
  result_seq: number | null;
  item_id: string | null;
};

/** First key of the advisory locks that serialise the work on one exercise run. */
const RUN_LOCK_CLASS = 72_011_402;

function toScenario(r: ScenarioRow): ScenarioRecord {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    level: r.level,
    source: r.source,
    contentType: r.content_type,
    parsed: r.parsed,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

function toRun(r: ExerciseRunRow): ExerciseRunRecord {
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    incidentId: r.incident_id,
    status: r.status,
    speed: Number(r.speed),
    startedAt: r.started_at,
    pausedAt: r.paused_at,
    pausedMs: Number(r.paused_ms),
    fired: r.fired ?? [],
    cast: r.cast_binding ?? {},
    score: r.score ?? null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class PgScenarioRepository implements ScenarioRepository {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insert(s: ScenarioRecord): Promise<void> {
    await this.db.run(sql`
      INSERT INTO scenarios (id, name, category, level, source, content_type, parsed, created_by, created_at)
      VALUES (${s.id}, ${s.name}, ${s.category}, ${s.level}, ${s.source}, ${s.contentType},
              ${JSON.stringify(s.parsed)}, ${s.createdBy}, ${s.createdAt})`);
  }

  async find(id: string): Promise<ScenarioRecord | null> {
    const row = await this.db.one(sql<ScenarioRow>`SELECT * FROM scenarios WHERE id = ${id}`);
    return row ? toScenario(row) : null;
  }

  async list(page: { after?: { createdAt: Date; id: string }; limit: number }): Promise<ScenarioRecord[]> {
    const where = page.after ? [sql`(created_at, id) < (${page.after.createdAt}, ${page.after.id})`] : [];
    const rows = await this.db.rows(sql<ScenarioRow>`
      SELECT * FROM scenarios ${sql.where(where)} ORDER BY created_at DESC, id DESC LIMIT ${page.limit}`);
    return rows.map(toScenario);
  }
}

const RUN_COLUMNS: Record<keyof ExerciseRunPatch, { column: string; json?: boolean }> = {
  incidentId: { column: 'incident_id' },
  status: { column: 'status' },
  startedAt: { column: 'started_at' },
  pausedAt: { column: 'paused_at' },
  pausedMs: { column: 'paused_ms' },
  fired: { column: 'fired', json: true },
  score: { column: 'score', json: true },
  cast: { column: 'cast_binding', json: true },
};

export class PgExerciseRunRepository implements ExerciseRunRepository {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insert(run: ExerciseRunRecord): Promise<void> {
    const r = run;
    await this.db.run(sql`
      INSERT INTO exercise_runs (id, scenario_id, incident_id, status, speed, started_at, paused_at, paused_ms, fired,
                                 cast_binding, score, created_by, created_at, updated_at)
      VALUES (${r.id}, ${r.scenarioId}, ${r.incidentId}, ${r.status}, ${r.speed}, ${r.startedAt}, ${r.pausedAt},
              ${r.pausedMs}, ${JSON.stringify(r.fired)}, ${JSON.stringify(r.cast)},
              ${r.score === null ? null : JSON.stringify(r.score)}, ${r.createdBy}, ${r.createdAt}, ${r.createdAt})`);
  }

  async find(id: string): Promise<ExerciseRunRecord | null> {
    const row = await this.db.one(sql<ExerciseRunRow>`SELECT * FROM exercise_runs WHERE id = ${id}`);
    return row ? toRun(row) : null;
  }

  async findByIncident(incidentId: string): Promise<ExerciseRunRecord | null> {
    const row = await this.db.one(
      sql<ExerciseRunRow>`SELECT * FROM exercise_runs WHERE incident_id = ${incidentId}`,
    );
    return row ? toRun(row) : null;
  }

  async list(page: {
    incidentId?: string;
    after?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<ExerciseRunRecord[]> {
    const where: Sql[] = [];
    if (page.incidentId) where.push(sql`incident_id = ${page.incidentId}`);
    if (page.after) where.push(sql`(created_at, id) < (${page.after.createdAt}, ${page.after.id})`);
    const rows = await this.db.rows(sql<ExerciseRunRow>`
      SELECT * FROM exercise_runs ${sql.where(where)} ORDER BY created_at DESC, id DESC LIMIT ${page.limit}`);
    return rows.map(toRun);
  }

  async update(id: string, patch: ExerciseRunPatch): Promise<ExerciseRunRecord> {
    const sets: Sql[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const target = RUN_COLUMNS[key as keyof ExerciseRunPatch];
      if (!target) throw new Error(`exercise run field ${key} cannot be updated`);
      sets.push(
        sql`${sql.raw(target.column)} = ${target.json && value !== null ? JSON.stringify(value) : value}`,
      );
    }
    sets.push(sql`updated_at = now()`);
    const row = await this.db.one(
      sql<ExerciseRunRow>`UPDATE exercise_runs SET ${sql.join(sets)} WHERE id = ${id} RETURNING *`,
    );
    if (!row) throw new DomainError(ERROR_CODES.NOT_FOUND, 'exercise run not found');
    return toRun(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.run(sql`DELETE FROM exercise_runs WHERE id = ${id}`);
  }

  async runningIds(): Promise<string[]> {
    const rows = await this.db.rows(
      sql<
        Pick<ExerciseRunRow, 'id'>
      >`SELECT id FROM exercise_runs WHERE status = 'running' ORDER BY created_at`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * A transaction-scoped advisory lock on a connection of its own, held while `work` runs (its writes go
   * through the pool and commit at once). A crashed holder's session ends and frees the lock.
   */
  withRunLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.db.transaction(async (lock) => {
      await lock.run(sql`SELECT pg_advisory_xact_lock(${RUN_LOCK_CLASS}::int, hashtext(${id}))`);
      return work();
    });
  }

  async firedInjects(incidentId: string, runId: string): Promise<FiredInject[]> {
    const rows = await this.db.rows(sql<InjectRow>`
      SELECT m.seq, m.at, m.data, r.seq AS result_seq, r.data ->> 'itemId' AS item_id
        FROM incident_events m
        LEFT JOIN incident_events r
          ON r.incident_id = m.incident_id AND r.seq = m.seq - 1 AND NOT (m.data ? 'refused')
       WHERE m.incident_id = ${incidentId} AND m.type = 'exercise.inject' AND m.data ->> 'runId' = ${runId}
       ORDER BY m.seq`);
    return rows.map((r) => {
      const fired: FiredInject = {
        index: Number(r.data.index),
        firedAt: r.at.toISOString(),
        seq: r.result_seq === null || r.result_seq === undefined ? null : Number(r.result_seq),
      };
      if (r.data.do === 'share' && r.item_id) fired.itemId = r.item_id;
      if (typeof r.data.refused === 'string') fired.refused = r.data.refused;
      return fired;
    });
  }
}
