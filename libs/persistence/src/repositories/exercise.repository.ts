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

type Row = Record<string, any>;

/** First key of the advisory locks that serialise the work on one exercise run. */
const RUN_LOCK_CLASS = 72_011_402;

const date = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string);

function toScenario(r: Row): ScenarioRecord {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    level: r.level,
    source: r.source,
    contentType: r.content_type,
    parsed: r.parsed,
    createdBy: r.created_by,
    createdAt: date(r.created_at)!,
  };
}

function toRun(r: Row): ExerciseRunRecord {
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    incidentId: r.incident_id,
    status: r.status,
    speed: Number(r.speed),
    startedAt: date(r.started_at)!,
    pausedAt: date(r.paused_at),
    pausedMs: Number(r.paused_ms),
    fired: r.fired ?? [],
    cast: r.cast_binding ?? {},
    score: r.score ?? null,
    createdBy: r.created_by,
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
  };
}

export class PgScenarioRepository implements ScenarioRepository {
  constructor(private readonly db: DataSource) {}

  async insert(s: ScenarioRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO scenarios (id, name, category, level, source, content_type, parsed, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        s.id,
        s.name,
        s.category,
        s.level,
        s.source,
        s.contentType,
        JSON.stringify(s.parsed),
        s.createdBy,
        s.createdAt,
      ],
    );
  }

  async find(id: string): Promise<ScenarioRecord | null> {
    const rows = await this.db.query(`SELECT * FROM scenarios WHERE id = $1`, [id]);
    return rows[0] ? toScenario(rows[0]) : null;
  }

  async list(page: { after?: { createdAt: Date; id: string }; limit: number }): Promise<ScenarioRecord[]> {
    const values: unknown[] = [];
    let where = '';
    if (page.after) {
      values.push(page.after.createdAt, page.after.id);
      where = `WHERE (created_at, id) < ($1, $2)`;
    }
    values.push(page.limit);
    const rows = await this.db.query(
      `SELECT * FROM scenarios ${where} ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
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
  constructor(private readonly db: DataSource) {}

  async insert(run: ExerciseRunRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO exercise_runs (id, scenario_id, incident_id, status, speed, started_at, paused_at, paused_ms, fired,
                                  cast_binding, score, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
      [
        run.id,
        run.scenarioId,
        run.incidentId,
        run.status,
        run.speed,
        run.startedAt,
        run.pausedAt,
        run.pausedMs,
        JSON.stringify(run.fired),
        JSON.stringify(run.cast),
        run.score === null ? null : JSON.stringify(run.score),
        run.createdBy,
        run.createdAt,
      ],
    );
  }

  async find(id: string): Promise<ExerciseRunRecord | null> {
    const rows = await this.db.query(`SELECT * FROM exercise_runs WHERE id = $1`, [id]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async findByIncident(incidentId: string): Promise<ExerciseRunRecord | null> {
    const rows = await this.db.query(`SELECT * FROM exercise_runs WHERE incident_id = $1`, [incidentId]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async list(page: {
    incidentId?: string;
    after?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<ExerciseRunRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (page.incidentId) {
      values.push(page.incidentId);
      where.push(`incident_id = $${values.length}`);
    }
    if (page.after) {
      values.push(page.after.createdAt, page.after.id);
      where.push(`(created_at, id) < ($${values.length - 1}, $${values.length})`);
    }
    values.push(page.limit);
    const rows = await this.db.query(
      `SELECT * FROM exercise_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toRun);
  }

  async update(id: string, patch: ExerciseRunPatch): Promise<ExerciseRunRecord> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const target = RUN_COLUMNS[key as keyof ExerciseRunPatch];
      if (!target) throw new Error(`exercise run field ${key} cannot be updated`);
      values.push(target.json && value !== null ? JSON.stringify(value) : value);
      sets.push(`${target.column} = $${values.length}`);
    }
    values.push(id);
    const rows = await this.db.query(
      `UPDATE exercise_runs SET ${sets.join(', ')}${sets.length ? ', ' : ''}updated_at = now()
        WHERE id = $${values.length} RETURNING *`,
      values,
    );
    // node-postgres answers an UPDATE ... RETURNING as [rows, count].
    const row = Array.isArray(rows[0]) ? rows[0][0] : rows[0];
    if (!row) throw new DomainError(ERROR_CODES.NOT_FOUND, 'exercise run not found');
    return toRun(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.query(`DELETE FROM exercise_runs WHERE id = $1`, [id]);
  }

  async runningIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM exercise_runs WHERE status = 'running' ORDER BY created_at`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * A transaction-scoped advisory lock on a connection of its own, held while `work` runs (its writes go
   * through the pool and commit at once). A crashed holder's session ends and frees the lock.
   */
  async withRunLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [RUN_LOCK_CLASS, id]);
      try {
        return await work();
      } finally {
        await runner.commitTransaction().catch(() => runner.rollbackTransaction().catch(() => {}));
      }
    } finally {
      await runner.release();
    }
  }

  async firedInjects(incidentId: string, runId: string): Promise<FiredInject[]> {
    const rows: Row[] = await this.db.query(
      `SELECT m.seq, m.at, m.data, r.seq AS result_seq, r.data ->> 'itemId' AS item_id
         FROM incident_events m
         LEFT JOIN incident_events r
           ON r.incident_id = m.incident_id AND r.seq = m.seq - 1 AND NOT (m.data ? 'refused')
        WHERE m.incident_id = $1 AND m.type = 'exercise.inject' AND m.data ->> 'runId' = $2
        ORDER BY m.seq`,
      [incidentId, runId],
    );
    return rows.map((r) => {
      const fired: FiredInject = {
        index: Number(r.data.index),
        firedAt: date(r.at)!.toISOString(),
        seq: r.result_seq === null || r.result_seq === undefined ? null : Number(r.result_seq),
      };
      if (r.data.do === 'share' && r.item_id) fired.itemId = r.item_id;
      if (typeof r.data.refused === 'string') fired.refused = r.data.refused;
      return fired;
    });
  }
}
