import { PdqIndex } from '@hub/domain';
import { sql, SqlClient } from '@hub/persistence';
import { createTestDatabase, type TestDatabase } from '@hub/testing';

/**
 * The index's cold start: rows read from PostgreSQL through a cursor, a page at a time, into
 * `PdqIndex.addAll`. Any table of (id, hash) feeds it the same way.
 */
describe('loading the PDQ index from PostgreSQL in pages', () => {
  let db: TestDatabase;
  let client: SqlClient;
  beforeAll(async () => {
    db = await createTestDatabase('pdqload');
    client = SqlClient.onPool(db.sql);
    // 64 hex digits a row: two md5 digests.
    await db.sql.query(`CREATE TABLE signals AS
      SELECT g AS id, md5(g::text) || md5((-g)::text) AS hash FROM generate_series(1, 5000) g`);
  });
  afterAll(() => db?.drop());

  const statement = (from: number) =>
    sql<{ id: number; hex: string }>`SELECT id, hash AS hex FROM signals WHERE id >= ${from} ORDER BY id`;

  it('streams every row into the index, which is then ready to match', async () => {
    const sizes: number[] = [];
    async function* pages() {
      for await (const page of client.pages(statement(1), 1200)) {
        sizes.push(page.length);
        yield page;
      }
    }
    const index = new PdqIndex<number>({ maxPending: 0 });
    expect(await index.addAll(pages())).toBe(5000);
    expect(sizes).toEqual([1200, 1200, 1200, 1200, 200]);
    const { rows } = await db.sql.query(`SELECT id, hash FROM signals WHERE id IN (1, 2500, 5000)`);
    for (const row of rows) expect(index.query(row.hash, 0)).toEqual([{ id: row.id, distance: 0 }]);
    expect(db.sql.idleCount).toBe(db.sql.totalCount); // the cursor's connection went back
  });

  it('closes the cursor and gives the connection back when the reader stops early', async () => {
    let read = 0;
    for await (const page of client.pages(statement(4001), 300)) {
      read += page.length;
      if (read >= 600) break;
    }
    expect(read).toBe(600);
    expect(db.sql.idleCount).toBe(db.sql.totalCount);
    const after = [];
    for await (const page of client.pages(statement(4901), 1000)) after.push(...page);
    expect(after.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => 4901 + i));
  });
});
