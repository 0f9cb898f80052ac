/**
 * Uniform borders (letterbox, pillarbox, a portrait clip padded into a landscape frame): a copy that adds or
 * removes them hashes far from its original under PDQ, which sees the whole frame. Hashing the picture inside
 * the borders makes such copies match again.
 */

/** Structurally the library's Pixels: row-major, interleaved, 4 channels = RGBA with alpha ignored. */
export interface BorderPixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

export interface Borders {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface DetectBordersOptions {
  /** How far (0..255, per channel) a border pixel may stray from the border's colour: video noise. */
  tolerance?: number;
  /** Share of a line's pixels that may stray further (encoder ringing, a stray logo pixel). */
  outliers?: number;
  /** The most one side may take, as a share of the width or height. */
  maxSide?: number;
}

/** Share of the line after a bar that must leave the bar's colour: the bar's edge. */
const EDGE_SHARE = 0.25;

export const NO_BORDERS: Readonly<Borders> = Object.freeze({ top: 0, bottom: 0, left: 0, right: 0 });

/**
 * Finds the uniform bands on each side: the outermost line must be uniform, the band grows inward while
 * each line keeps that line's colour, and it must end at an edge (most of the next line leaves that colour),
 * so a plain wall or sky shading slowly across the frame is not taken for a bar. Top and bottom are found first, then left and right within the rows
 * left, so letterbox and pillarbox together are found too. Bands thinner than 1 % of the side (at least
 * 2 px) are noise, not bars; a frame uniform through to the middle (black, a fade) has no borders, since
 * cropping it would only hash noise.
 */
export function detectBorders(pixels: BorderPixels, opts: DetectBordersOptions = {}): Borders {
  const { width, height } = pixels;
  if (width < 8 || height < 8) return { ...NO_BORDERS };
  const tolerance = opts.tolerance ?? 24;
  const outliers = opts.outliers ?? 0.02;
  const maxSide = opts.maxSide ?? 0.45;
  const rows = new LineScanner(pixels, tolerance, outliers);

  const maxRows = Math.floor(height * maxSide);
  let top = rows.band(0, 1, maxRows, (y, x0, step) => rows.rowOffset(y, x0, step), width);
  let bottom = rows.band(height - 1, -1, maxRows, (y, x0, step) => rows.rowOffset(y, x0, step), width);
  if (top >= maxRows && bottom >= maxRows) return { ...NO_BORDERS };
  top = significant(top, height, maxRows);
  bottom = significant(bottom, height, maxRows);

  const maxCols = Math.floor(width * maxSide);
  const innerHeight = height - top - bottom;
  const colLine = (x: number, y0: number, step: number) => rows.colOffset(x, top + y0, step);
  let left = rows.band(0, 1, maxCols, colLine, innerHeight);
  let right = rows.band(width - 1, -1, maxCols, colLine, innerHeight);
  if (left >= maxCols && right >= maxCols) return { ...NO_BORDERS };
  left = significant(left, width, maxCols);
  right = significant(right, width, maxCols);
  return { top, bottom, left, right };
}

function significant(band: number, side: number, max: number): number {
  return band >= Math.max(2, Math.round(side * 0.01)) && band < max ? band : 0;
}

/** The pixels inside the borders, copied (PDQ reads a dense buffer). */
export function cropPixels<P extends BorderPixels>(pixels: P, borders: Borders): P {
  const { top, bottom, left, right } = borders;
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return pixels;
  const { width, height, channels } = pixels;
  const w = width - left - right;
  const h = height - top - bottom;
  if (w <= 0 || h <= 0) throw new RangeError('borders leave no picture');
  const out = new Uint8Array(w * h * channels);
  const rowBytes = w * channels;
  for (let y = 0; y < h; y++) {
    const from = ((y + top) * width + left) * channels;
    out.set(pixels.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { ...pixels, data: out, width: w, height: h };
}

type LineOffset = (line: number, start: number, step: number) => { offset: number; stride: number };

class LineScanner {
  private readonly ref = new Float64Array(3);

  constructor(
    private readonly pixels: BorderPixels,
    private readonly tolerance: number,
    private readonly outliers: number,
  ) {}

  rowOffset(y: number, x0: number, step: number): { offset: number; stride: number } {
    const c = this.pixels.channels;
    return { offset: (y * this.pixels.width + x0) * c, stride: step * c };
  }

  colOffset(x: number, y: number, step: number): { offset: number; stride: number } {
    const c = this.pixels.channels;
    return { offset: (y * this.pixels.width + x) * c, stride: step * this.pixels.width * c };
  }

  /** How many lines from `first`, moving by `dir`, share the first line's uniform colour (at most `max`). */
  band(first: number, dir: 1 | -1, max: number, line: LineOffset, length: number): number {
    if (length <= 0) return 0;
    // Every other (or fourth) pixel is plenty to tell a bar from a picture.
    const step = length > 512 ? 4 : length > 64 ? 2 : 1;
    const count = Math.ceil(length / step);
    const { offset, stride } = line(first, 0, step);
    this.mean(offset, stride, count);
    const allowed = Math.floor(count * this.outliers);
    const inBar = (k: number) => {
      const at = line(first + dir * k, 0, step);
      return this.strays(at.offset, at.stride, count, allowed + 1, this.tolerance) <= allowed;
    };
    // Leaps of 8 lines while still in the bar, then line by line to its edge: a wide bar costs an eighth.
    if (!inBar(0)) return 0;
    let n = 1;
    while (n + 8 <= max && inBar(n + 7)) n += 8;
    while (n < max && inBar(n)) n++;
    if (n === 0) return 0;
    // A band reaching the middle is no bar (bars are at most about a third of a side): the picture itself.
    if (n >= max) return max;
    // A bar is flat to its end and then the picture jumps away from it: its last line is as close to its
    // colour as its first, and much of the next line is off. A wall or sky shading slowly drifts out of
    // tolerance line by line instead: picture, not a bar.
    const last = line(first + dir * (n - 1), 0, step);
    if (this.deviation(last.offset, last.stride, count) > this.tolerance / 2) return 0;
    const next = line(first + dir * n, 0, step);
    return this.strays(next.offset, next.stride, count, count, this.tolerance) >= count * EDGE_SHARE ? n : 0;
  }

  private mean(offset: number, stride: number, count: number): void {
    const { data, channels } = this.pixels;
    const used = channels === 1 ? 1 : 3;
    this.ref.fill(0);
    for (let i = 0, p = offset; i < count; i++, p += stride)
      for (let k = 0; k < used; k++) this.ref[k] += data[p + k];
    for (let k = 0; k < used; k++) this.ref[k] /= count;
  }

  /** The mean distance (largest channel) of a line's sampled pixels from the reference colour. */
  private deviation(offset: number, stride: number, count: number): number {
    const { data, channels } = this.pixels;
    const { ref } = this;
    let sum = 0;
    for (let i = 0, p = offset; i < count; i++, p += stride)
      sum +=
        channels === 1
          ? Math.abs(data[p] - ref[0])
          : Math.max(
              Math.abs(data[p] - ref[0]),
              Math.abs(data[p + 1] - ref[1]),
              Math.abs(data[p + 2] - ref[2]),
            );
    return sum / count;
  }

  /** How many sampled pixels of a line stray further than `tolerance` from the reference colour, up to `limit`. */
  private strays(offset: number, stride: number, count: number, limit: number, tolerance: number): number {
    const { data, channels } = this.pixels;
    const { ref } = this;
    let strays = 0;
    for (let i = 0, p = offset; i < count && strays < limit; i++, p += stride) {
      const off =
        channels === 1
          ? Math.abs(data[p] - ref[0]) > tolerance
          : Math.abs(data[p] - ref[0]) > tolerance ||
            Math.abs(data[p + 1] - ref[1]) > tolerance ||
            Math.abs(data[p + 2] - ref[2]) > tolerance;
      if (off) strays++;
    }
    return strays;
  }
}
