import { DomainError } from '@hub/domain';
import { assertJsonTextDepth, assertShape } from './body-limits';

const refusal = (work: () => void) => {
  try {
    work();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('not refused');
};

describe('body shape limits', () => {
  it('refuses JSON text nested deeper than 32 levels, before parsing, and only outside strings', () => {
    const deep = (n: number) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`);
    expect(() => assertJsonTextDepth(deep(32))).not.toThrow();
    expect(refusal(() => assertJsonTextDepth(deep(33))).details).toEqual([
      { field: 'body', message: 'nested deeper than 32 levels' },
    ]);
    expect(() => assertJsonTextDepth(deep(100_000))).toThrow(DomainError);
    const inString = Buffer.from(JSON.stringify({ text: '{['.repeat(1000) + '\\"' }));
    expect(() => assertJsonTextDepth(inString)).not.toThrow();
  });

  it('refuses a parsed value too deep, too wide or with a prototype key, naming where', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5_000; i++) deep = { a: deep };
    expect(refusal(() => assertShape(deep, 'payload')).message).toBe('payload: nested deeper than 32 levels');
    const wide = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i]));
    expect(refusal(() => assertShape(wide)).message).toBe(
      'body: more than 1000 entries in one object or array',
    );
    const many = { items: Array.from({ length: 200 }, () => Array.from({ length: 600 }, () => 1)) };
    expect(refusal(() => assertShape(many)).message).toBe('body: more than 100000 entries');
    const proto = JSON.parse('{"metadata":{"__proto__":{"admin":true}}}');
    expect(refusal(() => assertShape(proto)).details).toEqual([
      { field: 'metadata.__proto__', message: 'this key is not allowed' },
    ]);
    expect(refusal(() => assertShape({ constructor: { prototype: {} } })).details[0].field).toBe(
      'constructor',
    );
  });

  it('accepts what the hub’s bodies look like', () => {
    expect(() =>
      assertShape({ title: 't', participants: ['a', 'b'], metadata: { k: 'v' }, items: [{ url: 'u' }] }),
    ).not.toThrow();
    expect(() => assertShape('text')).not.toThrow();
    expect(() => assertShape(null)).not.toThrow();
  });
});
