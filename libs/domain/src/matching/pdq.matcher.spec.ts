import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vpdqMatch } from '@hub/media-hash';
import { formatStoredVpdq, parseStoredVpdq, type VpdqFrame } from '../items/vpdq.frames';
import { PdqMatcher, type PdqMatcherEntry } from './pdq.matcher';

/** `hex` with its first `bits` bits flipped: a hash exactly that far away. */
const flipBits = (hex: string, bits: number): string => {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (let b = 0; b < bits; b++) digits[b >> 2] ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
};

/**
 * Meta's "bridge" pictures as its C++ pdq-photo-hasher hashes their lossless PNG copies: the original and
 * its seven rotations and flips. From ThreatExchange (commit baefb4e), BSD licence, Copyright (c) Meta
 * Platforms, Inc. and affiliates (the notice: test/fixtures/media/vpdq/NOTICE).
 */
const BRIDGE = {
  original: 'd8f8f0cee0f4a84f06370222078f67f0b36e2ed596621e1d33e6b39c4e9c9b22',
  rotate90: '30a10efdf1c83f429013d48d0ffffc52e34e0e35ada952a9d29605215aa9e5af',
  rotate180: '2dad5a64b1a142e7d362a09857da895ae63b8c7fc23794b766b319361fc93188',
  rotate270: 'a5f0a457248995e8c9065c275aaa5498b61ba4bdf8fcf80387c32f8b5bfc4f05',
  flipX: 'd8f80f33e0f417b20e37f5cd028f980fb36ed02a9662c1e233e64c634e9c64dd',
  flipY: '2da9259bb1a1bd1a5362576552da32a5e63b7380c2774b4866b346c91b89ce77',
  flipPlus1: 'f0a5e10271ccc0bd90530b720fff038de34ef1e8ada9a956d2967ade5ea91a50',
  flipMinus1: '2df05aa8a4896a17c94682da5aaaab07b61b5b42f8fc07fc87c3c0741bfcb0fa',
} as const;

const BASE = BRIDGE.original;

/** Meta's sample videos' frame hashes, every frame (same source and notice). */
const video = (name: string): VpdqFrame[] =>
  parseStoredVpdq(
    readFileSync(join(__dirname, '../../../../test/fixtures/media/vpdq', `${name}.txt`), 'utf8'),
  )!;

const entry = (itemId: string, value: string, extra: Partial<PdqMatcherEntry> = {}): PdqMatcherEntry => ({
  itemId,
  incidentId: 'incident-a',
  value,
  quality: 90,
  mode: 'live',
  ...extra,
});
const videoEntry = (itemId: string, frames: VpdqFrame[], extra: Partial<PdqMatcherEntry> = {}) =>
  entry(itemId, formatStoredVpdq(frames), { algorithm: 'vpdq', quality: null, ...extra });

