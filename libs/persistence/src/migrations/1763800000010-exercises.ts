import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tabletop exercises: stored scenarios, and runs with their replay clock. The incident log stays the
 * record of what an inject did: an `exercise.inject` event is appended in the same transaction as the
 * action it fired, and the unique index below makes a second firing of the same inject of a run fail
 * (and roll its action back) whatever the engine believed.
 */
export class Exercises1763800000010 implements MigrationInterface {
  name = 'Exercises1763800000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scenarios (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        category text NOT NULL,
        level text NOT NULL,
        source text NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('yaml','json')),
        parsed jsonb NOT NULL,
        created_by uuid REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX scenarios_created_idx ON scenarios (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE exercise_runs (
        id uuid PRIMARY KEY,
        scenario_id uuid NOT NULL REFERENCES scenarios(id),
        incident_id uuid UNIQUE REFERENCES incidents(id),
        status text NOT NULL CHECK (status IN ('scheduled','running','paused','completed','aborted')),
        speed double precision NOT NULL CHECK (speed >= 1 AND speed <= 1000),
        started_at timestamptz NOT NULL,
        paused_at timestamptz,
        paused_ms bigint NOT NULL DEFAULT 0,
        fired jsonb NOT NULL DEFAULT '[]',
        cast_binding jsonb NOT NULL DEFAULT '{}',
        score jsonb,
        created_by uuid REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX exercise_runs_running_idx ON exercise_runs (status) WHERE status = 'running'`,
    );
    await q.query(`
      CREATE UNIQUE INDEX incident_events_exercise_inject_once
        ON incident_events ((data ->> 'runId'), ((data ->> 'index')::int))
        WHERE type = 'exercise.inject'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incident_events_exercise_inject_once`);
    await q.query(`DROP TABLE IF EXISTS exercise_runs`);
    await q.query(`DROP TABLE IF EXISTS scenarios`);
  }
}
