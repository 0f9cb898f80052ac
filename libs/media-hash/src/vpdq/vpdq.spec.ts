import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cropPixels,
  detectBorders,
  formatVpdqLines,
  parseVpdqLines,
  VpdqLineError,
  vpdqMatch,
  type BorderPixels,
  type VpdqFrame,
} from './index';

const fixtures = join(__dirname, '../../../../test/fixtures/media/vpdq');
const reference = (name: string) => readFileSync(join(fixtures, `${name}.txt`), 'utf8');

/** A hash `bits` bits away from `base` (the lowest bits flipped). */
function flip(base: string, bits: number): string {
  let n = BigInt(`0x${base}`);
  for (let i = 0; i < bits; i++) n ^= 1n << BigInt(i);
  return n.toString(16).padStart(64, '0');
}
const H0 = 'e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c';
const H1 = 'dadb999c25266273529cadac89cb52c22324ad3bce99726c38668d93c799f07c';
const frame = (i: number, hash: string, quality = 100): VpdqFrame => ({
  frame: i,
  quality,
  hash,
  seconds: i / 30,
});

describe('vPDQ lines', () => {
  it("reads Meta's reference file and writes it back byte for byte", () => {
    const text = reference('chair-19-sd-bar');
    const frames = parseVpdqLines(text);
    expect(frames).toHaveLength(564);
    expect(frames[2]).toEqual({
      frame: 2,
      quality: 100,
      hash: 'c0f10b78372c6aacc5dea25b748fb7d22f434c89c9a9db249772b6216c8d855c',
      seconds: 0.067,
    });
    expect(formatVpdqLines(frames)).toBe(text);
  });

  it('writes seconds with three decimals and skips comments and blank lines when reading', () => {
    const text = formatVpdqLines([{ frame: 7, quality: 49, hash: H0, seconds: 7 / 30 }]);
    expect(text).toBe(`7,49,${H0},0.233\n`);
    expect(parseVpdqLines(`# clip.mp4\n\n${text}# other.mp4\n`)).toEqual([
      { frame: 7, quality: 49, hash: H0, seconds: 0.233 },
    ]);
  });

  it.each([
    ['1,100,abc,0.000', /line 1: hash/],
    [`x,100,${H0},0.000`, /line 1: frame number/],
    [`1,101,${H0},0.000`, /line 1: quality/],
    [`1,100,${H0},-1`, /line 1: seconds/],
    [`0,100,${H0},0\n1,100,${H0}`, /line 2: expected 4/],
  ])('names the line and field of %j', (text, message) => {
    expect(() => parseVpdqLines(text)).toThrow(VpdqLineError);
    expect(() => parseVpdqLines(text)).toThrow(message);
  });
});

describe('vpdqMatch', () => {
  it('matches a video with itself fully and two different videos not at all', () => {
    const chair = parseVpdqLines(reference('chair-19-sd-bar'));
    const doorknob = parseVpdqLines(reference('doorknob-hd-no-bar'));
    expect(vpdqMatch(chair, chair)).toEqual({ queryMatchPercent: 100, comparedMatchPercent: 100 });
    const cross = vpdqMatch(chair, doorknob);
    expect(cross.queryMatchPercent).toBeLessThan(5);
    expect(cross.comparedMatchPercent).toBeLessThan(5);
  });

  it('counts a frame at distance 31 as matching and one at 32 as not', () => {
    expect(vpdqMatch([frame(0, H0)], [frame(0, flip(H0, 31))]).queryMatchPercent).toBe(100);
    expect(vpdqMatch([frame(0, H0)], [frame(0, flip(H0, 32))]).queryMatchPercent).toBe(0);
    expect(vpdqMatch([frame(0, H0)], [frame(0, flip(H0, 32))], { distance: 32 }).queryMatchPercent).toBe(100);
  });

  it('leaves out frames under quality 50 on both sides', () => {
    const query = [frame(0, H0), frame(1, H1, 49)];
    const compared = [frame(0, H0), frame(1, H1, 49), frame(2, flip(H1, 100), 50)];
    expect(vpdqMatch(query, compared)).toEqual({ queryMatchPercent: 100, comparedMatchPercent: 50 });
    expect(vpdqMatch(query, compared, { quality: 40 })).toEqual({
      queryMatchPercent: 100,
      comparedMatchPercent: (2 * 100) / 3,
    });
  });

  it('counts each distinct hash once, so a long still shot does not outweigh the rest', () => {
    const still = Array.from({ length: 9 }, (_, i) => frame(i, H0));
    const query = [...still, frame(9, H1)];
    expect(vpdqMatch(query, [frame(0, H0)])).toEqual({ queryMatchPercent: 50, comparedMatchPercent: 100 });
  });

  it('answers 0 % when a side has no good frame, and refuses a malformed hash', () => {
    expect(vpdqMatch([], [frame(0, H0)])).toEqual({ queryMatchPercent: 0, comparedMatchPercent: 0 });
    expect(vpdqMatch([frame(0, H0, 10)], [frame(0, H0)])).toEqual({
      queryMatchPercent: 0,
      comparedMatchPercent: 0,
    });
    expect(() => vpdqMatch([frame(0, 'zz')], [frame(0, H0)])).toThrow(RangeError);
  });
});

