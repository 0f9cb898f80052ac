import { hammingDistance } from './pdq-hash.codec';
import { pdqHash, pdqHashDihedral } from './pdq.hasher';
import { MediaHashInputError, type Pixels } from './pixels';

/**
 * A deterministic RGB picture with detail at all the scales PDQ sees: value noise (a seeded random grid
 * of 16×16 values, interpolated), the way a photo has texture everywhere.
 */
function picture(width: number, height: number): Pixels {
  let seed = 20_261_201;
  const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 8) / 2 ** 24;
  const grid = Array.from({ length: 17 * 17 }, random);
  const noise = (u: number, v: number): number => {
    const gx = u * 16;
    const gy = v * 16;
    const x0 = Math.min(15, Math.floor(gx));
    const y0 = Math.min(15, Math.floor(gy));
    const fx = gx - x0;
    const fy = gy - y0;
    const g = (x: number, y: number) => grid[y * 17 + x];
    return (
      (g(x0, y0) * (1 - fx) + g(x0 + 1, y0) * fx) * (1 - fy) +
      (g(x0, y0 + 1) * (1 - fx) + g(x0 + 1, y0 + 1) * fx) * fy
    );
  };
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const n = noise(x / width, y / height);
      const at = (y * width + x) * 3;
      data[at] = Math.round(255 * n);
      data[at + 1] = Math.round(200 * n * n + 30);
      data[at + 2] = Math.round(255 * (1 - n));
    }
  return { data, width, height, channels: 3 };
}

/** The picture turned a quarter counter-clockwise (Meta's `rotate90`), pixel by pixel. */
function rotate90(p: Pixels): Pixels {
  const { width, height, channels } = p;
  const data = new Uint8Array(p.data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++)
        data[((width - 1 - x) * height + y) * channels + c] = p.data[(y * width + x) * channels + c];
  return { data, width: height, height: width, channels };
}

describe('pdqHash', () => {
  const rgb = picture(300, 200);

  it('is 64 lower-case hex digits with half the bits set, and a quality', () => {
    const { hash, quality } = pdqHash(rgb);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const ones = [...hash].reduce(
      (n, d) => n + [...parseInt(d, 16).toString(2)].filter((b) => b === '1').length,
      0,
    );
    expect(ones).toBe(128);
    expect(quality).toBe(100);
  });

  it('is the same for the same pixels, and alpha changes nothing', () => {
    const rgba = new Uint8Array(300 * 200 * 4);
    for (let i = 0; i < 300 * 200; i++) {
      rgba.set(rgb.data.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = i % 256;
    }
    expect(pdqHash({ data: rgba, width: 300, height: 200, channels: 4 })).toEqual(pdqHash(rgb));
    expect(pdqHash(rgb)).toEqual(pdqHash({ ...rgb, data: new Uint8ClampedArray(rgb.data) }));
  });

  it('takes grey as is, close to the luma of the same picture in colour', () => {
    const grey = new Uint8Array(300 * 200);
    for (let i = 0; i < grey.length; i++)
      grey[i] = Math.round(
        0.299 * rgb.data[i * 3] + 0.587 * rgb.data[i * 3 + 1] + 0.114 * rgb.data[i * 3 + 2],
      );
    expect(
      hammingDistance(pdqHash({ data: grey, width: 300, height: 200, channels: 1 }).hash, pdqHash(rgb).hash),
    ).toBeLessThan(10);
  });

  it('gives a flat picture quality 0', () => {
    const flat = { data: new Uint8Array(100 * 100).fill(90), width: 100, height: 100, channels: 1 as const };
    expect(pdqHash(flat).quality).toBe(0);
  });

  it('answers zeros and quality 0 below 5 pixels, as the reference does', () => {
    expect(pdqHash({ data: new Uint8Array(4 * 100 * 3), width: 4, height: 100, channels: 3 })).toEqual({
      hash: '0'.repeat(64),
      quality: 0,
    });
  });

  it('squeezes a large picture to 512×512 unless told not to', () => {
    const large = picture(1200, 700);
    const squeezed = pdqHash(large);
    const whole = pdqHash(large, { squeezeLarge: false });
    expect(squeezed.hash).not.toBe(whole.hash);
    expect(hammingDistance(squeezed.hash, whole.hash)).toBeLessThan(20);
    // A 512×512 picture is not squeezed: both ways agree.
    expect(pdqHash(picture(512, 512))).toEqual(pdqHash(picture(512, 512), { squeezeLarge: false }));
  });

  it.each([
    [{ width: 0, height: 10, channels: 3, length: 0 }, /width/],
    [{ width: 10.5, height: 10, channels: 3, length: 400 }, /width/],
    [{ width: 10, height: 10, channels: 2, length: 200 }, /channels/],
    [{ width: 10, height: 10, channels: 3, length: 299 }, /needs 300/],
  ])('refuses pixels that do not add up: %p', ({ width, height, channels, length }, message) => {
    const bad = { data: new Uint8Array(length), width, height, channels } as Pixels;
    expect(() => pdqHash(bad)).toThrow(MediaHashInputError);
    expect(() => pdqHash(bad)).toThrow(message);
  });
});

describe('pdqHashDihedral', () => {
  it('gives the original hash, and near the hash of the picture actually turned', () => {
    const p = picture(240, 160);
    const { quality, hashes } = pdqHashDihedral(p);
    expect(hashes.original).toBe(pdqHash(p).hash);
    expect(quality).toBe(pdqHash(p).quality);
    const turned = pdqHash(rotate90(p)).hash;
    // Measured 20 on this picture (the turned picture is sampled on another grid): a match, as 31 is.
    expect(hammingDistance(hashes.rotate90, turned)).toBeLessThanOrEqual(31);
    expect(hammingDistance(hashes.rotate270, turned)).toBeGreaterThan(64);
  });
});
