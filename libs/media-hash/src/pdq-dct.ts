import type { Dihedral } from './pixels';

/**
 * The part of the 64×64 DCT-II that PDQ keeps: frequencies 1..16 along each axis (the constant term 0 is
 * left out), as B = D A Dᵀ with D the 16×64 cosine matrix. Entries and sums are 32-bit floats, summed in
 * the reference's order, so the coefficients are the reference's to the bit.
 */
const DCT_MATRIX = (() => {
  const d = new Float32Array(16 * 64);
  const scale = Math.fround(Math.sqrt(2 / 64));
  for (let i = 0; i < 16; i++)
    for (let j = 0; j < 64; j++) d[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
  return d;
})();

/** `a` is 64×64 row-major, `t` 16×64 scratch, `b` the 16×16 result. */
export function dct64To16(a: Float32Array, t: Float32Array, b: Float32Array): void {
  const d = DCT_MATRIX;
  // T = D A: each T[i][j] accumulates over k in order; walking j innermost keeps A's rows in cache.
  t.fill(0);
  for (let i = 0; i < 16; i++) {
    const ti = i * 64;
    for (let k = 0; k < 64; k++) {
      const dik = d[i * 64 + k];
      const ak = k * 64;
      for (let j = 0; j < 64; j++) t[ti + j] += Math.fround(dik * a[ak + j]);
    }
  }
  // B = T Dᵀ
  for (let i = 0; i < 16; i++) {
    const ti = i * 64;
    for (let j = 0; j < 16; j++) {
      const dj = j * 64;
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = Math.fround(sum + Math.fround(t[ti + k] * d[dj + k]));
      b[i * 16 + j] = sum;
    }
  }
}

/**
 * How each rotation or mirror image moves the 16×16 coefficients: turning the picture a quarter
 * transposes them, and mirroring an axis negates the coefficients of odd frequency along it (index 0 is
 * frequency 1). `negate(i, j)` is asked of the original's coefficient at row i, column j.
 */
export const DIHEDRAL_DCT: Record<
  Dihedral,
  { transpose: boolean; negate: (i: number, j: number) => boolean }
> = {
  original: { transpose: false, negate: () => false },
  rotate90: { transpose: true, negate: (_i, j) => (j & 1) === 0 },
  rotate180: { transpose: false, negate: (i, j) => ((i + j) & 1) === 1 },
  rotate270: { transpose: true, negate: (i) => (i & 1) === 0 },
  flipX: { transpose: false, negate: (i) => (i & 1) === 0 },
  flipY: { transpose: false, negate: (_i, j) => (j & 1) === 0 },
  flipPlus1: { transpose: true, negate: () => false },
  flipMinus1: { transpose: true, negate: (i, j) => ((i + j) & 1) === 1 },
};

/** The coefficients `a` of a picture as those of its `dihedral` image, into `b`. */
export function dihedralDct(a: Float32Array, b: Float32Array, dihedral: Dihedral): void {
  const { transpose, negate } = DIHEDRAL_DCT[dihedral];
  for (let i = 0; i < 16; i++)
    for (let j = 0; j < 16; j++) {
      const v = a[i * 16 + j];
      b[transpose ? j * 16 + i : i * 16 + j] = negate(i, j) ? -v : v;
    }
}
