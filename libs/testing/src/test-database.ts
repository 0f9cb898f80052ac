import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';

/** The server tests run against; trust auth on this machine and in CI. */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  name: string;
  url: string;
  /**
   * SQL on this database for the test's own reads and writes (`await db.sql.query(text, values)`): a small
   * pool opened on first use and closed by `drop`.
   */
  readonly sql: Pool;
  drop(): Promise<void>;
}

/**
 * Ends a pool and waits until its connections are closed. `pool.end()` resolves as soon as it has asked
 * its idle clients to end, before their server processes have gone: a `DROP DATABASE … WITH (FORCE)` right
 * after it terminated them (57P01), and the error reached the pool as an idle client's (which failed the
 * running test before the pool had an 'error' listener).
 */
export async function endPool(pool: Pool): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      if (++removed >= open) resolve();
    });
  });
  await pool.end();
  await closed;
}

/** Each test file gets a database of its own, dropped at the end. */
export async function createTestDatabase(label = 't'): Promise<TestDatabase> {
  const name = `hub_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  let pool: Pool | undefined;
  return {
    name,
    url: url.toString(),
    get sql() {
      if (!pool) {
        pool = new Pool({ connectionString: url.toString(), max: 3, application_name: 'crisis-hub-test' });
        // An idle client whose connection the server ends emits 'error' on the pool, which throws with no
        // listener and fails whichever test is running. Logged; the pool opens another on the next query.
        pool.on('error', (error) =>
          console.warn(`test database ${name}: an idle connection ended (${error.message})`),
        );
      }
      return pool;
    },
    async drop() {
      if (pool) await endPool(pool);
      pool = undefined;
      const c = new Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Poll a condition instead of sleeping: resolves as soon as it holds, fails with the last value at the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean = Boolean as unknown as (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 25, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}${lastError ? `; last error: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
