import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Elections bring flaggers: fact-checkers, civil society, parties and electoral bodies, whose members have
 * the role `flagger`.
 */
export class ElectionVocabulary1763800000400 implements MigrationInterface {
  name = 'ElectionVocabulary1763800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check,
        ADD CONSTRAINT organisations_kind_check CHECK (kind IN ('hub','coordinator','authority','platform',
          'observer','fact_checker','civil_society','party','electoral_body'))`);
    for (const table of ['members', 'sso_mappings']) {
      await q.query(`
        ALTER TABLE ${table} DROP CONSTRAINT ${table}_role_check,
          ADD CONSTRAINT ${table}_role_check CHECK (role IN ('coordinator','authority','liaison','observer',
            'admin','flagger'))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check,
        ADD CONSTRAINT organisations_kind_check CHECK (kind IN ('hub','coordinator','authority','platform','observer'))`);
    for (const table of ['members', 'sso_mappings']) {
      await q.query(`
        ALTER TABLE ${table} DROP CONSTRAINT ${table}_role_check,
          ADD CONSTRAINT ${table}_role_check CHECK (role IN ('coordinator','authority','liaison','observer','admin'))`);
    }
  }
}
