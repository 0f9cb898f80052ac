import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per recorded delivery outcome: the cheap, unique check that keeps its event from repeating. */
export class Deliveries1763800000002 implements MigrationInterface {
  name = 'Deliveries1763800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deliveries (
        delivery_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (delivery_id, outcome)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS deliveries`);
  }
}
