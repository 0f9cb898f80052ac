import { HASH_TRANSFORMS, type HashTransform } from '@hub/contracts';
import { dihedralOfHash, type Dihedral } from '@hub/media-hash';

// The wire's names are the library's: this fails to compile if either list changes alone.
const sameNames: [HashTransform, Dihedral] extends [Dihedral, HashTransform] ? true : never = true;
void sameNames;

/** Each transform's undoing: a quarter turn one way is undone by a quarter turn the other; flips by themselves. */
const INVERSE: Record<HashTransform, HashTransform> = {
  original: 'original',
  rotate90: 'rotate270',
  rotate180: 'rotate180',
  rotate270: 'rotate90',
  flipX: 'flipX',
  flipY: 'flipY',
  flipPlus1: 'flipPlus1',
  flipMinus1: 'flipMinus1',
};

export const inverseTransform = (transform: HashTransform): HashTransform => INVERSE[transform];

/**
 * The 8 hashes of a picture's rotations and flips, derived from its PDQ hash alone (the hub never holds
 * the picture), the original first. Each is a fixed permutation and inversion of the bits, so distances
 * between variants equal distances between the pictures turned the same way.
 */
export function dihedralVariants(hex: string): { transform: HashTransform; hash: string }[] {
  const all = dihedralOfHash(hex);
  return HASH_TRANSFORMS.map((transform) => ({ transform, hash: all[transform] }));
}
