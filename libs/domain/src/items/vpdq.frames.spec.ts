import {
  canonicalVpdqFrames,
  formatStoredVpdq,
  hashValueInOneLine,
  parseStoredVpdq,
  sharedHashData,
  vpdqDedupKey,
} from './vpdq.frames';

const A = 'e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c';
const B = 'c0f11178372c6aaccddea259648fbfd62f434c89c9e99b249772be216c8d055c';
const frames = canonicalVpdqFrames([
  { frame: 30, quality: 80, hash: B.toUpperCase(), seconds: 1.0 },
  { frame: 0, quality: 100, hash: A, seconds: 0 },
]);
const stored = formatStoredVpdq(frames);

describe('vPDQ frames as stored', () => {
  it('are Meta’s lines, read back as the same frames', () => {
    expect(stored).toBe(`0,100,${A},0.000\n30,80,${B},1.000\n`);
    expect(parseStoredVpdq(stored)).toEqual(frames);
  });

  it('tell an opaque vPDQ value apart: it holds no line break', () => {
    expect(parseStoredVpdq('frame-0:f8f8f0ce')).toBeNull();
    expect(parseStoredVpdq(null)).toBeNull();
  });

  it('stay out of the share’s event and the report, named by count and digest', () => {
    const digest = vpdqDedupKey(stored).split(':')[2];
    expect(sharedHashData('vpdq', stored, null)).toEqual({
      algorithm: 'vpdq',
      frameCount: 2,
      digest,
      quality: null,
    });
    expect(hashValueInOneLine('vpdq', stored)).toBe(`2 frames, sha256:${digest}`);
    expect(sharedHashData('pdq', A, 90)).toEqual({ algorithm: 'pdq', value: A, quality: 90 });
    expect(hashValueInOneLine('vpdq', 'opaque')).toBe('opaque');
  });
});
