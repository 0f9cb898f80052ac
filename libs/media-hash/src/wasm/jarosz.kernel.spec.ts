import { centres, jaroszCells, jaroszWindow } from '../jarosz.filter';
import { lumaOf } from '../luma';
import type { Pixels } from '../pixels';
import { JaroszKernel } from './jarosz.kernel';
import { JAROSZ_WASM_BASE64 } from './jarosz.wasm';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const writer = require('../../../../scripts/write-jarosz-wasm.js') as {
  assemble(): Promise<Buffer>;
  source(bytes: Buffer): string;
};

/** RGB noise with flat runs, extremes (0 and 255) and a gradient: every rounding case the sums meet. */
function noise(width: number, height: number, seed: number): Pixels {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) >>> 8) & 255;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const band = (x >> 4) % 4;
      data[at] = band === 0 ? 255 : random();
      data[at + 1] = band === 1 ? 0 : (x + y) & 255;
      data[at + 2] = random();
    }
  return { data, width, height, channels: 3 };
}

/** The TypeScript passes: the luma, and the cells the filter leaves. */
function typescriptCells(pixels: Pixels): { luma: Float32Array; cells: Float32Array } {
  const { width, height } = pixels;
  const luma = lumaOf(pixels, false).data.slice(0, width * height);
  const cells = new Float32Array(64 * 64);
  // the last pass keeps a sum for each of 64 columns
  const sums = new Float32Array(Math.max(width, 64));
  jaroszCells(luma.slice(), new Float32Array(width * height), width, height, sums, cells);
  return { luma, cells };
}

/** Positions where two float arrays differ (as bits: -0 and NaN count). */
function differences(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) count++;
  return count + Math.abs(a.length - b.length);
}

describe('the Jarosz passes in WebAssembly', () => {
  it('are the module assembled from jarosz.wat (run `npm run wasm` after changing it)', async () => {
    const bytes = await writer.assemble();
    expect(bytes.toString('base64')).toBe(JAROSZ_WASM_BASE64);
    expect(writer.source(bytes)).toContain(JAROSZ_WASM_BASE64.slice(0, 100));
  });

  it('load in Node, where every hash of the hub and the CLI goes through them', () => {
    expect(JaroszKernel.get()).toBeInstanceOf(JaroszKernel);
  });

  it.each([
    [1280, 720],
    [1279, 721], // widths and heights that are not multiples of four
    [5, 5], // the smallest picture hashed: windows of one
    [7, 300],
    [300, 7],
    [64, 64],
    [513, 257],
    [1920, 1080],
  ])('give the TypeScript passes’ floats to the bit at %i×%i', (width, height) => {
    const kernel = JaroszKernel.get()!;
    const pixels = noise(width, height, width * 31 + height);
    const expected = typescriptCells(pixels);
    const filter = (fromRgb: boolean) => {
      const cells = new Float32Array(64 * 64);
      const windows = [jaroszWindow(width, 64), jaroszWindow(height, 64)] as const;
      kernel.filter(fromRgb, ...windows, centres(height, 64), centres(width, 64), cells);
      return cells;
    };

    expect(kernel.prepare(width, height, jaroszWindow(height, 64))).toBe(true);
    kernel.setRgb(pixels.data);
    expect(differences(filter(true), expected.cells)).toBe(0);
    // From a luma plane the caller fills (squeezed photos, grey, RGBA)
    kernel.lumaPlane().set(expected.luma);
    expect(differences(filter(false), expected.cells)).toBe(0);
  });

  it('keep their answer when a smaller picture follows a larger one in the same memory', () => {
    const kernel = JaroszKernel.get()!;
    const run = (pixels: Pixels) => {
      const { width, height } = pixels;
      const cells = new Float32Array(64 * 64);
      kernel.prepare(width, height, jaroszWindow(height, 64));
      kernel.setRgb(pixels.data);
      kernel.filter(
        true,
        jaroszWindow(width, 64),
        jaroszWindow(height, 64),
        centres(height, 64),
        centres(width, 64),
        cells,
      );
      return cells;
    };
    const small = noise(97, 61, 7);
    const first = run(small);
    run(noise(2000, 1200, 8));
    expect(differences(run(small), first)).toBe(0);
  });

  it('leave a picture too large for their memory to the TypeScript passes', () => {
    expect(JaroszKernel.get()!.prepare(20_000, 20_000, jaroszWindow(20_000, 64))).toBe(false);
  });
});
