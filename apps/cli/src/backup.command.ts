import type { Command } from 'commander';
import { resolve } from 'node:path';

/**
 * `hub backup <file>`: the hub's whole database (schema, events, items, members, the audit chain) in
 * pg_dump's custom format, taken while the hub runs (pg_dump reads one consistent snapshot).
 */
export function registerBackup(program: Command): void {
  program
    .command('backup <file>')
    .description(
      "write the hub's database to a file (pg_dump custom format); DATABASE_URL or the embedded one",
    )
    .action(async (file: string) => {
      // Loaded when used: the database helpers bring the hub's platform, seconds of start-up for every other command.
      const {
        countRows,
        openHubDatabase,
        postgresProgram,
        printCounts,
        runProgram,
        serverMajor,
        withClient,
      } = await import('./backup-database');
      const db = await openHubDatabase();
      try {
        const server = await withClient(db.url, serverMajor);
        const pgDump = postgresProgram('pg_dump', server);
        const counts = await withClient(db.url, countRows);
        runProgram(
          pgDump,
          ['--format=custom', '--no-owner', '--no-privileges', `--file=${resolve(file)}`],
          db.url,
        );
        process.stdout.write(`backed up ${db.label} to ${file}: ${printCounts(counts)}\n`);
      } finally {
        await db.release();
      }
    });
}
