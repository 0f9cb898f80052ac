import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32, deflateSync } from 'node:zlib';
import { join } from 'node:path';
import sharp from 'sharp';
import { hammingDistance, pdqHash, pdqHashDihedral } from '@hub/media-hash';
import {
  decodeImageFile,
  hashImageFile,
  UnsupportedMediaError,
  type UnsupportedMediaReason,
} from '@hub/media-hash/node';

const FIXTURES = join(__dirname, '../../../../test/fixtures/media/pdq');
const ORIGINAL_PNG = join(FIXTURES, 'png/bridge-1-original.png');
const ORIGINAL_HASH = 'd8f8f0cee0f4a84f06370222078f67f0b36e2ed596621e1d33e6b39c4e9c9b22';
const ROTATED_180_PNG = join(FIXTURES, 'png/bridge-3-rotate-180.png');
const ROTATED_180_HASH = '2dad5a64b1a142e7d362a09857da895ae63b8c7fc23794b766b319361fc93188';

let dir: string;
const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'media-hash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function reasonOf(path: string): Promise<UnsupportedMediaReason> {
  const error = await decodeImageFile(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnsupportedMediaError);
  expect((error as UnsupportedMediaError).path).toBe(path);
  return (error as UnsupportedMediaError).reason;
}

describe('decodeImageFile', () => {
  it('decodes lossless WebP and TIFF to the PNG pixels: the same hash', async () => {
    const webp = file('bridge.webp', await sharp(ORIGINAL_PNG).webp({ lossless: true }).toBuffer());
    const tiff = file('bridge.tiff', await sharp(ORIGINAL_PNG).tiff({ compression: 'lzw' }).toBuffer());
    expect((await hashImageFile(webp)).hash).toBe(ORIGINAL_HASH);
    expect((await hashImageFile(tiff)).hash).toBe(ORIGINAL_HASH);
  });

  it('takes the first frame of an animated GIF', async () => {
    const gif = file(
      'two-frames.gif',
      await sharp([ORIGINAL_PNG, ROTATED_180_PNG], { join: { animated: true } })
        .gif({ effort: 1, dither: 0 })
        .toBuffer(),
    );
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const pixels = await decodeImageFile(gif);
    expect([pixels.width, pixels.height]).toEqual([800, 502]);
    // 256 colours instead of millions: near the original's hash, far from the second frame's.
    const { hash } = pdqHash(pixels);
    expect(hammingDistance(hash, ORIGINAL_HASH)).toBeLessThanOrEqual(10);
    expect(hammingDistance(hash, ROTATED_180_HASH)).toBeGreaterThan(64);
  });

  it('keeps grey as one channel and drops alpha', async () => {
    const grey = await decodeImageFile(
      file('grey.png', await sharp(ORIGINAL_PNG).toColourspace('b-w').png().toBuffer()),
    );
    expect(grey.channels).toBe(1);
    const rgba = await decodeImageFile(
      file('rgba.png', await sharp(ORIGINAL_PNG).ensureAlpha(0.5).png().toBuffer()),
    );
    expect(rgba.channels).toBe(3);
    expect(pdqHash(rgba).hash).toBe(ORIGINAL_HASH);
    const greyAlpha = await decodeImageFile(
      file(
        'grey-alpha.png',
        await sharp(ORIGINAL_PNG).toColourspace('b-w').ensureAlpha(0.5).png().toBuffer(),
      ),
    );
    expect((await sharp(join(dir, 'grey-alpha.png')).metadata()).channels).toBe(2);
    expect(greyAlpha.channels).toBe(1);
    expect(greyAlpha.data).toEqual(grey.data);
  });

  it('reads 16-bit pictures as 8 bits', async () => {
    const deep = file('deep.png', await sharp(ORIGINAL_PNG).toColourspace('rgb16').png().toBuffer());
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    const pixels = await decodeImageFile(deep);
    expect(pixels.data).toHaveLength(800 * 502 * 3);
    expect(hammingDistance(pdqHash(pixels).hash, ORIGINAL_HASH)).toBeLessThanOrEqual(2);
  });

  it('ignores EXIF orientation by default (the stored pixels, as the reference) and honours it when asked', async () => {
    // Orientation 6: a viewer turns the stored picture a quarter clockwise.
    const jpeg = file(
      'oriented.jpg',
      await sharp(ORIGINAL_PNG).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer(),
    );
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const stored = await decodeImageFile(jpeg);
    expect([stored.width, stored.height]).toEqual([800, 502]);
    expect(hammingDistance(pdqHash(stored).hash, ORIGINAL_HASH)).toBeLessThanOrEqual(10);

    const upright = await decodeImageFile(jpeg, { orientation: 'honour' });
    expect([upright.width, upright.height]).toEqual([502, 800]);
    // Either way the two are found as one another: a quarter clockwise is the dihedral `rotate270`.
    const variants = pdqHashDihedral(stored).hashes;
    expect(hammingDistance(pdqHash(upright).hash, variants.rotate270)).toBeLessThanOrEqual(20);
    expect(hammingDistance(pdqHash(upright).hash, variants.rotate90)).toBeGreaterThan(64);
  });

  it('hashes the stored values of a picture with a colour profile, not their sRGB conversion', async () => {
    const p3 = file(
      'p3.jpg',
      await sharp(ORIGINAL_PNG).withIccProfile('p3').jpeg({ quality: 95 }).toBuffer(),
    );
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    const stored = await sharp(p3, { ignoreIcc: true }).raw().toBuffer();
    const converted = await sharp(p3).raw().toBuffer();
    expect(stored.equals(converted)).toBe(false);
    expect(Buffer.from((await decodeImageFile(p3)).data).equals(stored)).toBe(true);
  });

  it('converts CMYK to RGB', async () => {
    const cmyk = file(
      'cmyk.jpg',
      await sharp(ORIGINAL_PNG).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer(),
    );
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const pixels = await decodeImageFile(cmyk);
    expect(pixels.channels).toBe(3);
    expect(hammingDistance(pdqHash(pixels).hash, ORIGINAL_HASH)).toBeLessThanOrEqual(16);
  });

  it('says why a file cannot be hashed', async () => {
    const jpeg = readFileSync(join(FIXTURES, 'jpeg/bridge-1-original.jpg'));
    expect(await reasonOf(file('truncated.jpg', jpeg.subarray(0, jpeg.length / 2)))).toBe('corrupt');
    const png = readFileSync(ORIGINAL_PNG);
    const damaged = Buffer.from(png);
    damaged.fill(0x5a, 100, 5000);
    expect(await reasonOf(file('damaged.png', damaged))).toBe('corrupt');
    expect(await reasonOf(file('notes.jpg', 'not a picture at all'))).toBe('unsupported-format');
    expect(
      await reasonOf(file('drawing.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')),
    ).toBe('unsupported-format');
    expect(await reasonOf(file('empty.png', ''))).toBe('unsupported-format');
    expect(await reasonOf(join(dir, 'missing.png'))).toBe('unreadable');
    expect(await reasonOf(dir)).toBe('unreadable');
  });

  it('decodes a very large picture at a fraction of its size, its hash near the full decode', async () => {
    // 9000×5648 (51 megapixels, over the 40 of SHRINK_ABOVE_PIXELS): decoded at half size.
    const big = file(
      'big.jpg',
      await sharp(ORIGINAL_PNG).resize(9000, 5648, { kernel: 'nearest' }).jpeg({ quality: 90 }).toBuffer(),
    );
    const pixels = await decodeImageFile(big);
    expect([pixels.width, pixels.height]).toEqual([4500, 2824]);
    const full = await sharp(big).raw().toBuffer({ resolveWithObject: true });
    const fullHash = pdqHash({ data: full.data, width: 9000, height: 5648, channels: 3 }).hash;
    expect(hammingDistance(pdqHash(pixels).hash, fullHash)).toBeLessThanOrEqual(10);
    expect(hammingDistance(pdqHash(pixels).hash, ORIGINAL_HASH)).toBeLessThanOrEqual(10);
  });

  it('refuses a picture whose header claims more pixels than the limit, before decoding it', async () => {
    // A PNG header for 20000×20000 RGB (400 megapixels, 1.2 GB decoded) and nothing behind it.
    const chunk = (type: string, body: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), body])));
      return Buffer.concat([length, Buffer.from(type), body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(20_000, 0);
    header.writeUInt32BE(20_000, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.alloc(100))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(await reasonOf(file('huge.png', png))).toBe('too-large');
  });
});
