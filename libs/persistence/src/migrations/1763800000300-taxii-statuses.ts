import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TAXII status resources: what became of an envelope POSTed to a bank's collection, read back by the
 * poster's organisation at `status/{id}/`. The objects themselves are the bank's signals; this keeps counts.
 */
export class TaxiiStatuses1763800000300 implements MigrationInterface {
  name = 'TaxiiStatuses1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE taxii_statuses (
        id uuid PRIMARY KEY,
        collection_id uuid NOT NULL,
        member_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'complete')),
        request_timestamp timestamptz NOT NULL,
        total_count integer NOT NULL,
        success_count integer NOT NULL,
        failure_count integer NOT NULL,
        pending_count integer NOT NULL,
        failures jsonb NOT NULL DEFAULT '[]'
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE taxii_statuses`);
  }
}
