import { createTestDatabase, TEST_POSTGRES_URL, waitFor, type TestDatabase } from './test-database';
import { Client } from 'pg';

describe('a test database', () => {
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
