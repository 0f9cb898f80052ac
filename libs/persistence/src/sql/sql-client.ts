import type { ClientBase, Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { Sql } from './sql';

/**
 * The pg pool the DataSource opened. TypeORM keeps it as its driver's `master` (no public accessor): this is
 * the one place that reaches for it, so the repositories and the migrations share one pool of connections.
 */
function poolOf(db: DataSource): Pool {
  const pool = (db.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the DataSource is not initialised: no connection pool yet');
  return pool;
}

/** Runs `Sql` statements on the pool, or on one connection (inside `transaction`, or a session of its own). */
export class SqlClient {
  private constructor(
    private readonly pool: () => Pool,
    private readonly connection?: ClientBase,
  ) {}

  /** On the DataSource's pool; the pool is looked up at each statement (it exists once the DataSource is initialised). */
  static of(db: DataSource): SqlClient {
    return new SqlClient(() => poolOf(db));
  }

  /** On a pool of the caller's (a test's own, a script's). */
  static onPool(pool: Pool): SqlClient {
    return new SqlClient(() => pool);
  }

  /**
   * On one connection the caller opened and keeps (a session whose state must last: an advisory lock, a
   * session setting); it has no pool, so no `transaction` either.
   */
  static onSession(connection: ClientBase): SqlClient {
    return new SqlClient(() => {
      throw new Error('a session of its own has no pool');
    }, connection);
  }

  async rows<Row>(statement: Sql<Row>): Promise<Row[]> {
    const target = this.connection ?? this.pool();
    return (await target.query(statement.toQuery())).rows as Row[];
  }

  async one<Row>(statement: Sql<Row>): Promise<Row | null> {
    return (await this.rows(statement))[0] ?? null;
  }

  /**
   * The statement's rows a page at a time, through a cursor on a connection of its own in a read-only
   * transaction (one snapshot): ten million rows never sit in memory at once. Stopping early (a `break`)
   * closes the cursor and gives the connection back.
   */
  async *pages<Row>(statement: Sql<Row>, pageSize = 20_000): AsyncGenerator<Row[]> {
    if (this.connection) throw new Error('pages opens a connection of its own');
    const { text, values } = statement.toQuery();
    const connection = await this.pool().connect();
    let finished = false;
    let broken: Error | undefined;
    try {
      await connection.query('BEGIN READ ONLY');
      await connection.query({ text: `DECLARE pages NO SCROLL CURSOR FOR ${text}`, values });
      const fetch = async () =>
        (await connection.query(`FETCH ${Math.floor(pageSize)} FROM pages`)).rows as Row[];
      // The next page is on its way while the caller works on this one: the server reads as we index.
      let next: Promise<Row[]> | undefined = fetch();
      while (next) {
        const page: Row[] = await next;
        next = page.length < pageSize ? undefined : fetch();
        // Left early, a fetch in flight still settles before the rollback below (one connection, in order).
        next?.catch(() => undefined);
        if (page.length > 0) yield page;
      }
      await connection.query('COMMIT');
      finished = true;
    } finally {
      // Left early (a `break` in the caller) or failed: the transaction, and its cursor, are rolled back.
      if (!finished) await connection.query('ROLLBACK').catch((error: Error) => (broken = error));
      connection.release(broken);
    }
  }

  /** A statement run for its effect: how many rows it touched. */
  async run(statement: Sql<unknown>): Promise<number> {
    const target = this.connection ?? this.pool();
    return (await target.query(statement.toQuery())).rowCount ?? 0;
  }

  /**
   * A connection of the pool kept by the caller for a session whose state must last while it works (an
   * advisory lock). Given back with `release()`, or `release(true)` to close it with whatever it holds.
   */
  async checkout(): Promise<PoolClient> {
    if (this.connection) throw new Error('already on one connection');
    return this.pool().connect();
  }

  /**
   * `work` while this process holds the session-level advisory lock named `name`, on a connection of the
   * pool kept for it: another process asking for the same name waits. A connection that could not unlock is
   * closed, so the lock ends with it.
   */
  async exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    const session = await this.checkout();
    let broken: Error | undefined;
    try {
      await session.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      return await work();
    } finally {
      await session
        .query('SELECT pg_advisory_unlock(hashtext($1))', [name])
        .catch((error: Error) => (broken = error));
      session.release(broken);
    }
  }

  /** `work` on one connection between BEGIN and COMMIT; any failure rolls back and is rethrown. */
  async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.connection) throw new Error('already on one connection');
    const connection = await this.pool().connect();
    let broken: Error | undefined;
    try {
      await connection.query('BEGIN');
      const result = await work(new SqlClient(this.pool, connection));
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
      throw error;
    } finally {
      // A connection that could not roll back is closed, not handed to the next caller.
      connection.release(broken);
    }
  }
}
