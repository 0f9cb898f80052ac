import { DIHEDRAL_DCT } from './pdq-dct';
import { DIHEDRALS, MediaHashInputError, type Dihedral } from './pixels';

/**
 * A PDQ hash is 256 bits, bit k for the k-th coefficient of the 16×16 DCT in row-major order. Meta writes
 * it as sixteen 16-bit words, the last word (bits 240..255) first, each as four hex digits; that text is
 * the hash everywhere (files, the hub, ThreatExchange).
 */
export const PDQ_HEX_LENGTH = 64;
const HEX = /^[0-9a-f]{64}$/i;

/** Bits (one byte each, 0 or 1, row-major coefficient order) to Meta's hex text. */
export function bitsToHex(bits: Uint8Array): string {
  let out = '';
  for (let word = 15; word >= 0; word--) {
    let w = 0;
    for (let b = 0; b < 16; b++) w |= bits[word * 16 + b] << b;
    out += w.toString(16).padStart(4, '0');
  }
  return out;
}

/** Meta's hex text to bits (one byte each); throws `MediaHashInputError` for anything but 64 hex digits. */
export function hexToBits(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX.test(hex)) throw new MediaHashInputError('a PDQ hash is 64 hex digits');
  const bits = new Uint8Array(256);
  for (let word = 0; word < 16; word++) {
    const at = (15 - word) * 4;
    const w = parseInt(hex.slice(at, at + 4), 16);
    for (let b = 0; b < 16; b++) bits[word * 16 + b] = (w >>> b) & 1;
  }
  return bits;
}

const popcount32 = (v: number): number => {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** The number of bits in which two hashes differ, 0..256 (matching: ≤ 31). Hex in, any case. */
export function hammingDistance(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string' || !HEX.test(a) || !HEX.test(b))
    throw new MediaHashInputError('a PDQ hash is 64 hex digits');
  let distance = 0;
  for (let at = 0; at < PDQ_HEX_LENGTH; at += 8)
    distance += popcount32(parseInt(a.slice(at, at + 8), 16) ^ parseInt(b.slice(at, at + 8), 16));
  return distance;
}

/**
 * The eight variants of a hash when only the hash is known (the hub holds no pictures). A rotation or
 * mirror image moves the DCT coefficients (a transposition) and negates some of them; the bit of a
 * moved coefficient moves with it, and the bit of a negated one is inverted. That inversion is exact
 * only if the median of the coefficients were zero: it is close to zero, so the variants come within a
 * few bits of the hash of the turned picture (the tests measure how close on Meta's bridge pictures),
 * well inside the matching distance.
 */
export function dihedralOfHash(hash: string): Record<Dihedral, string> {
  const bits = hexToBits(hash);
  const out = {} as Record<Dihedral, string>;
  const moved = new Uint8Array(256);
  for (const dihedral of DIHEDRALS) {
    const { transpose, negate } = DIHEDRAL_DCT[dihedral];
    for (let i = 0; i < 16; i++)
      for (let j = 0; j < 16; j++) {
        const bit = bits[i * 16 + j];
        moved[transpose ? j * 16 + i : i * 16 + j] = negate(i, j) ? bit ^ 1 : bit;
      }
    out[dihedral] = bitsToHex(moved);
  }
  return out;
}
