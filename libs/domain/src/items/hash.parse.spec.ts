import { DomainError } from '../core/errors';
import { dedupKeyForHash, parseHash, type HashInput } from './hash.parse';

const PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

const rejection = (input: HashInput): DomainError => {
  try {
    parseHash(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
};

const expectRejected = (input: HashInput, field: string): void => {
  const error = rejection(input);
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.details).toEqual([{ field, message: expect.any(String) }]);
  expect(error.message.startsWith(`${field}: `)).toBe(true);
};

describe('parseHash', () => {
  it.each([
    ['pdq', PDQ.toUpperCase(), PDQ],
    ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['sha1', 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    [
      'sha256',
      'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ],
  ])('lower-cases a %s digest', (algorithm, value, expected) => {
    expect(parseHash({ algorithm, value })).toEqual({
      algorithm,
      value: expected,
      dedupKey: `${algorithm}:${expected}`,
    });
  });

  it('trims surrounding blanks', () => {
    expect(parseHash({ algorithm: 'pdq', value: `  ${PDQ}\n` }).value).toBe(PDQ);
  });

  it.each([
    ['pdq', PDQ.slice(1)],
    ['pdq', PDQ + '0'],
    ['pdq', PDQ.slice(1) + 'g'],
    ['pdq', `0x${PDQ.slice(2)}`],
    ['pdq', PDQ.slice(0, 32) + ' ' + PDQ.slice(33)],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427'],
    ['md5', PDQ],
    ['sha1', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['sha256', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['sha256', '٠'.repeat(64)],
    ['tmk', ''],
    ['tmk', '   '],
    ['tmk', 'abc def'],
    ['vpdq', 'abc\tdef'],
    ['vpdq', 'a'.repeat(4097)],
    ['tmk', 'é'],
  ])('rejects %s value %j', (algorithm, value) => {
    expectRejected({ algorithm, value }, 'hash.value');
  });

  it('rejects a value that is not a string', () => {
    expectRejected({ algorithm: 'md5', value: 42 as unknown as string }, 'hash.value');
  });

  it.each(['PDQ', 'sha512', 'phash', '', 'constructor', 'toString'])(
    'rejects the algorithm %j',
    (algorithm) => {
      expectRejected({ algorithm, value: PDQ }, 'hash.algorithm');
    },
  );

  it.each([
    ['tmk', 'AAAAbase64+/=='],
    ['vpdq', 'frame-0:f8f8f0ce,frame-1:0637'],
    ['tmk', 'x'],
    ['vpdq', 'Z'.repeat(4096)],
  ])('keeps an opaque %s hash as sent (case included)', (algorithm, value) => {
    expect(parseHash({ algorithm, value: ` ${value} ` })).toEqual({
      algorithm,
      value,
      dedupKey: `${algorithm}:${value}`,
    });
  });

  it.each([0, 50, 100])('keeps a pdq quality of %d', (quality) => {
    expect(parseHash({ algorithm: 'pdq', value: PDQ, quality })).toEqual({
      algorithm: 'pdq',
      value: PDQ,
      quality,
      dedupKey: `pdq:${PDQ}`,
    });
  });

  it('keeps a vpdq quality', () => {
    expect(parseHash({ algorithm: 'vpdq', value: 'abc', quality: 80 }).quality).toBe(80);
  });

  it('leaves quality out when absent or null', () => {
    expect(parseHash({ algorithm: 'pdq', value: PDQ })).not.toHaveProperty('quality');
    expect(parseHash({ algorithm: 'pdq', value: PDQ, quality: null })).not.toHaveProperty('quality');
  });

  it.each([-1, 101, 50.5, Number.NaN, Infinity, '80' as unknown as number])(
    'rejects the quality %p',
    (quality) => {
      expectRejected({ algorithm: 'pdq', value: PDQ, quality }, 'hash.quality');
    },
  );

  it.each([
    ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['sha256', PDQ],
    ['tmk', 'abc'],
  ])('rejects a quality on %s', (algorithm, value) => {
    expectRejected({ algorithm, value, quality: 90 }, 'hash.quality');
  });
});

describe('parseHash with vPDQ frames', () => {
  const frames = [
    { frame: 1, quality: 90, hash: PDQ.toUpperCase(), seconds: 1.0004 },
    { frame: 0, quality: 100, hash: PDQ, seconds: 0 },
  ];

  it('keeps a video as its frames, in frame order, stored as Meta’s lines', () => {
    const parsed = parseHash({ algorithm: 'vpdq', frames, quality: 95 });
    expect(parsed.frames).toEqual([
      { frame: 0, quality: 100, hash: PDQ, seconds: 0 },
      { frame: 1, quality: 90, hash: PDQ, seconds: 1 },
    ]);
    expect(parsed.value).toBe(`0,100,${PDQ},0.000\n1,90,${PDQ},1.000\n`);
    expect(parsed.quality).toBe(95);
    expect(parsed.dedupKey).toMatch(/^vpdq:sha256:[0-9a-f]{64}$/);
    // The same frames however they were sent meet on the same key; another frame does not.
    const again = parseHash({ algorithm: 'vpdq', frames: [...frames].reverse() });
    expect(again.dedupKey).toBe(parsed.dedupKey);
    const other = parseHash({ algorithm: 'vpdq', frames: [{ ...frames[0], quality: 91 }, frames[1]] });
    expect(other.dedupKey).not.toBe(parsed.dedupKey);
  });

  it('refuses frames on another algorithm, and frames with a value', () => {
    expectRejected({ algorithm: 'pdq', frames }, 'hash.frames');
    expectRejected({ algorithm: 'vpdq', value: 'abc', frames }, 'hash.value');
  });

  it.each([
    [[], 'hash.frames'],
    [[{ ...frames[0], frame: 0 }, frames[1]], 'hash.frames'],
    [[{ ...frames[0], hash: 'xyz' }], 'hash.frames.0.hash'],
    [[frames[1], { ...frames[0], quality: 101 }], 'hash.frames.1.quality'],
    [[{ ...frames[0], frame: -1 }], 'hash.frames.0.frame'],
    [[{ ...frames[0], seconds: Number.NaN }], 'hash.frames.0.seconds'],
    [[null], 'hash.frames.0.frame'],
  ])('refuses the frames %j naming %s', (bad, field) => {
    expectRejected({ algorithm: 'vpdq', frames: bad }, field);
  });
});

describe('dedupKeyForHash', () => {
  it('gives the same key to the same digest however it was written', () => {
    expect(dedupKeyForHash('pdq', PDQ.toUpperCase())).toBe(`pdq:${PDQ}`);
    expect(dedupKeyForHash('pdq', ` ${PDQ}`)).toBe(dedupKeyForHash('pdq', PDQ));
  });

  it('keeps algorithms apart when the digits are the same', () => {
    expect(dedupKeyForHash('sha256', PDQ)).not.toBe(dedupKeyForHash('pdq', PDQ));
  });

  it('keeps opaque hashes case-sensitive', () => {
    expect(dedupKeyForHash('tmk', 'AbC')).not.toBe(dedupKeyForHash('tmk', 'abc'));
  });

  it('refuses an invalid hash', () => {
    expect(() => dedupKeyForHash('md5', 'nope')).toThrow(DomainError);
  });
});
