import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A scenario sent again with the same text is the one already stored (`hub exercise run` of one file):
 * found by a digest of its text, since a b-tree cannot hold a whole scenario.
 */
export class ScenarioSourceIndex1763800000115 implements MigrationInterface {
  name = 'ScenarioSourceIndex1763800000115';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX scenarios_source_idx ON scenarios (content_type, md5(source))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS scenarios_source_idx`);
  }
}
