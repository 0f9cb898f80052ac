import { DomainError } from '../core/errors';
import { narrativeDedupKey, normaliseNarrative } from './narrative';

describe('narratives', () => {
  it('keys a narrative by its title, lower-cased, spaces collapsed', () => {
    expect(narrativeDedupKey('  Marking two   boxes\tcounts DOUBLE ')).toBe(
      'narrative:marking two boxes counts double',
    );
    expect(narrativeDedupKey('Marking two boxes counts double')).toBe(
      narrativeDedupKey('marking  two boxes counts double'),
    );
  });

  it('tidies keywords and languages, canonicalises example URLs', () => {
    const { narrative, dedupKey } = normaliseNarrative({
      title: ' Marking two  boxes counts double ',
      description: '  A ballot instruction forged.  ',
      keywords: ['ballot', ' Ballot ', 'double  vote', ''],
      languages: ['FR', 'fr', 'de'],
      examples: ['HTTPS://Example.org/a?b=2&a=1#frag', 'https://example.org/a?a=1&b=2'],
    });
    expect(dedupKey).toBe('narrative:marking two boxes counts double');
    expect(narrative).toEqual({
      title: 'Marking two boxes counts double',
      description: 'A ballot instruction forged.',
      keywords: ['ballot', 'double vote'],
      languages: ['fr', 'de'],
      examples: ['https://example.org/a?a=1&b=2'],
    });
  });

  it('refuses a narrative without a title, naming narrative.title', () => {
    for (const input of [undefined, { title: '   ' }, {} as { title: string }]) {
      try {
        normaliseNarrative(input);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details[0].field).toBe('narrative.title');
      }
    }
  });

  it('refuses a bad example naming its place', () => {
    expect(() => normaliseNarrative({ title: 't', examples: ['https://a.example/', 'ftp://x'] })).toThrow(
      /narrative\.examples\[1\]/,
    );
  });
});
