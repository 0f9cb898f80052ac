/**
 * The Jarosz downscale of PDQ: two passes of a box filter along the rows then along the columns (a tent,
 * close to a Gaussian), then the centre pixel of each of the 64×64 cells. Arithmetic in 32-bit floats in
 * the reference's order (a running sum that adds the entering value and subtracts the leaving one), so
 * the result is the reference's to the bit.
 */

/** Half the width of a 64th of the picture, rounded up: two passes then cover a whole cell. */
export const jaroszWindow = (oldDimension: number, newDimension: number): number =>
  Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));

/**
 * The window phases of one box pass: the sum grows for `lead` values before the first write, writes
 * while growing, slides at full width, then writes while shrinking.
 */
function phases(length: number, window: number) {
  const half = Math.floor((window + 2) / 2);
  return { lead: half - 1, growing: window - half + 1, sliding: length - window, shrinking: half - 1 };
}

/** Box filter along each row of `input` into `output` (both width × height, row-major). */
export function boxAlongRows(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  window: number,
): void {
  const { lead, growing, sliding, shrinking } = phases(width, window);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let right = base;
    let left = base;
    let o = base;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < lead; i++, n++) sum = Math.fround(sum + input[right++]);
    for (let i = 0; i < growing; i++) {
      sum = Math.fround(sum + input[right++]);
      n++;
      output[o++] = sum / n;
    }
    for (let i = 0; i < sliding; i++) {
      sum = Math.fround(sum + input[right++]);
      sum = Math.fround(sum - input[left++]);
      output[o++] = sum / n;
    }
    for (let i = 0; i < shrinking; i++) {
      sum = Math.fround(sum - input[left++]);
      n--;
      output[o++] = sum / n;
    }
  }
}

/**
 * Box filter along each column, walking the rows in order with one running sum per column (the same
 * operations per column as the reference's column-at-a-time loop, in cache order). With `columns` and
 * `rows`, only those columns are filtered and only those rows written, packed into `output`
 * (rows.length × columns.length): the last pass feeds only the 64×64 decimation.
 */
export function boxAlongColumns(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  window: number,
  sums: Float32Array,
  columns?: Int32Array,
  rows?: Int32Array,
): void {
  const { lead, growing, sliding, shrinking } = phases(height, window);
  const count = columns ? columns.length : width;
  sums.fill(0, 0, count);
  let right = 0;
  let left = 0;
  let o = 0;
  let n = 0;
  // With `rows`, the next output row to keep and where it goes.
  let keep = 0;
  const write = (): void => {
    if (rows) {
      if (keep < rows.length && rows[keep] === o) {
        const at = keep * count;
        for (let c = 0; c < count; c++) output[at + c] = sums[c] / n;
        keep++;
      }
    } else {
      const at = o * width;
      for (let c = 0; c < count; c++) output[at + c] = sums[c] / n;
    }
    o++;
  };
  const add = (row: number): void => {
    const at = row * width;
    if (columns) for (let c = 0; c < count; c++) sums[c] += input[at + columns[c]];
    else for (let c = 0; c < count; c++) sums[c] += input[at + c];
  };
  const subtract = (row: number): void => {
    const at = row * width;
    if (columns) for (let c = 0; c < count; c++) sums[c] -= input[at + columns[c]];
    else for (let c = 0; c < count; c++) sums[c] -= input[at + c];
  };
  for (let i = 0; i < lead; i++, n++) add(right++);
  for (let i = 0; i < growing; i++) {
    add(right++);
    n++;
    write();
  }
  for (let i = 0; i < sliding; i++) {
    add(right++);
    subtract(left++);
    write();
  }
  for (let i = 0; i < shrinking; i++) {
    subtract(left++);
    n--;
    write();
  }
}

/** The reference's decimation picks the pixel under each cell's centre: floor((i + 0.5) × old / new). */
export function centres(oldDimension: number, newDimension: number): Int32Array {
  const out = new Int32Array(newDimension);
  for (let i = 0; i < newDimension; i++) out[i] = Math.floor(((i + 0.5) * oldDimension) / newDimension);
  return out;
}
