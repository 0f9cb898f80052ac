import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bank imports at ten million signals: the dedup key is the one index an import writes at random places,
 * and past PostgreSQL's shared buffers nearly every new signal reads one of its pages back and writes
 * another out. The key becomes one 16-byte value, `md5(bank_id:algorithm:value)::uuid`, instead of the
 * bank's id and `md5(algorithm:value)` (32 bytes): at ten million signals 387 MB instead of 615 MB, and
 * ten million rows inserted in 13 % less time (a scratch table with the same indexes, one backend).
 * Lookups hash each bank they ask about with the value. As before, an md5 collision (never met by chance;
 * made on purpose only with arbitrary bytes, while values are hex digests and URLs) would count the
 * second signal as a duplicate; the value itself is compared on every lookup.
 */
export class BankSignalShortKey1763800000520 implements MigrationInterface {
  name = 'BankSignalShortKey1763800000520';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNIQUE INDEX bank_signals_short_key
          ON bank_signals ((md5(bank_id::text || ':' || algorithm || ':' || value)::uuid))`);
    await q.query(`DROP INDEX bank_signals_key`);
    await q.query(`ALTER INDEX bank_signals_short_key RENAME TO bank_signals_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNIQUE INDEX bank_signals_long_key
          ON bank_signals (bank_id, (md5(algorithm || ':' || value)::uuid))`);
    await q.query(`DROP INDEX bank_signals_key`);
    await q.query(`ALTER INDEX bank_signals_long_key RENAME TO bank_signals_key`);
  }
}
