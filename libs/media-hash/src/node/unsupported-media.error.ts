/** Why a file could not be hashed; the CLI lists each file with its reason and still hashes the others. */
export type UnsupportedMediaReason =
  /** Missing, a folder, or not readable by this user. */
  | 'unreadable'
  /** Readable, but not a kind of picture hashed here (PDF, SVG, HEIC, text...). */
  | 'unsupported-format'
  /** A JPEG, PNG, WebP, GIF or TIFF by its first bytes, whose pixels do not decode (truncated, damaged). */
  | 'corrupt'
  /** Over the size limit (file bytes or pixels): refused before it can exhaust memory. */
  | 'too-large';

export class UnsupportedMediaError extends Error {
  readonly code = 'UNSUPPORTED_MEDIA';
  constructor(
    readonly path: string,
    readonly reason: UnsupportedMediaReason,
    /** What the decoder said, for the listing (`ENOENT`, `jpeg: VipsJpeg: premature end of input file`). */
    readonly detail: string,
  ) {
    super(`${path}: ${reason}: ${detail}`);
    this.name = 'UnsupportedMediaError';
  }
}
