import { centres, jaroszCells, jaroszWindow } from './jarosz.filter';
import { lumaOf, lumaSize, type Luma } from './luma';
import { dct64To16, dihedralDct } from './pdq-dct';
import { bitsToHex } from './pdq-hash.codec';
import { assertPixels, DIHEDRALS, type Dihedral, type Pixels } from './pixels';
import { JaroszKernel } from './wasm/jarosz.kernel';

/**
 * PDQ, Meta's perceptual photo hash (hashing.pdf; facebook/ThreatExchange pdq/cpp), to the bit: the same
 * pixels give the hash and quality Meta's `pdq-photo-hasher` prints.
 */
export interface PdqResult {
  /** 64 lower-case hex digits. */
  hash: string;
  /** 0..100: how much detail the picture has. Below 50 the hash matches too much to be trusted. */
  quality: number;
}

export interface PdqOptions {
  /**
   * Squeeze pictures larger than 512 in either dimension to 512×512 first, as `pdq-photo-hasher` does
   * (default true: photos). Meta's vPDQ hashes each video frame without that squeeze (its frame hasher
   * runs the Jarosz filter over the whole frame): pass false for frames, to match it.
   */
  squeezeLarge?: boolean;
}

/** Below this in either dimension there is nothing to hash: the reference answers all zeros, quality 0. */
const MIN_HASHABLE_DIMENSION = 5;
const ZERO_HASH = '0'.repeat(64);

/** Scratch buffers, reused from one call to the next: hashing a picture allocates nothing per pixel. */
const scratch = {
  full1: new Float32Array(512 * 512),
  full2: new Float32Array(512 * 512),
  sums: new Float32Array(512),
  cells: new Float32Array(64 * 64),
  t: new Float32Array(16 * 64),
  dct: new Float32Array(16 * 16),
  turned: new Float32Array(16 * 16),
  sorted: new Float32Array(16 * 16),
  bits: new Uint8Array(256),
};

function grow(size: number): void {
  if (scratch.full1.length < size) {
    scratch.full1 = new Float32Array(size);
    scratch.full2 = new Float32Array(size);
  }
}

/** Blur and decimate the luma to 64×64 cells (in `scratch.cells`); `filter64` as the reference's path has it. */
function downscale(luma: Luma, filter64: boolean): Float32Array {
  const { width, height, data } = luma;
  const cells = scratch.cells;
  if (!filter64 && width === 64 && height === 64) {
    // The reference's single-hash path takes a 64×64 picture (a frame already scaled by ffmpeg) as is.
    cells.set(data.subarray(0, 64 * 64));
    return cells;
  }
  if (scratch.sums.length < width) scratch.sums = new Float32Array(width);
  const other = data === scratch.full1 ? scratch.full2 : new Float32Array(width * height);
  jaroszCells(data, other, width, height, scratch.sums, cells);
  return cells;
}

/**
 * Quality: the sum of the significant steps between neighbouring cells, in the reference's float and
 * integer arithmetic (a step is truncated to a whole percent of the full range), scaled to 0..100.
 */
function quality(cells: Float32Array): number {
  let gradients = 0;
  for (let i = 0; i < 63; i++)
    for (let j = 0; j < 64; j++) {
      const step = Math.fround(
        Math.fround(Math.fround(cells[i * 64 + j] - cells[(i + 1) * 64 + j]) * 100) / 255,
      );
      gradients += Math.abs(Math.trunc(step));
    }
  for (let i = 0; i < 64; i++)
    for (let j = 0; j < 63; j++) {
      const step = Math.fround(
        Math.fround(Math.fround(cells[i * 64 + j] - cells[i * 64 + j + 1]) * 100) / 255,
      );
      gradients += Math.abs(Math.trunc(step));
    }
  return Math.min(100, Math.trunc(gradients / 90));
}

/** One bit per coefficient: above the median of the 256 (the lower median, as Torben's method gives). */
function toHex(dct: Float32Array): string {
  const sorted = scratch.sorted;
  sorted.set(dct);
  sorted.sort();
  const median = sorted[127];
  const bits = scratch.bits;
  for (let k = 0; k < 256; k++) bits[k] = dct[k] > median ? 1 : 0;
  return bitsToHex(bits);
}

/**
 * The picture's 64×64 cells: its luma, blurred and decimated. The passes run in WebAssembly where it
 * compiles (Node: every hash the hub and the CLI compute), in TypeScript elsewhere (the console's page),
 * with the same floats either way.
 */
function cellsOf(pixels: Pixels, options: PdqOptions, filter64: boolean): Float32Array {
  const squeeze = options.squeezeLarge ?? true;
  const { width, height } = lumaSize(pixels, squeeze);
  const cells = scratch.cells;
  const alongRows = jaroszWindow(width, 64);
  const alongColumns = jaroszWindow(height, 64);
  const kernel = JaroszKernel.get();
  // The reference takes a 64×64 picture as its cells, unfiltered: nothing for the kernel to do.
  const unfiltered = !filter64 && width === 64 && height === 64;
  if (unfiltered || !kernel?.prepare(width, height, alongColumns)) {
    grow(width * height);
    return downscale(lumaOf(pixels, squeeze, scratch.full1), filter64);
  }
  const fromRgb = pixels.channels === 3 && width === pixels.width && height === pixels.height;
  if (fromRgb) kernel.setRgb(pixels.data);
  else lumaOf(pixels, squeeze, kernel.lumaPlane());
  kernel.filter(fromRgb, alongRows, alongColumns, centres(height, 64), centres(width, 64), cells);
  return cells;
}

const tooSmall = (pixels: Pixels): boolean =>
  pixels.width < MIN_HASHABLE_DIMENSION || pixels.height < MIN_HASHABLE_DIMENSION;

/** The PDQ hash and quality of a picture. */
export function pdqHash(pixels: Pixels, options: PdqOptions = {}): PdqResult {
  assertPixels(pixels);
  if (tooSmall(pixels)) return { hash: ZERO_HASH, quality: 0 };
  const cells = cellsOf(pixels, options, false);
  const q = quality(cells);
  dct64To16(cells, scratch.t, scratch.dct);
  return { hash: toHex(scratch.dct), quality: q };
}

/**
 * The hashes of the picture's eight rotations and mirror images, from one DCT (as Meta's reference
 * computes them): a hash shared as `original` is found again when someone re-posts the picture turned.
 */
export function pdqHashDihedral(
  pixels: Pixels,
  options: PdqOptions = {},
): { quality: number; hashes: Record<Dihedral, string> } {
  assertPixels(pixels);
  const hashes = {} as Record<Dihedral, string>;
  if (tooSmall(pixels)) {
    for (const d of DIHEDRALS) hashes[d] = ZERO_HASH;
    return { quality: 0, hashes };
  }
  const cells = cellsOf(pixels, options, true);
  const q = quality(cells);
  dct64To16(cells, scratch.t, scratch.dct);
  for (const d of DIHEDRALS) {
    dihedralDct(scratch.dct, scratch.turned, d);
    hashes[d] = toHex(scratch.turned);
  }
  return { quality: q, hashes };
}
