import { JAROSZ_WASM_BASE64 } from './jarosz.wasm';

/** What jarosz.wat exports: byte addresses into its memory, sizes in pixels or floats. */
interface JaroszExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  luma(rgb: number, out: number, pixels: number): void;
  rows(input: number, output: number, width: number, height: number, window: number): void;
  step(sums: number, add: number, sub: number, out: number, count: number, n: number): void;
}

/** The part of the WebAssembly API used here (a language global, in Node and in browsers alike). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const PAGE = 65_536;
/** Past each block: the four-wide loops may read or write one vector beyond it. */
const PAD = 16;
const MAX_BYTES = 1024 * 1024 * 1024;
const align = (bytes: number): number => Math.ceil(bytes / PAD) * PAD;

/** Where a picture's blocks lie in the module's memory (byte addresses). */
interface Layout {
  width: number;
  height: number;
  /** The picture: RGB24 bytes, or the luma plane (floats) when the caller fills it. */
  source: number;
  /** Four rows of luma, from RGB. */
  luma: number;
  /** Four output rows of the first column pass, for the second rows pass. */
  four: number;
  /** The rows pass's output, a ring of rows each column pass reads as it walks down. */
  ring1: number;
  ring2: number;
  ringRows: number;
  /** One output row of the last column pass. */
  last: number;
  sums1: number;
  sums2: number;
}

/**
 * PDQ's luminance and Jarosz filter in WebAssembly (jarosz.wat), with the TypeScript passes' floats to the
 * bit. The picture is streamed down four rows at a time through the four passes at once: luma, rows,
 * columns, rows, columns, each column pass keeping its running sums and a ring of the rows it still has to
 * subtract. Only the picture itself is larger than the core's cache; the planes of the TypeScript passes
 * (three full planes written and read over twice) are never made. A 720p frame: 2 to 3 ms against 11 to 13.
 */
export class JaroszKernel {
  private layout: Layout | null = null;

  constructor(private readonly wasm: JaroszExports) {}

  /** The kernel of this thread, or null where WebAssembly cannot compile (a page whose policy forbids it). */
  static get(): JaroszKernel | null {
    if (loaded === undefined) loaded = load();
    return loaded;
  }

  /**
   * Room for a width × height picture filtered with a column window of `alongColumns`. Returns false for
   * a picture too large for the module's memory (over 1 GiB), left to the TypeScript passes.
   */
  prepare(width: number, height: number, alongColumns: number): boolean {
    const count = Math.ceil(width / 4) * 4;
    // A column pass subtracts the row `window` above the one it adds, while the next four rows arrive.
    const ringRows = Math.ceil((alongColumns + 4) / 4) * 4;
    const source = PAD; // no row at 0: `step` reads 0 as "none"
    const luma = source + align(width * height * 4 + PAD);
    const four = luma + align(count * 4 * 4 + PAD);
    const ring1 = four + align(count * 4 * 4 + PAD);
    const ring2 = ring1 + align(ringRows * width * 4 + PAD);
    const last = ring2 + align(ringRows * width * 4 + PAD);
    const sums1 = last + align(count * 4 + PAD);
    const sums2 = sums1 + align(count * 4);
    const end = sums2 + align(count * 4);
    if (end > MAX_BYTES) return false;
    const memory = this.wasm.memory;
    if (end > memory.buffer.byteLength) {
      try {
        memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
      } catch {
        return false; // the process could not spare the memory
      }
    }
    this.layout = { width, height, source, luma, four, ring1, ring2, ringRows, last, sums1, sums2 };
    return true;
  }

  /** The luma plane to fill, after `prepare`, for pictures whose luma the caller computes. */
  lumaPlane(): Float32Array {
    const { source, width, height } = this.layout!;
    return new Float32Array(this.wasm.memory.buffer, source, width * height);
  }

  /** The RGB24 picture (width × height × 3 bytes), copied in after `prepare`; its luma is computed here. */
  setRgb(rgb: Uint8Array | Uint8ClampedArray): void {
    const { source, width, height } = this.layout!;
    new Uint8Array(this.wasm.memory.buffer, source, width * height * 3).set(
      rgb.subarray(0, width * height * 3),
    );
  }

