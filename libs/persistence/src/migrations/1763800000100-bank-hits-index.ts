import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bank's latest hits (`GET /banks/:id/hits`) are read from the incident log, newest first: without this
 * partial index every page would scan the whole log for the few `item.bank_matched` events of one bank.
 */
export class BankHitsIndex1763800000100 implements MigrationInterface {
  name = 'BankHitsIndex1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX incident_events_bank_hits_idx ON incident_events ((data ->> 'bankId'), id)
       WHERE type = 'item.bank_matched'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incident_events_bank_hits_idx`);
  }
}
