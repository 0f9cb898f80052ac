/**
 * Decoded pixels as every decoder here hands them over: row-major, channels interleaved. 1 = grey,
 * 3 = RGB, 4 = RGBA (alpha ignored, as Meta's reference ignores it).
 */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/** The eight rotations and mirror images of a picture, named as Meta's reference names them. */
export type Dihedral =
  'original' | 'rotate90' | 'rotate180' | 'rotate270' | 'flipX' | 'flipY' | 'flipPlus1' | 'flipMinus1';

export const DIHEDRALS: readonly Dihedral[] = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
];

/** Pixels whose shape does not add up, or a hash that is not 64 hex digits: a caller's mistake. */
export class MediaHashInputError extends Error {
  readonly code = 'MEDIA_HASH_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'MediaHashInputError';
  }
}

/** Hashing a 100,000-pixel-wide strip is a mistake or an attack: refuse it rather than allocate gigabytes. */
export const MAX_PIXEL_DIMENSION = 65_535;

export function assertPixels(pixels: Pixels): void {
  const { width, height, channels, data } = pixels;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_PIXEL_DIMENSION)
      throw new MediaHashInputError(
        `${name} must be an integer from 1 to ${MAX_PIXEL_DIMENSION}, not ${value}`,
      );
  }
  if (channels !== 1 && channels !== 3 && channels !== 4)
    throw new MediaHashInputError(`channels must be 1, 3 or 4, not ${channels}`);
  if (!data || data.length < width * height * channels)
    throw new MediaHashInputError(
      `data holds ${data?.length ?? 0} bytes, ${width}×${height}×${channels} needs ${width * height * channels}`,
    );
}
