import { createTestDatabase, type TestDatabase } from '@hub/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source';
import { HUB_APPEND_EVENTS, SCHEMA_FUNCTIONS, SCHEMA_TRIGGERS } from './functions';

/**
 * The migrations keep their history; `schema/functions` keeps today's definitions. Both must describe the
 * same database: each definition, run over the migrated one, changes nothing PostgreSQL reports.
 */
describe('schema functions: today’s definitions are what the migrations leave', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('schemafn');
    dataSource = createDataSource({ url: db.url, poolSize: 2 });
    await dataSource.initialize();
    await runMigrations(dataSource);
    client = new Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await dataSource?.destroy();
    await db?.drop();
  });

  const functionDefs = async (name: string): Promise<string[]> =>
    (
      await client.query<{ def: string }>(
        `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'public' AND p.proname = $1 ORDER BY p.oid`,
        [name],
      )
    ).rows.map((r) => r.def);

  const triggerDefs = async (name: string): Promise<string[]> =>
    (
      await client.query<{ def: string }>(
        `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = $1 AND NOT tgisinternal`,
        [name],
      )
    ).rows.map((r) => r.def);

  /** `work` inside a transaction that is always rolled back: the migrated database stays as it was. */
  async function rolledBack<T>(work: () => Promise<T>): Promise<T> {
    await client.query('BEGIN');
    try {
      return await work();
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it('lists every function and trigger the migrations define', async () => {
    const functions = await client.query<{ name: string }>(
      `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' ORDER BY 1`,
    );
    expect(functions.rows.map((r) => r.name)).toEqual(SCHEMA_FUNCTIONS.map((f) => f.name).sort());
    const triggers = await client.query<{ name: string }>(
      `SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`,
    );
    expect(triggers.rows.map((r) => r.name)).toEqual(SCHEMA_TRIGGERS.map((t) => t.name).sort());
  });

  it.each(SCHEMA_FUNCTIONS)('$name: the definition is the migrated one', async ({ name, definition }) => {
    const migrated = await functionDefs(name);
    expect(migrated).toHaveLength(1);
    const redefined = await rolledBack(async () => {
      await client.query(definition);
      return functionDefs(name);
    });
    expect(redefined).toEqual(migrated);
  });

  it.each(SCHEMA_TRIGGERS)(
    '$name: the definition is the migrated one',
    async ({ name, table, definition }) => {
      const migrated = await triggerDefs(name);
      expect(migrated).toHaveLength(1);
      const redefined = await rolledBack(async () => {
        await client.query(`DROP TRIGGER ${name} ON ${table}`);
        await client.query(definition);
        return triggerDefs(name);
      });
      expect(redefined).toEqual(migrated);
    },
  );

  it('sees a body that differs from the migrated one', async () => {
    const migrated = await functionDefs('hub_append_events');
    const changed = await rolledBack(async () => {
      await client.query(HUB_APPEND_EVENTS.replace("'HUB_STALE'", "'HUB_STALE_CHANGED'"));
      return functionDefs('hub_append_events');
    });
    expect(changed).toHaveLength(1);
    expect(changed).not.toEqual(migrated);
  });
});
