/**
 * The Jarosz downscale of PDQ: two passes of a box filter along the rows then along the columns (a tent,
 * close to a Gaussian), then the centre pixel of each of the 64×64 cells. Arithmetic in 32-bit floats in
 * the reference's order (a running sum that adds the entering value and subtracts the leaving one), so
 * the result is the reference's to the bit.
 */

/*
 * The reference divides each window sum by the window's width in floats. We multiply by the reciprocal
 * in doubles instead (a division costs several multiplications), with the same float result: a float
 * sum over an integer n < 2^27 lies at least 2^-25/n (relative) from any point where rounding to a float
 * changes, and the double product errs by under 2^-52. The vectors check it to the bit.
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
  const f = Math.fround;
  let y = 0;
  // Four rows at once: a running sum is a chain of dependent float roundings, each waiting for the one
  // before; four independent chains keep the core busy where one leaves it waiting.
  for (; y + 4 <= height; y += 4) {
    const b0 = y * width;
    const b1 = b0 + width;
    const b2 = b1 + width;
    const b3 = b2 + width;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let r = 0;
    let l = 0;
    let o = 0;
    let n = 0;
    let inv = 1;
    for (let i = 0; i < lead; i++, r++, n++) {
      s0 = f(s0 + input[b0 + r]);
      s1 = f(s1 + input[b1 + r]);
      s2 = f(s2 + input[b2 + r]);
      s3 = f(s3 + input[b3 + r]);
    }
    for (let i = 0; i < growing; i++, r++, o++) {
      n++;
      inv = 1 / n;
      s0 = f(s0 + input[b0 + r]);
      s1 = f(s1 + input[b1 + r]);
      s2 = f(s2 + input[b2 + r]);
      s3 = f(s3 + input[b3 + r]);
      output[b0 + o] = s0 * inv;
      output[b1 + o] = s1 * inv;
      output[b2 + o] = s2 * inv;
      output[b3 + o] = s3 * inv;
    }
    for (let i = 0; i < sliding; i++, r++, l++, o++) {
      s0 = f(f(s0 + input[b0 + r]) - input[b0 + l]);
      s1 = f(f(s1 + input[b1 + r]) - input[b1 + l]);
      s2 = f(f(s2 + input[b2 + r]) - input[b2 + l]);
      s3 = f(f(s3 + input[b3 + r]) - input[b3 + l]);
      output[b0 + o] = s0 * inv;
      output[b1 + o] = s1 * inv;
      output[b2 + o] = s2 * inv;
      output[b3 + o] = s3 * inv;
    }
    for (let i = 0; i < shrinking; i++, l++, o++) {
      n--;
      inv = 1 / n;
      s0 = f(s0 - input[b0 + l]);
      s1 = f(s1 - input[b1 + l]);
      s2 = f(s2 - input[b2 + l]);
      s3 = f(s3 - input[b3 + l]);
      output[b0 + o] = s0 * inv;
      output[b1 + o] = s1 * inv;
      output[b2 + o] = s2 * inv;
      output[b3 + o] = s3 * inv;
    }
  }
  for (; y < height; y++) {
    const base = y * width;
    let right = base;
    let left = base;
    let o = base;
    let sum = 0;
    let n = 0;
    let inv = 1;
    for (let i = 0; i < lead; i++, n++) sum = f(sum + input[right++]);
    for (let i = 0; i < growing; i++) {
      sum = f(sum + input[right++]);
      n++;
      inv = 1 / n;
      output[o++] = sum * inv;
    }
    for (let i = 0; i < sliding; i++) {
      sum = f(f(sum + input[right++]) - input[left++]);
      output[o++] = sum * inv;
    }
    for (let i = 0; i < shrinking; i++) {
      sum = f(sum - input[left++]);
      n--;
      inv = 1 / n;
      output[o++] = sum * inv;
    }
  }
}

/**
 * Box filter along each column, walking the rows in order with one running sum per column (the same
 * operations per column as the reference's column-at-a-time loop, in cache order, and many columns'
 * independent sums in flight at once). With `columns` and `rows`, only those columns are filtered and
 * only those rows written, packed into `output` (rows.length × columns.length): the last pass feeds only
 * the 64×64 decimation.
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
  if (columns && rows) return boxAlongSomeColumns(input, output, width, height, window, sums, columns, rows);
  const { lead, growing, sliding, shrinking } = phases(height, window);
  const f = Math.fround;
  sums.fill(0, 0, width);
  let r = 0;
  let l = 0;
  let o = 0;
  let n = 0;
  let inv = 1;
  for (let i = 0; i < lead; i++, r++, n++) {
    const ra = r * width;
    for (let c = 0; c < width; c++) sums[c] += input[ra + c];
  }
  for (let i = 0; i < growing; i++, r++, o++) {
    n++;
    inv = 1 / n;
    const ra = r * width;
    const oa = o * width;
    for (let c = 0; c < width; c++) {
      const s = f(sums[c] + input[ra + c]);
      sums[c] = s;
      output[oa + c] = s * inv;
    }
  }
  for (let i = 0; i < sliding; i++, r++, l++, o++) {
    const ra = r * width;
    const la = l * width;
    const oa = o * width;
    for (let c = 0; c < width; c++) {
      const s = f(f(sums[c] + input[ra + c]) - input[la + c]);
      sums[c] = s;
      output[oa + c] = s * inv;
    }
  }
  for (let i = 0; i < shrinking; i++, l++, o++) {
    n--;
    inv = 1 / n;
    const la = l * width;
    const oa = o * width;
    for (let c = 0; c < width; c++) {
      const s = f(sums[c] - input[la + c]);
      sums[c] = s;
      output[oa + c] = s * inv;
    }
  }
}

function boxAlongSomeColumns(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  window: number,
  sums: Float32Array,
  columns: Int32Array,
  rows: Int32Array,
): void {
  const { lead, growing, sliding, shrinking } = phases(height, window);
  const f = Math.fround;
  const count = columns.length;
  sums.fill(0, 0, count);
  let r = 0;
  let l = 0;
  let o = 0;
  let n = 0;
  let inv = 1;
  let keep = 0;
  // A picture under 64 rows has rows under several cells' centres: each of them takes the row.
  const write = (): void => {
    while (keep < rows.length && rows[keep] === o) {
      const at = keep * count;
      for (let c = 0; c < count; c++) output[at + c] = sums[c] * inv;
      keep++;
    }
  };
  for (let i = 0; i < lead; i++, r++, n++) {
    const ra = r * width;
    for (let c = 0; c < count; c++) sums[c] += input[ra + columns[c]];
  }
  for (let i = 0; i < growing; i++, r++, o++) {
    n++;
    inv = 1 / n;
    const ra = r * width;
    for (let c = 0; c < count; c++) sums[c] += input[ra + columns[c]];
    write();
  }
  for (let i = 0; i < sliding; i++, r++, l++, o++) {
    const ra = r * width;
    const la = l * width;
    for (let c = 0; c < count; c++) {
      const col = columns[c];
      sums[c] = f(sums[c] + input[ra + col]) - input[la + col];
    }
    write();
  }
  for (let i = 0; i < shrinking; i++, l++, o++) {
    n--;
    inv = 1 / n;
    const la = l * width;
    for (let c = 0; c < count; c++) sums[c] -= input[la + columns[c]];
    write();
  }
}

/** The reference's decimation picks the pixel under each cell's centre: floor((i + 0.5) × old / new). */
export function centres(oldDimension: number, newDimension: number): Int32Array {
  const out = new Int32Array(newDimension);
  for (let i = 0; i < newDimension; i++) out[i] = Math.floor(((i + 0.5) * oldDimension) / newDimension);
  return out;
}

/**
 * The whole filter over a luma plane: rows, columns, rows, then the columns under the 64×64 cells' centres
 * into `cells`. `data` is overwritten; `other` (width × height) and `sums` (at least max(width, 64)) are
 * scratch.
 */
export function jaroszCells(
  data: Float32Array,
  other: Float32Array,
  width: number,
  height: number,
  sums: Float32Array,
  cells: Float32Array,
): void {
  const alongRows = jaroszWindow(width, 64);
  const alongColumns = jaroszWindow(height, 64);
  boxAlongRows(data, other, width, height, alongRows);
  boxAlongColumns(other, data, width, height, alongColumns, sums);
  boxAlongRows(data, other, width, height, alongRows);
  boxAlongColumns(other, cells, width, height, alongColumns, sums, centres(width, 64), centres(height, 64));
}
