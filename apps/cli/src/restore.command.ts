import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `hub restore <file>`: a backup into an empty database, in one transaction (all of it or nothing). A
 * database with tables is refused: merging a backup into a live hub would fork its audit chain and its
 * sequences. Restore before the hub starts on the database (a starting hub creates the tables).
 */
export function registerRestore(program: Command): void {
  program
    .command('restore <file>')
    .description(
      'load a backup into an empty database (DATABASE_URL or the embedded one); a database with tables is refused',
    )
    .action(async (file: string) => {
      // Loaded when used: the database helpers bring the hub's platform, seconds of start-up for every other command.
      const {
        CommandError,
        countRows,
        openHubDatabase,
        postgresProgram,
        printCounts,
        runProgram,
        serverMajor,
        withClient,
      } = await import('./backup-database');
      if (!existsSync(file)) throw new CommandError(`restore: no file ${file}`);
      const db = await openHubDatabase();
      try {
        const server = await withClient(db.url, async (client) => {
          const { rows } = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
          );
          if (rows[0].n > 0)
            throw new CommandError(
              `restore: ${db.label} is not empty (${rows[0].n} tables); restore into a new, empty database, before a hub starts on it`,
            );
          return serverMajor(client);
        });
        const pgRestore = postgresProgram('pg_restore', server);
        runProgram(
          pgRestore,
          ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', resolve(file)],
          db.url,
        );
        const counts = await withClient(db.url, countRows);
        process.stdout.write(`restored ${file} into ${db.label}: ${printCounts(counts)}\n`);
      } finally {
        await db.release();
      }
    });
}
