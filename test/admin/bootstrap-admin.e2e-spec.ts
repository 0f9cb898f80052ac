import { BootstrapAdminUseCase } from '@hub/domain';
import { PgIdentityRepository } from '@hub/persistence';
import { createTestDatabase, migrateFromBuild, type TestDatabase } from '@hub/testing';
import { DataSource } from 'typeorm';

/**
 * `npm run start:api` and `start:worker` start together with the same `HUB_BOOTSTRAP_TOKEN`, each with its
 * own pool: the first admin must be created once, and no process may fail to start over it.
 */
describe('the bootstrap admin, with the processes of one hub starting together', () => {
  let db: TestDatabase;
  const pools: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('bootadmin');
    expect(migrateFromBuild(db.url).status).toBe(0);
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.destroy()));
    await db.drop();
  });

  it('is created by one of them; the others find it and go on', async () => {
    for (let i = 0; i < 4; i++)
      pools.push(await new DataSource({ type: 'postgres', url: db.url, poolSize: 2 }).initialize());
    const clock = { now: () => new Date() };
    const outcomes = await Promise.allSettled(
      pools.map((pool) =>
        new BootstrapAdminUseCase(new PgIdentityRepository(pool), clock).execute(
          'one-token-for-every-process',
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const created = outcomes.filter((o) => o.status === 'fulfilled' && o.value !== null);
    expect(created).toHaveLength(1);
    const counts = await db.sql.query(
      `SELECT (SELECT count(*)::int FROM members WHERE role = 'admin') AS admins,
              (SELECT count(*)::int FROM organisations WHERE kind = 'hub') AS hubs,
              (SELECT count(*)::int FROM tokens) AS tokens`,
    );
    expect(counts.rows[0]).toEqual({ admins: 1, hubs: 1, tokens: 1 });
  });
});
