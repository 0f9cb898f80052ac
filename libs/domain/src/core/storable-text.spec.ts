import { DomainError } from './errors';
import { assertStorableText, findUnstorableText, whyUnstorable } from './storable-text';

describe('text PostgreSQL can store', () => {
  it('refuses NUL and lone surrogates, and keeps pairs and ordinary text', () => {
    expect(whyUnstorable('a\u0000b')).toMatch(/NUL/);
    expect(whyUnstorable('a\ud800b')).toMatch(/surrogate/);
    expect(whyUnstorable('a\udc00')).toMatch(/surrogate/);
    expect(whyUnstorable('\ud800')).toMatch(/surrogate/);
    expect(whyUnstorable('emoji \ud83d\ude00, ü, 中文')).toBeUndefined();
  });

  it('names the first bad field of a document, keys included', () => {
    expect(findUnstorableText({ a: 'ok', b: [{ c: 'ok' }, { c: 'x\u0000' }] }, 'body')).toEqual({
      field: 'b.1.c',
      message: expect.stringMatching(/NUL/),
    });
    expect(findUnstorableText({ first: '\ud800', second: '\u0000' }, 'body')?.field).toBe('first');
    expect(findUnstorableText({ ['k\u0000']: 1 }, 'body')?.message).toMatch(/key/);
    expect(findUnstorableText('\u0000', 'body')?.field).toBe('body');
    expect(findUnstorableText({ a: ['ok', 1, null, true] }, 'body')).toBeUndefined();
  });

  it('walks a document deeper than the stack without overflowing', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => assertStorableText(deep, 'body')).toThrow(DomainError);
  });
});
