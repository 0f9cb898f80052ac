import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One index entry fewer for each signal an import writes: the partial `(seq)` index of matchable PDQ
 * signals only repeated the primary key's order. The bank index now reads them through the key, skipping
 * the other signals, and asks whether anything is new by the newest `seq` of any signal.
 */
export class BankSignalsPdqOrder1763800000510 implements MigrationInterface {
  name = 'BankSignalsPdqOrder1763800000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS bank_signals_pdq_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX bank_signals_pdq_idx ON bank_signals (seq) WHERE algorithm = 'pdq' AND matchable`,
    );
  }
}
