import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The matcher loads every PDQ picture and vPDQ video at start: one partial index over both (instead of the
 * PDQ-only one) keeps that a short index scan however many URLs and other hashes the items table holds.
 */
export class MatchableHashesIndex1763800000031 implements MigrationInterface {
  name = 'MatchableHashesIndex1763800000031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX items_matchable_idx ON items (hash_algorithm) WHERE hash_algorithm IN ('pdq', 'vpdq')`,
    );
    await q.query(`DROP INDEX items_pdq_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX items_pdq_idx ON items (hash_algorithm) WHERE hash_algorithm = 'pdq'`);
    await q.query(`DROP INDEX items_matchable_idx`);
  }
}
