import { PdqMatcher, type PdqMatcherEntry } from './pdq.matcher';

/** `hex` with its first `bits` bits flipped: a hash exactly that far away. */
const flipBits = (hex: string, bits: number): string => {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (let b = 0; b < bits; b++) digits[b >> 2] ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
};

const BASE = '3c'.repeat(32);

const entry = (itemId: string, value: string, extra: Partial<PdqMatcherEntry> = {}): PdqMatcherEntry => ({
  itemId,
  incidentId: 'incident-a',
  value,
  quality: 90,
  mode: 'live',
  ...extra,
});

describe('PdqMatcher', () => {
  it('finds a hash at distance 31 and not one at 32', () => {
    const matcher = new PdqMatcher();
    matcher.load([entry('near', flipBits(BASE, 31)), entry('far', flipBits(BASE, 32))]);
    expect(matcher.candidates(BASE)).toEqual([
      { itemId: 'near', incidentId: 'incident-a', mode: 'live', distance: 31 },
    ]);
  });

  it('never indexes a hash of quality below 50, so it never matches', () => {
    const matcher = new PdqMatcher();
    expect(matcher.add(entry('poor', BASE, { quality: 49 }))).toBe(false);
    expect(matcher.add(entry('fair', flipBits(BASE, 3), { quality: 50 }))).toBe(true);
    expect(matcher.add(entry('unknown', flipBits(BASE, 5), { quality: null }))).toBe(true);
    expect(matcher.has('poor')).toBe(false);
    expect(matcher.candidates(BASE).map((c) => c.itemId)).toEqual(['fair', 'unknown']);
  });

  it('answers nearest first with where each item lives, across incidents and modes', () => {
    const matcher = new PdqMatcher();
    matcher.add(entry('b', flipBits(BASE, 20), { incidentId: 'incident-b', mode: 'exercise' }));
    matcher.add(entry('a', flipBits(BASE, 2)));
    expect(matcher.candidates(BASE.toUpperCase(), 31)).toEqual([
      { itemId: 'a', incidentId: 'incident-a', mode: 'live', distance: 2 },
      { itemId: 'b', incidentId: 'incident-b', mode: 'exercise', distance: 20 },
    ]);
    expect(matcher.candidates(BASE, 10).map((c) => c.itemId)).toEqual(['a']);
  });

  it('removes items, and load replaces everything', () => {
    const matcher = new PdqMatcher();
    matcher.add(entry('a', BASE));
    matcher.add(entry('b', BASE));
    expect(matcher.remove('a')).toBe(true);
    expect(matcher.candidates(BASE).map((c) => c.itemId)).toEqual(['b']);
    matcher.load([entry('c', BASE)]);
    expect(matcher.size).toBe(1);
    expect(matcher.candidates(BASE).map((c) => c.itemId)).toEqual(['c']);
  });

  it('drops an item whose hash is replaced by a low-quality one', () => {
    const matcher = new PdqMatcher();
    matcher.add(entry('a', BASE));
    matcher.add(entry('a', BASE, { quality: 10 }));
    expect(matcher.candidates(BASE)).toEqual([]);
  });
});
