import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Faster bank imports: the work PostgreSQL does for each signal written is what bounded them.
 *
 * - The dedup key becomes `(bank_id, md5(algorithm:value)::uuid)`: 32 bytes a key instead of a 64-digit
 *   text value compared by collation, so the unique index is less than half as large and stays in memory
 *   longer at ten million signals. An md5 collision between two signals of one bank (never met by chance;
 *   made on purpose only with binary values, not hex digests or URLs) would count the second as a
 *   duplicate. Exact lookups read the key and then compare the value itself.
 * - No foreign key from signals to banks: a bank is never deleted, and the check cost a lookup and a row
 *   lock on the bank for each signal (as the signals' members had no foreign key already).
 */
export class BankSignalKey1763800000090 implements MigrationInterface {
  name = 'BankSignalKey1763800000090';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bank_signals DROP CONSTRAINT bank_signals_bank_id_fkey`);
    await q.query(`
      CREATE UNIQUE INDEX bank_signals_key
          ON bank_signals (bank_id, (md5(algorithm || ':' || value)::uuid))`);
    await q.query(`ALTER TABLE bank_signals DROP CONSTRAINT bank_signals_dedup`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE bank_signals ADD CONSTRAINT bank_signals_dedup UNIQUE (bank_id, algorithm, value)`,
    );
    await q.query(`DROP INDEX bank_signals_key`);
    await q.query(
      `ALTER TABLE bank_signals ADD CONSTRAINT bank_signals_bank_id_fkey FOREIGN KEY (bank_id) REFERENCES banks(id)`,
    );
  }
}
