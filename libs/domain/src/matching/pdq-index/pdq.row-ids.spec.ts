import { IntRowIds, MapRowIds, type RowIds } from './pdq.row-ids';

/** The same operations on both kinds, compared with a plain Map as the reference. */
describe.each([
  ['IntRowIds', () => new IntRowIds(4) as RowIds<number>],
  ['MapRowIds', () => new MapRowIds<number>() as RowIds<number>],
])('%s', (_name, make) => {
  it('finds ids added in order, and after ids out of order', () => {
    const ids = make();
    for (let row = 0; row < 100; row++) ids.set(row * 3, row);
    expect(ids.rowOf(30)).toBe(10);
    expect(ids.rowOf(31)).toBeUndefined();
    ids.set(1, 100); // out of order
    for (let row = 101; row < 2000; row++) ids.set(row * 7 + 5, row);
    expect(ids.size).toBe(2000);
    expect(ids.rowOf(1)).toBe(100);
    expect(ids.rowOf(30)).toBe(10);
    expect(ids.rowOf(1999 * 7 + 5)).toBe(1999);
    expect(ids.idAt(100)).toBe(1);
  });

  it('forgets deleted ids, moves rows and truncates', () => {
    for (const outOfOrder of [false, true]) {
      const ids = make();
      const reference = new Map<number, number>();
      const order = Array.from({ length: 500 }, (_, i) => (outOfOrder ? (i * 7919) % 500 : i) + 2 ** 40);
      order.forEach((id, row) => {
        ids.set(id, row);
        reference.set(id, row);
      });
      for (let i = 0; i < 500; i += 3) {
        expect(ids.delete(order[i])).toBe(i);
        reference.delete(order[i]);
      }
      expect(ids.delete(order[0])).toBeUndefined();
      // Squeeze as the index does: live rows move down, in order.
      let to = 0;
      for (let row = 0; row < 500; row++) {
        if (row % 3 === 0) continue;
        if (to !== row) ids.move(row, to);
        reference.set(order[row], to);
        to++;
      }
      ids.truncate(to);
      expect(ids.size).toBe(reference.size);
      for (const [id, row] of reference) {
        expect(ids.rowOf(id)).toBe(row);
        expect(ids.idAt(row)).toBe(id);
      }
      expect(ids.rowOf(order[0])).toBeUndefined();
      expect(ids.idAt(to)).toBeUndefined();
      // The same id added again after its removal is found at its new row.
      ids.set(order[0], to);
      expect(ids.rowOf(order[0])).toBe(to);
    }
  });
});

it('IntRowIds takes safe integers only', () => {
  expect(IntRowIds.accepts(2 ** 53 - 1)).toBe(true);
  expect(IntRowIds.accepts(-5)).toBe(true);
  expect(IntRowIds.accepts(1.5)).toBe(false);
  expect(IntRowIds.accepts(2 ** 53)).toBe(false);
  expect(IntRowIds.accepts('1')).toBe(false);
});
