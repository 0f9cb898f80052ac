/** What the console's page and its hashing workers say to each other (structured clones, no bytes copied). */

/**
 * One picture to hash: a chosen file (decoded in the worker) or a video frame (drawn by the page).
 * `wholeFrame`: hash at full size, as vPDQ does, without the photo hasher's squeeze to 512×512 first.
 */
export type HashJob =
  | { id: number; kind: 'file'; file: Blob; thumbnail: number }
  | { id: number; kind: 'bitmap'; bitmap: ImageBitmap; thumbnail: number; wholeFrame: boolean };

export interface HashedPicture {
  hash: string;
  quality: number;
  width: number;
  height: number;
  /** A small JPEG of the picture, at most `thumbnail` pixels on its longer side; absent when 0 was asked. */
  thumbnail?: Blob;
}

export type HashAnswer = ({ ok: true } & HashedPicture) | { ok: false; message: string };

export type HashReply = { id: number } & HashAnswer;
