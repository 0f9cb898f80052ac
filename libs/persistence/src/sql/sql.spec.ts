import { sql } from './sql';

describe('sql', () => {
  it('numbers the interpolated values as parameters, in order', () => {
    const id = 'a1';
    expect(sql`SELECT * FROM items WHERE id = ${id} AND kind = ${'url'}`.toQuery()).toEqual({
      text: 'SELECT * FROM items WHERE id = $1 AND kind = $2',
      values: ['a1', 'url'],
    });
  });

  it('inlines pieces with their own parameters, renumbered where they land', () => {
    const conditions = [sql`status = ${'active'}`, sql`mode = ${'live'}`];
    const statement = sql`SELECT * FROM incidents ${sql.where(conditions)} LIMIT ${10}`;
    expect(statement.toQuery()).toEqual({
      text: 'SELECT * FROM incidents WHERE status = $1 AND mode = $2 LIMIT $3',
      values: ['active', 'live', 10],
    });
    expect(sql`SELECT 1 ${sql.where([])}`.toQuery()).toEqual({ text: 'SELECT 1 ', values: [] });
  });

  it('joins pieces and takes raw text only as written by the code', () => {
    const sets = sql.join([sql`${sql.raw('level')} = ${'crisis'}`, sql`updated_at = ${'now'}`]);
    expect(sql`UPDATE incidents SET ${sets} WHERE id = ${'i'}`.toQuery()).toEqual({
      text: 'UPDATE incidents SET level = $1, updated_at = $2 WHERE id = $3',
      values: ['crisis', 'now', 'i'],
    });
  });

  it('names a prepared statement as asked, or by its text', () => {
    expect(sql`SELECT ${1}`.prepared('one').toQuery()).toEqual({
      text: 'SELECT $1',
      values: [1],
      name: 'one',
    });
    const a = sql`SELECT ${1}`.prepared().toQuery();
    const b = sql`SELECT ${2}`.prepared().toQuery();
    const c = sql`SELECT ${1}, ${2}`.prepared().toQuery();
    expect(a.name).toMatch(/^hub_[0-9a-f]{20}$/);
    expect(b.name).toBe(a.name);
    expect(c.name).not.toBe(a.name);
  });
});
