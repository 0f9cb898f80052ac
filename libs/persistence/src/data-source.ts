import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one DataSource definition, used by the apps, the migration command and the tests. It opens the pg
 * pool and runs the migrations; the repositories run their SQL on that pool (`sql/sql-client.ts`), so no
 * entities are mapped.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'hub_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName ?? 'crisis-hub',
    extra: {
      max: options.poolSize ?? 20,
      // A connection the server ends (restart, pg_terminate_backend) while it is checked out and between
      // queries emits 'error' with no listener of pg-pool's or TypeORM's on it, which ends the process.
      // This listener keeps the process up; the client is then unqueryable and the pool drops it on release.
      onConnect: (client: { on(event: 'error', listener: () => void): void }) => client.on('error', () => {}),
    },
  });
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
