import { percentile } from './percentile';

describe('percentile (nearest rank)', () => {
  it('picks one of the values', () => {
    expect(percentile([4, 10], 50)).toBe(4);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([10, 1, 5], 50)).toBe(5);
    expect(percentile([7], 90)).toBe(7);
  });

  it('is null for no values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});
