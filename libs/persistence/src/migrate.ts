import { createDataSource, runMigrations } from './data-source';

/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (the scale-out deployment step). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL: required by db:migrate\n');
    process.exit(2);
  }
  const dataSource = createDataSource({ url, applicationName: 'crisis-hub-migrate' });
  await dataSource.initialize();
  const applied = await runMigrations(dataSource);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
