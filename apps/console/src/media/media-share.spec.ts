import { mediaKindOf, shareBatches, shareItemOf, videoQuality, type MediaEntry } from './media-share';

const HASH = 'd8f8f0cee0f4a84f06370222078f67f0b36e2ed596621e1d33e6b39c4e9c9b22';
const entry = (change: Partial<MediaEntry>): MediaEntry => ({
  key: 1,
  name: 'x',
  kind: 'image',
  status: 'hashed',
  progress: 1,
  ...change,
});

describe('media chosen in the share form', () => {
  it('tells pictures from videos by type, or by name when the browser gives no type', () => {
    expect(mediaKindOf({ name: 'a.bin', type: 'image/png' })).toBe('image');
    expect(mediaKindOf({ name: 'a.bin', type: 'video/mp4' })).toBe('video');
    expect(mediaKindOf({ name: 'a.png', type: 'text/plain' })).toBeNull();
    expect(mediaKindOf({ name: 'Clip.MKV', type: '' })).toBe('video');
    expect(mediaKindOf({ name: 'ballot.JPG', type: '' })).toBe('image');
    expect(mediaKindOf({ name: 'notes', type: '' })).toBeNull();
  });

  it('sums a video’s quality up as the mean of its frames and counts those under 50', () => {
    const frames = [90, 40, 20, 100].map((quality, frame) => ({
      frame,
      quality,
      hash: HASH,
      seconds: frame,
    }));
    expect(videoQuality(frames)).toEqual({ mean: 63, low: 2 });
    expect(videoQuality([])).toEqual({ mean: 0, low: 0 });
  });

  it('shares a picture as PDQ with its quality, a video as vPDQ frames, and nothing not hashed', () => {
    expect(shareItemOf(entry({ hash: HASH, quality: 88 }))).toEqual({
      kind: 'hash',
      hash: { algorithm: 'pdq', value: HASH, quality: 88 },
    });
    const frames = [{ frame: 0, quality: 70, hash: HASH, seconds: 0 }];
    expect(shareItemOf(entry({ kind: 'video', frames }))).toEqual({
      kind: 'hash',
      hash: { algorithm: 'vpdq', frames },
    });
    expect(shareItemOf(entry({ status: 'hashing', hash: HASH }))).toBeNull();
    expect(shareItemOf(entry({ status: 'failed', error: 'cannot decode' }))).toBeNull();
    expect(shareItemOf(entry({ kind: 'video', frames: [] }))).toBeNull();
  });

  it('shares in one request unless the body or the count would pass the hub’s limits', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ kind: 'hash', n: i, pad: 'x'.repeat(80) }));
    expect(shareBatches(items, { maxBytes: 1_000_000, maxItems: 1000 })).toEqual([items]);
    const bySize = shareBatches(items, { maxBytes: 400, maxItems: 1000 });
    expect(bySize.flat()).toEqual(items);
    for (const batch of bySize) expect(JSON.stringify({ items: batch }).length).toBeLessThanOrEqual(400);
    expect(bySize.length).toBeGreaterThan(1);
    expect(shareBatches(items, { maxBytes: 1_000_000, maxItems: 4 }).map((b) => b.length)).toEqual([4, 4, 2]);
    // One item over the size still goes, alone: the hub says why it refuses it.
    expect(shareBatches(items.slice(0, 2), { maxBytes: 10, maxItems: 1000 })).toEqual([
      [items[0]],
      [items[1]],
    ]);
    expect(shareBatches([], { maxBytes: 10, maxItems: 10 })).toEqual([]);
  });
});
