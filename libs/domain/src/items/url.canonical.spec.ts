import { DomainError } from '../core/errors';
import { attributePlatform, canonicaliseUrl } from './url.canonical';

const rejection = (raw: string): DomainError => {
  try {
    canonicaliseUrl(raw);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
};

describe('canonicaliseUrl', () => {
  it.each([
    [
      'lower-cases scheme and host, keeps path case',
      'HTTPS://Video.Example.COM/Watch/AbC',
      'https://video.example.com/Watch/AbC',
    ],
    ['drops the default http port', 'http://example.com:80/a', 'http://example.com/a'],
    ['drops the default https port', 'https://example.com:443/a', 'https://example.com/a'],
    ['keeps a non-default port', 'https://example.com:8443/a', 'https://example.com:8443/a'],
    ['drops the fragment', 'https://example.com/a#t=10', 'https://example.com/a'],
    ['converts an IDN host to punycode', 'https://BÜCHER.example/x', 'https://xn--bcher-kva.example/x'],
    ['drops a trailing dot on the host', 'https://example.com./a', 'https://example.com/a'],
    ['adds the root path', 'https://example.com', 'https://example.com/'],
    ['keeps a trailing slash as sent', 'https://example.com/a/', 'https://example.com/a/'],
    ['removes a bare trailing ?', 'https://example.com/a?', 'https://example.com/a'],
    [
      'removes ? left empty by tracking parameters',
      'https://example.com/a?utm_source=x&fbclid=y',
      'https://example.com/a',
    ],
    [
      'normalises percent-encoding of the path',
      'https://example.com/a b/ü',
      'https://example.com/a%20b/%C3%BC',
    ],
    ['resolves dot segments', 'https://example.com/a/./b/../c', 'https://example.com/a/c'],
    [
      'sorts parameters by key then value, keeping duplicates',
      'https://example.com/w?v=2&a=z&v=1&a=b',
      'https://example.com/w?a=b&a=z&v=1&v=2',
    ],
    [
      'keeps encoded values as the parser left them',
      'https://example.com/s?q=a+b&p=x%2Fy',
      'https://example.com/s?p=x%2Fy&q=a+b',
    ],
    ['drops empty query segments', 'https://example.com/s?&&b=1&&a=2&', 'https://example.com/s?a=2&b=1'],
    [
      'keeps si (a content parameter on some platforms)',
      'https://example.com/t?si=abc&utm_medium=x',
      'https://example.com/t?si=abc',
    ],
  ])('%s', (_name, raw, canonical) => {
    expect(canonicaliseUrl(raw).canonical).toBe(canonical);
  });

  it.each([
    'utm_source',
    'utm_campaign',
    'UTM_Medium',
    'fbclid',
    'gclid',
    'dclid',
    'msclkid',
    'mc_cid',
    'mc_eid',
    'igshid',
    'yclid',
    '_ga',
    'ref_src',
  ])('removes the tracking parameter %s', (param) => {
    expect(canonicaliseUrl(`https://example.com/p?id=7&${param}=abc`).canonical).toBe(
      'https://example.com/p?id=7',
    );
  });

  it('gives the same canonical form to the same content shared differently', () => {
    const a = canonicaliseUrl('https://Video.example:443/watch?v=42&utm_source=tw#comments');
    const b = canonicaliseUrl('https://video.example/watch?fbclid=IwAR0&v=42');
    expect(a).toEqual(b);
    expect(a).toEqual({ canonical: 'https://video.example/watch?v=42', host: 'video.example' });
  });

  it('returns the host without port, in punycode', () => {
    expect(canonicaliseUrl('http://Straße.example:8080/x').host).toBe('xn--strae-oqa.example');
  });

  it.each([
    ['a relative URL', '/watch?v=1'],
    ['a scheme-relative URL', '//example.com/a'],
    ['no scheme', 'example.com/a'],
    ['ftp', 'ftp://example.com/file'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,hi'],
    ['mailto', 'mailto:someone@example.com'],
    ['an empty string', ''],
    ['blanks', '   '],
    ['a malformed host', 'http://exa mple.com/'],
  ])('rejects %s', (_name, raw) => {
    const error = rejection(raw);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ field: 'url', message: expect.any(String) }]);
    expect(error.message).toMatch(/^url: /);
  });

  it.each(['https://user:secret@example.com/', 'https://user@example.com/', 'https://:pw@example.com/'])(
    'rejects credentials in %s',
    (raw) => {
      expect(rejection(raw).message).toBe('url: must not contain credentials');
    },
  );

  it('accepts 2048 characters and rejects 2049', () => {
    const prefix = 'https://example.com/';
    expect(canonicaliseUrl(prefix + 'a'.repeat(2048 - prefix.length)).canonical).toHaveLength(2048);
    expect(rejection(prefix + 'a'.repeat(2049 - prefix.length)).message).toMatch(
      /^url: must be at most 2048/,
    );
  });

  it('rejects a URL that only grows past the limit once encoded', () => {
    const prefix = 'https://example.com/';
    expect(rejection(`${prefix}a${' '.repeat(1000)}b`).message).toMatch(/^url: .*canonicalised/);
  });

  it('rejects a non-string', () => {
    expect(() => canonicaliseUrl(42 as unknown as string)).toThrow(DomainError);
  });
});

describe('attributePlatform', () => {
  const platforms = [
    { platformKey: 'videoshare', domains: ['videoshare.example', 'vs.example'] },
    { platformKey: 'bigco', domains: ['bigco.example'] },
    { platformKey: 'bigco-video', domains: ['video.bigco.example'] },
    { platformKey: 'idn', domains: ['BÜCHER.example.'] },
  ];

  it.each([
    ['videoshare.example', 'videoshare'],
    ['m.videoshare.example', 'videoshare'],
    ['a.b.c.vs.example', 'videoshare'],
    ['bigco.example', 'bigco'],
    ['www.bigco.example', 'bigco'],
    ['video.bigco.example', 'bigco-video'],
    ['cdn.video.bigco.example', 'bigco-video'],
    ['VIDEOSHARE.Example.', 'videoshare'],
    ['xn--bcher-kva.example', 'idn'],
    ['shop.bücher.example', 'idn'],
  ])('attributes %s to %s', (host, platformKey) => {
    expect(attributePlatform(host, platforms)).toBe(platformKey);
  });

  it.each(['evilvideoshare.example', 'videoshare.example.evil', 'example', 'deo.bigco.example.org', ''])(
    'attributes %s to nobody',
    (host) => {
      expect(attributePlatform(host, platforms)).toBeUndefined();
    },
  );

  it('prefers the longest domain whatever the order of platforms', () => {
    expect(attributePlatform('x.video.bigco.example', [...platforms].reverse())).toBe('bigco-video');
  });

  it('works with the host canonicaliseUrl returns', () => {
    const { host } = canonicaliseUrl('https://M.VideoShare.Example:443/v/1');
    expect(attributePlatform(host, platforms)).toBe('videoshare');
  });
});