  /**
   * The Jarosz filter (rows, columns, rows, columns with these windows) over the picture set with
   * `setRgb` (`fromRgb`) or the luma plane, then the value under each of the 64×64 cells' centres
   * (`rows` × `columns`) into `cells`.
   */
  filter(
    fromRgb: boolean,
    alongRows: number,
    alongColumns: number,
    rows: Int32Array,
    columns: Int32Array,
    cells: Float32Array,
  ): void {
    const at = this.layout!;
    const { width, height, ringRows } = at;
    const wasm = this.wasm;
    const rowBytes = width * 4;
    const inRing1 = (row: number) => at.ring1 + (row % ringRows) * rowBytes;
    const inRing2 = (row: number) => at.ring2 + (row % ringRows) * rowBytes;
    const plane = new Float32Array(wasm.memory.buffer, at.last, width);
    let keep = 0;
    const second = new ColumnPass(
      wasm,
      at.sums2,
      width,
      height,
      alongColumns,
      inRing2,
      () => at.last,
      (o) => {
        // A picture under 64 rows has rows under several cells' centres: each of them takes the row.
        for (; keep < rows.length && rows[keep] === o; keep++)
          for (let j = 0; j < columns.length; j++) cells[keep * columns.length + j] = plane[columns[j]];
      },
    );
    // The first column pass's rows go through the second rows pass four at a time, into the second ring.
    const rowsPass = (first: number, count: number) => {
      wasm.rows(at.four, inRing2(first), width, count, alongRows);
      for (let k = 0; k < count; k++) second.push();
    };
    const first = new ColumnPass(
      wasm,
      at.sums1,
      width,
      height,
      alongColumns,
      inRing1,
      (o) => at.four + (o % 4) * rowBytes,
      (o) => {
        if (o % 4 === 3) rowsPass(o - 3, 4);
      },
    );
    for (let y = 0; y < height; y += 4) {
      const count = Math.min(4, height - y);
      let input = at.source + y * rowBytes;
      if (fromRgb) {
        wasm.luma(at.source + y * width * 3, at.luma, count * width);
        input = at.luma;
      }
      wasm.rows(input, inRing1(y), width, count, alongRows);
      for (let k = 0; k < count; k++) first.push();
    }
    first.finish();
    if (height % 4 !== 0) rowsPass(height - (height % 4), height % 4);
    second.finish();
  }
}

/**
 * The box filter down the columns, fed one row at a time: the four phases of the reference's pass (sum
 * without writing, write while the window grows, slide, write while it shrinks), each output row handed
 * on as soon as it is written.
 */
class ColumnPass {
  private readonly count: number;
  private readonly half: number;
  private next = 0; // the next input row
  private out = 0; // the next output row
  private n = 0; // rows in the window

  constructor(
    private readonly wasm: JaroszExports,
    private readonly sums: number,
    width: number,
    private readonly height: number,
    private readonly window: number,
    private readonly input: (row: number) => number,
    private readonly output: (row: number) => number,
    private readonly written: (row: number) => void,
  ) {
    this.count = Math.ceil(width / 4) * 4;
    this.half = Math.floor((window + 2) / 2);
    new Float32Array(wasm.memory.buffer, sums, this.count).fill(0);
  }

  /** The next input row is in place. */
  push(): void {
    const r = this.next++;
    const { wasm, sums, count } = this;
    if (r < this.half - 1) {
      wasm.step(sums, this.input(r), 0, 0, count, 1);
      this.n++;
      return;
    }
    if (r < this.window) this.n++;
    const leaving = r < this.window ? 0 : this.input(r - this.window);
    wasm.step(sums, this.input(r), leaving, this.output(this.out), count, this.n);
    this.written(this.out++);
  }

  /** Every input row is in: the window shrinks over the last rows. */
  finish(): void {
    const { wasm, sums, count } = this;
    for (let l = this.height - this.window; this.out < this.height; l++) {
      this.n--;
      wasm.step(sums, 0, this.input(l), this.output(this.out), count, this.n);
      this.written(this.out++);
    }
  }
}

let loaded: JaroszKernel | null | undefined;

function load(): JaroszKernel | null {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!api) return null;
  try {
    const bytes = Uint8Array.from(atob(JAROSZ_WASM_BASE64), (c) => c.charCodeAt(0));
    const instance = new api.Instance(new api.Module(bytes), {});
    return new JaroszKernel(instance.exports as JaroszExports);
  } catch {
    // The console's page allows no WebAssembly (its policy has no 'wasm-unsafe-eval'): the TypeScript passes.
    return null;
  }
}