describe('PdqMatcher', () => {
  it('finds a hash at distance 31 and not one at 32', () => {
    const matcher = new PdqMatcher();
    matcher.load([entry('near', flipBits(BASE, 31)), entry('far', flipBits(BASE, 32))]);
    expect(matcher.candidates(BASE)).toEqual([
      {
        itemId: 'near',
        incidentId: 'incident-a',
        mode: 'live',
        algorithm: 'pdq',
        distance: 31,
        transform: 'original',
      },
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
    expect(
      matcher.candidates(BASE.toUpperCase(), 31).map((c) => [c.itemId, c.incidentId, c.mode, c.distance]),
    ).toEqual([
      ['a', 'incident-a', 'live', 2],
      ['b', 'incident-b', 'exercise', 20],
    ]);
    expect(matcher.candidates(BASE, 10).map((c) => c.itemId)).toEqual(['a']);
  });

  it('removes items, and load replaces everything', () => {
    const matcher = new PdqMatcher();
    matcher.add(entry('a', BASE));
    matcher.add(entry('b', BASE));
    matcher.add(videoEntry('v', [{ frame: 0, quality: 100, hash: BASE, seconds: 0 }]));
    expect(matcher.remove('a')).toBe(true);
    expect(matcher.remove('v')).toBe(true);
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

  describe('rotations and flips', () => {
    it.each(Object.entries(BRIDGE))(
      'finds the original from the %s picture, naming the turn',
      (turn, hash) => {
        const matcher = new PdqMatcher();
        matcher.load([entry('original', BRIDGE.original)]);
        const [found, ...more] = matcher.candidates(hash);
        expect(more).toEqual([]);
        expect(found).toMatchObject({ itemId: 'original', transform: turn });
        // Derived from the hash alone, a turn comes within a few bits of the turned picture's own hash
        // (10 to 18 on these pictures), far inside the matching distance.
        expect(found.distance).toBeLessThanOrEqual(20);
      },
    );

    it('names the turn back when the turned picture was shared first', () => {
      const matcher = new PdqMatcher();
      matcher.load([entry('turned', BRIDGE.rotate90), entry('mirrored', BRIDGE.flipX)]);
      expect(matcher.candidates(BRIDGE.original).map((c) => [c.itemId, c.transform])).toEqual(
        expect.arrayContaining([
          ['turned', 'rotate270'],
          ['mirrored', 'flipX'],
        ]),
      );
    });

    it('lists an item once, by its nearest turn', () => {
      const matcher = new PdqMatcher();
      matcher.load([entry('a', flipBits(BASE, 4))]);
      expect(matcher.candidates(BASE)).toHaveLength(1);
    });
  });

  describe('videos', () => {
    const chair = video('chair-19-sd-bar');
    const doorknob = video('doorknob-hd-no-bar');

    it('indexes only frames of quality 50 or more, and refuses a video with none', () => {
      const matcher = new PdqMatcher();
      const poor = chair.map((f) => ({ ...f, quality: 49 }));
      expect(matcher.add(videoEntry('poor', poor))).toBe(false);
      expect(matcher.add(entry('opaque', 'frame-0:abc', { algorithm: 'vpdq' }))).toBe(false);
      expect(matcher.size).toBe(0);
    });

    it('finds a video from a picture of one of its frames, with the frame, in any turn', () => {
      const matcher = new PdqMatcher();
      matcher.load([videoEntry('chair', chair), videoEntry('doorknob', doorknob)]);
      const still = chair[300];
      const [found, ...more] = matcher.candidates(still.hash);
      expect(more).toEqual([]);
      expect(found).toMatchObject({ itemId: 'chair', algorithm: 'vpdq', distance: 0, transform: 'original' });
      // Many frames of a shot are within 31 of each other: the nearest is the one reported.
      expect(chair.find((f) => f.frame === found.frame)!.hash).toBe(still.hash);
      expect(found.seconds).toBe(still.seconds);
    });

    it('finds pictures of its frames from a video, and the videos it shares 80% of frames with', async () => {
      const matcher = new PdqMatcher();
      const still = chair[120];
      matcher.load([
        entry('still', still.hash),
        entry('unrelated', BRIDGE.original),
        videoEntry('chair', chair),
        videoEntry('doorknob', doorknob),
      ]);
      // A copy hashed at every other frame against the whole video (at one frame a second, only 19% of
      // the video's frames would be near one of the copy's: no match, as Meta's vPDQ defines it).
      const copy = chair.filter((f) => f.frame % 2 === 0);
      const found = await matcher.videoCandidates(copy);
      expect(found.map((c) => [c.itemId, c.algorithm])).toEqual([
        ['still', 'pdq'],
        ['chair', 'vpdq'],
      ]);
      expect(found[0]).toMatchObject({ transform: 'original' });
      expect(found[0].distance).toBeLessThanOrEqual(31);
      expect(copy.some((f) => f.frame === found[0].frame)).toBe(true);
      // As Meta's vPDQ counts them.
      const reference = vpdqMatch(copy, chair);
      expect(found[1].queryMatchPercent).toBeCloseTo(reference.queryMatchPercent, 2);
      expect(found[1].comparedMatchPercent).toBeCloseTo(reference.comparedMatchPercent, 2);
      expect(found[1].queryMatchPercent).toBe(100);
      expect(found[1].comparedMatchPercent).toBeGreaterThanOrEqual(80);
      const sparse = await matcher.videoCandidates(chair.filter((f) => f.frame % 30 === 0));
      expect(sparse.map((c) => c.itemId)).not.toContain('chair');
    });

    it.each(['chair-19-sd-bar', 'doorknob-hd-no-bar', 'pattern-sd-grey-bar', 'test-padded-dimensions'])(
      'counts %s against every sample as Meta’s vPDQ does',
      async (name) => {
        const query = video(name);
        const samples = [
          'chair-19-sd-bar',
          'doorknob-hd-no-bar',
          'pattern-sd-grey-bar',
          'test-padded-dimensions',
        ];
        const matcher = new PdqMatcher();
        matcher.load(samples.map((s) => videoEntry(s, video(s))));
        const found = await matcher.videoCandidates(query, 31, 0);
        for (const sample of samples) {
          const reference = vpdqMatch(query, video(sample));
          const mine = found.find((c) => c.itemId === sample);
          if (reference.queryMatchPercent === 0) {
            expect(mine).toBeUndefined();
            continue;
          }
          expect(mine?.queryMatchPercent).toBeCloseTo(reference.queryMatchPercent, 1);
          expect(mine?.comparedMatchPercent).toBeCloseTo(reference.comparedMatchPercent, 1);
        }
        expect(found.find((c) => c.itemId === name)).toMatchObject({
          queryMatchPercent: 100,
          comparedMatchPercent: 100,
        });
      },
    );

    it('lets other work run while it looks a long video up', async () => {
      const matcher = new PdqMatcher();
      matcher.load([videoEntry('doorknob', doorknob)]);
      let done = false;
      let ranMeanwhile = false;
      setTimeout(() => (ranMeanwhile = !done), 0);
      await matcher.videoCandidates(chair);
      done = true;
      expect(ranMeanwhile).toBe(true);
    });

    it('does not match a different video', async () => {
      const matcher = new PdqMatcher();
      matcher.load([videoEntry('doorknob', doorknob)]);
      await expect(matcher.videoCandidates(chair)).resolves.toEqual([]);
    });
  });
});
