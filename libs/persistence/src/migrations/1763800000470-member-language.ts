import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language a member reads the hub in (`PATCH /me`); null: the browser's. The supported codes are the
 * catalogues' (libs/i18n), checked by the API, so a new language needs no migration.
 */
export class MemberLanguage1763800000470 implements MigrationInterface {
  name = 'MemberLanguage1763800000470';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE members ADD COLUMN language text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE members DROP COLUMN language`);
  }
}