describe('detectBorders', () => {
  /** A noisy textured picture of w×h inside bars of the given colour. */
  function picture(
    w: number,
    h: number,
    bars: { top?: number; bottom?: number; left?: number; right?: number },
    colour = [0, 0, 0],
    noise = 6,
  ): BorderPixels {
    const data = new Uint8Array(w * h * 3);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const inside =
          y >= (bars.top ?? 0) &&
          y < h - (bars.bottom ?? 0) &&
          x >= (bars.left ?? 0) &&
          x < w - (bars.right ?? 0);
        for (let c = 0; c < 3; c++) {
          const v = inside
            ? 128 + 100 * Math.sin(x / 5 + c) * Math.cos(y / 7)
            : colour[c] + (rand() - 0.5) * 2 * noise;
          data[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    return { data, width: w, height: h, channels: 3 };
  }

  it('finds letterbox bars in black with video noise', () => {
    expect(detectBorders(picture(320, 240, { top: 30, bottom: 30 }))).toEqual({
      top: 30,
      bottom: 30,
      left: 0,
      right: 0,
    });
  });

  it('finds pillarbox bars of any uniform colour, within the letterboxed rows', () => {
    const grey = picture(320, 180, { left: 40, right: 41, top: 10, bottom: 10 }, [90, 90, 90]);
    expect(detectBorders(grey)).toEqual({ top: 10, bottom: 10, left: 40, right: 41 });
  });

  it('finds a portrait clip padded into a landscape frame', () => {
    expect(detectBorders(picture(640, 360, { left: 219, right: 219 }))).toEqual({
      top: 0,
      bottom: 0,
      left: 219,
      right: 219,
    });
  });

  it('finds nothing in a picture without bars, in a uniform frame, or in a band of one line', () => {
    expect(detectBorders(picture(320, 240, {}))).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
    expect(detectBorders(picture(320, 240, { top: 240 }))).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
    expect(detectBorders(picture(320, 240, { top: 1 }))).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
  });

  it('takes a plain wall shading slowly down the frame for picture, not a bar', () => {
    const w = 320;
    const h = 240;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) data.fill(60 + Math.round(y * 0.6), y * w * 3, (y + 1) * w * 3);
    expect(detectBorders({ data, width: w, height: h, channels: 3 })).toEqual({
      top: 0,
      bottom: 0,
      left: 0,
      right: 0,
    });
  });

  it('crops to the picture inside', () => {
    const pixels = picture(64, 48, { top: 8, bottom: 4, left: 6, right: 2 }, [255, 255, 255]);
    const borders = detectBorders(pixels);
    expect(borders).toEqual({ top: 8, bottom: 4, left: 6, right: 2 });
    const inner = cropPixels(pixels, borders);
    expect([inner.width, inner.height]).toEqual([56, 36]);
    expect(inner.data[0]).toBe(pixels.data[(8 * 64 + 6) * 3]);
    expect(inner.data[inner.data.length - 1]).toBe(pixels.data[(43 * 64 + 61) * 3 + 2]);
  });
});
