import { chainHash, contentDigest, GENESIS_HASH, linkHash, type EventContent } from './event-chain';

const base: EventContent & { seq: number } = {
  incidentId: '7f0c1d1e-8a40-4c55-9a3e-6f1f3b1e2a10',
  seq: 1,
  type: 'item.shared',
  actor: { memberId: null, organisationId: null },
  data: { b: 1, a: { y: 2, x: [1, 2] } },
  at: '2026-11-22T10:00:00.000Z',
};

describe('the event chain', () => {
  it('does not depend on key order (jsonb reorders keys)', () => {
    const reordered = { ...base, data: { a: { x: [1, 2], y: 2 }, b: 1 } };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, base));
  });

  it.each([
    ['seq', { seq: 2 }],
    ['type', { type: 'item.feedback' }],
    ['data', { data: { b: 2, a: { y: 2, x: [1, 2] } } }],
    ['at', { at: '2026-11-22T10:00:00.001Z' }],
    ['actor', { actor: { memberId: 'm', organisationId: null } }],
  ])('changes when %s changes', (_field, change) => {
    expect(chainHash(GENESIS_HASH, { ...base, ...change })).not.toBe(chainHash(GENESIS_HASH, base));
  });

  it('links to the previous hash', () => {
    expect(chainHash('1'.repeat(64), base)).not.toBe(chainHash(GENESIS_HASH, base));
    expect(chainHash(GENESIS_HASH, base)).toBe(linkHash(GENESIS_HASH, 1, contentDigest(base)));
    expect(chainHash(GENESIS_HASH, base)).toMatch(/^[0-9a-f]{64}$/);
  });
});
