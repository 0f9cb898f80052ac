import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { Pixels } from '../pixels';
import { UnsupportedMediaError } from './unsupported-media.error';

/** The picture formats hashed here, recognised by their first bytes (never by the file's name). */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff';

/** A phone photo is a few MB; a 200 MB "picture" is a mistake or an attack. */
export const MAX_IMAGE_BYTES = 200 * 1024 * 1024;
/** sharp's own ceiling (0x3FFF²): a 200-megapixel phone photo is hashed, a header claiming more is refused. */
export const MAX_IMAGE_PIXELS = 0x3fff * 0x3fff;
/**
 * Above this a picture is decoded at a half, a quarter... of its size (JPEG shrink-on-load; other formats
 * streamed and sampled), so one picture holds at most ~120 MB of pixels whatever its size. The hash
 * squeezes it to 512×512 anyway: on the bridge pictures, half size moves the hash 0 to 4 bits.
 */
export const SHRINK_ABOVE_PIXELS = 40_000_000;

export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  const at = (offset: number, ...bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  return null;
}

export interface DecodeOptions {
  /**
   * EXIF orientation. Default 'ignore': the pixels as stored, which is what Meta's `pdq-photo-hasher`
   * hashes (its ImageMagick decoding does not turn the picture), so our hashes equal the reference's and
   * other hashers'. A photo and its turned copy still match through the dihedral variants either way.
   * 'honour' turns the picture upright first, as a viewer shows it.
   */
  orientation?: 'honour' | 'ignore';
}

/**
 * A picture file's pixels (first frame of a GIF, first page of a TIFF), 8 bits per channel, alpha
 * dropped: grey stays one channel (as the reference takes it), colour is three. Throws
 * `UnsupportedMediaError` with a reason for anything else.
 */
export async function decodeImageFile(path: string, options: DecodeOptions = {}): Promise<Pixels> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UnsupportedMediaError(path, 'unreadable', 'not a file');
    if (info.size > MAX_IMAGE_BYTES)
      throw new UnsupportedMediaError(path, 'too-large', `${info.size} bytes, over ${MAX_IMAGE_BYTES}`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UnsupportedMediaError) throw error;
    throw new UnsupportedMediaError(
      path,
      'unreadable',
      (error as NodeJS.ErrnoException).code ?? String(error),
    );
  }
  return decodeImageBytes(bytes, path, options);
}

/** As `decodeImageFile`, for bytes already in memory; `name` only labels errors. */
export async function decodeImageBytes(
  bytes: Uint8Array,
  name: string,
  options: DecodeOptions = {},
): Promise<Pixels> {
  const format = sniffImageFormat(bytes.subarray(0, 16));
  if (!format)
    throw new UnsupportedMediaError(name, 'unsupported-format', 'not a JPEG, PNG, WebP, GIF or TIFF');
  try {
    // 'error': a truncated or damaged file is refused, a harmless warning (odd EXIF, trailing bytes) is not.
    // `ignoreIcc`: the stored values, not converted through an embedded colour profile to sRGB, as the
    // reference and most other PDQ hashers read them (a Display P3 phone photo hashes as they hash it).
    let image = sharp(bytes, {
      failOn: 'error',
      limitInputPixels: MAX_IMAGE_PIXELS,
      pages: 1,
      ignoreIcc: true,
    });
    // sharp hands grey out as three equal channels; the reference takes grey as one (its luma is the
    // value itself, not 0.299 g + 0.587 g + 0.114 g in floats, which can differ in the last bit).
    const metadata = await image.metadata();
    const { channels, hasAlpha } = metadata;
    if ((channels ?? 3) - (hasAlpha ? 1 : 0) === 1) image = image.toColourspace('b-w');
    if (options.orientation === 'honour') image = image.autoOrient();
    const { width, height } = options.orientation === 'honour' ? metadata.autoOrient : metadata;
    if (width * height > SHRINK_ABOVE_PIXELS) {
      const factor = 2 ** Math.ceil(Math.log2(Math.sqrt((width * height) / SHRINK_ABOVE_PIXELS)));
      image = image.resize({
        width: Math.ceil(width / factor),
        height: Math.ceil(height / factor),
        fit: 'fill',
        kernel: 'nearest',
      });
    }
    const { data, info } = await image
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1 && info.channels !== 3)
      throw new UnsupportedMediaError(name, 'unsupported-format', `${info.channels} colour channels`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      channels: info.channels,
    };
  } catch (error) {
    if (error instanceof UnsupportedMediaError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const reason = /pixel limit/i.test(message) ? 'too-large' : 'corrupt';
    throw new UnsupportedMediaError(name, reason, `${format}: ${message.split('\n')[0]}`);
  }
}
