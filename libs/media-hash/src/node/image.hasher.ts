import { pdqHash, pdqHashDihedral, type PdqResult } from '../pdq.hasher';
import type { Dihedral } from '../pixels';
import { decodeImageFile, type DecodeOptions } from './image.decoder';

/** A picture file's PDQ hash and quality, as `pdq-photo-hasher <path>` prints them. */
export async function hashImageFile(path: string, options: DecodeOptions = {}): Promise<PdqResult> {
  return pdqHash(await decodeImageFile(path, options));
}

/** The hashes of a picture file's eight rotations and mirror images (`pdq-photo-hasher --dihedral`). */
export async function hashImageFileDihedral(
  path: string,
  options: DecodeOptions = {},
): Promise<{ quality: number; hashes: Record<Dihedral, string> }> {
  return pdqHashDihedral(await decodeImageFile(path, options));
}
