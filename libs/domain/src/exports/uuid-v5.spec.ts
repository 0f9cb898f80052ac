import { createHash, randomUUID } from 'node:crypto';
import { STIX_SCO_NAMESPACE, uuidV5 } from './uuid-v5';

/** RFC 9562's construction step by step, as the ids were first derived: the fast path must match it. */
function reference(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('uuidV5', () => {
  it('matches the RFC 9562 example (www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('is deterministic and differs by name', () => {
    expect(uuidV5('item:1')).toBe(uuidV5('item:1'));
    expect(uuidV5('item:1')).not.toBe(uuidV5('item:2'));
    expect(uuidV5('item:1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives the ids it always gave, for short, long and non-ASCII names', () => {
    const names = [
      '',
      'crisis-hub',
      ...Array.from({ length: 200 }, () => `item:${randomUUID()}`),
      JSON.stringify({ account_login: 'ünïcødé_ハンドル', account_type: 'videoshare' }),
      'x'.repeat(5_000),
      'é'.repeat(3_000),
    ];
    for (const name of names) {
      expect(uuidV5(name)).toBe(reference(name, '4f1c6d2e-8a57-4b0e-9d3c-2b7e61a0c5f4'));
      expect(uuidV5(name, STIX_SCO_NAMESPACE)).toBe(reference(name, STIX_SCO_NAMESPACE));
    }
  });
});
