import { iso, isoString } from './iso';

describe('isoString', () => {
  it('writes each instant as toISOString does, past the recent ones it keeps', () => {
    const base = Date.UTC(2026, 11, 7, 10, 0, 0, 123);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 1_000; i++) {
        const d = new Date(base + i * 61_001);
        expect(isoString(d)).toBe(d.toISOString());
      }
    }
    expect(iso(null)).toBeUndefined();
    expect(iso(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(() => isoString(new Date(NaN))).toThrow(RangeError);
  });
});
