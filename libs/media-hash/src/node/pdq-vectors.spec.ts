import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dihedralOfHash, hammingDistance, pdqHash, pdqHashDihedral, type Dihedral } from '@hub/media-hash';
import { decodeImageFile, hashImageFile } from '@hub/media-hash/node';

/**
 * Meta's bar for a PDQ implementation, on Meta's eight "bridge" pictures (test/fixtures/media/pdq, BSD,
 * see NOTICE there): the same pixels give exactly the reference hash (the PNGs decode to the same pixels
 * everywhere), and a JPEG hashes within distance 10 of the reference.
 */
const FIXTURES = join(__dirname, '../../../../test/fixtures/media/pdq');
const expected = readFileSync(join(FIXTURES, 'expected.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [hash, quality, file] = line.split(',');
    return { hash, quality: Number(quality), file };
  });
const pngs = expected.filter((e) => e.file.startsWith('png/'));
const jpegs = expected.filter((e) => e.file.startsWith('jpeg/'));

// The picture each bridge file is, as a turn of bridge-1-original.
const TURN: Record<string, Dihedral> = {
  'bridge-1-original': 'original',
  'bridge-2-rotate-90': 'rotate90',
  'bridge-3-rotate-180': 'rotate180',
  'bridge-4-rotate-270': 'rotate270',
  'bridge-5-flipx': 'flipX',
  'bridge-6-flipy': 'flipY',
  'bridge-7-flip-plus-1': 'flipPlus1',
  'bridge-8-flip-minus-1': 'flipMinus1',
};
const turnOf = (file: string): Dihedral => TURN[file.replace(/^.*\/|\.\w+$/g, '')];

describe('PDQ on Meta reference vectors', () => {
  it('has the eight PNGs and the eight JPEGs', () => {
    expect(pngs).toHaveLength(8);
    expect(jpegs).toHaveLength(8);
  });

  it.each(pngs)(
    'hashes $file bit for bit as the reference, with its quality',
    async ({ file, hash, quality }) => {
      expect(await hashImageFile(join(FIXTURES, file))).toEqual({ hash, quality });
    },
  );

  it.each(jpegs)('hashes $file within distance 10 of the reference', async ({ file, hash, quality }) => {
    const result = await hashImageFile(join(FIXTURES, file));
    expect(hammingDistance(result.hash, hash)).toBeLessThanOrEqual(10);
    expect(result.quality).toBe(quality);
  });

  it("derives every other picture's reference hash from the original's DCT", async () => {
    const original = pdqHashDihedral(await decodeImageFile(join(FIXTURES, 'png/bridge-1-original.png')));
    expect(original.quality).toBe(100);
    const distances = Object.fromEntries(
      pngs.map(({ file, hash }) => [turnOf(file), hammingDistance(original.hashes[turnOf(file)], hash)]),
    );
    // Measured: the DCT variants are within 0..6 bits of the hashes of the pictures actually turned (the
    // turned pictures are squeezed and sampled on a different grid); matching allows 31.
    // Measured: original 0, flipPlus1 0, rotate270 and flipX 8, rotate90 and flipY 14, rotate180 and
    // flipMinus1 16. Not 0 because the turned picture is sampled on another grid (the squeeze to 512 and
    // the cell centres do not turn with it); only the transposition keeps the grid. Matching allows 31.
    expect(distances.original).toBe(0);
    expect(distances.flipPlus1).toBe(0);
    for (const distance of Object.values(distances)) expect(distance).toBeLessThanOrEqual(16);
  });

  it("derives every other picture's reference hash from the original's hash alone", () => {
    const original = pngs.find((e) => turnOf(e.file) === 'original')!;
    const variants = dihedralOfHash(original.hash);
    const distances = Object.fromEntries(
      pngs.map(({ file, hash }) => [turnOf(file), hammingDistance(variants[turnOf(file)], hash)]),
    );
    // Measured: original 0, flipPlus1 0, rotate270 and flipX 10, rotate90 and flipY 14, rotate180 16,
    // flipMinus1 18: at most 2 bits more than the variants computed from the DCT.
    expect(distances.original).toBe(0);
    expect(distances.flipPlus1).toBe(0);
    for (const distance of Object.values(distances)) expect(distance).toBeLessThanOrEqual(20);
  });

  it('derives from the hash alone nearly the variants the DCT gives', async () => {
    const fromDct = pdqHashDihedral(
      await decodeImageFile(join(FIXTURES, 'jpeg/bridge-1-original.jpg')),
    ).hashes;
    const fromHash = dihedralOfHash(fromDct.original);
    const distances = Object.fromEntries(
      Object.entries(fromDct).map(([turn, hash]) => [
        turn,
        hammingDistance(fromHash[turn as Dihedral], hash),
      ]),
    );
    // Measured: original and flipPlus1 0, rotate180 and flipMinus1 2, rotate270 and flipX 4, rotate90 and
    // flipY 10 (the coefficients negated around a median that is not exactly zero).
    expect(distances.original).toBe(0);
    expect(distances.flipPlus1).toBe(0);
    for (const distance of Object.values(distances)) expect(distance).toBeLessThanOrEqual(12);
  });

  it('gives the same hash from the decoded pixels as from the file', async () => {
    const pixels = await decodeImageFile(join(FIXTURES, 'png/bridge-3-rotate-180.png'));
    expect(pdqHash(pixels).hash).toBe(pngs.find((e) => e.file.includes('rotate-180'))!.hash);
  });
});
