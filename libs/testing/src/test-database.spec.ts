import { Client, Pool } from 'pg';
import { createTestDatabase, endPool, TEST_POSTGRES_URL, waitFor, type TestDatabase } from './test-database';

describe('a test database', () => {
  it('ends a pool only once its connections are gone from the server', async () => {
    // pool.end() resolves before its clients are gone; a forced DROP right after terminated them (57P01).
    const scratch = await createTestDatabase('ended');
    const admin = new Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    const connected = async () =>
      (
        await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
          [scratch.name],
        )
      ).rows[0].n;
    try {
      const pool = new Pool({ connectionString: scratch.url, max: 3 });
      await Promise.all([1, 2, 3].map(() => pool.query('SELECT pg_sleep(0.05)')));
      expect(await connected()).toBe(3);
      let closed = 0;
      pool.on('remove', () => (closed += 1));
      await endPool(pool);
      expect(closed).toBe(3);
      expect(await connected()).toBe(0);
    } finally {
      await admin.end();
      await scratch.drop();
    }
  });

  describe('its pool', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('idle');
    });
    afterAll(() => db.drop());

    it('survives the server ending an idle connection of its pool, and answers on a new one', async () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
      const before = (await db.sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const admin = new Client({ connectionString: TEST_POSTGRES_URL });
      await admin.connect();
      try {
        // What a server restart or an administrator's pg_terminate_backend does (57P01).
        await admin.query('SELECT pg_terminate_backend($1)', [before]);
      } finally {
        await admin.end();
      }
      await waitFor(
        () => warn.mock.calls.length,
        (n) => n > 0,
        { what: "the pool's error" },
      );
      expect(String(warn.mock.calls[0][0])).toContain('terminating connection due to administrator command');
      const after = (await db.sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      expect(after).not.toBe(before);
      warn.mockRestore();
    });
  });
});
