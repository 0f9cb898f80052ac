/**
 * The media hashing worker: decodes a chosen picture (or takes a video frame the page drew), reads its
 * RGBA pixels from an OffscreenCanvas and hashes them with PDQ, the same code the command line runs, so
 * the same pixels give the same bits. It runs off the page's thread so the console never freezes, and
 * it sends nothing anywhere: the answer goes back to the page only.
 */
import { pdqHash } from '@hub/media-hash';
import { exifOrientation, HEADER_BYTES, storesGrey } from './image-header';
import type { HashAnswer, HashJob, HashReply } from './media-hash.messages';

// The console's tsconfig carries the DOM library, not the worker one: the little of the worker scope used here.
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<HashJob>) => void) | null;
  postMessage(message: HashReply, transfer?: Transferable[]): void;
};

/** As the command line: a picture file over this size is refused, not decoded; over these pixels, not hashed. */
const MAX_IMAGE_BYTES = 200 * 1024 * 1024;
const MAX_IMAGE_PIXELS = 100_000_000;

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

/**
 * How to draw a picture the browser turned upright by its EXIF orientation (2..8) so the canvas holds
 * the pixels as stored: the inverse turn, as a canvas transform of the upright picture (w × h).
 */
function storedTransform(
  orientation: number,
  w: number,
  h: number,
): [number, number, number, number, number, number] {
  switch (orientation) {
    case 2:
      return [-1, 0, 0, 1, w, 0]; // mirrored left to right
    case 3:
      return [-1, 0, 0, -1, w, h]; // turned half a turn
    case 4:
      return [1, 0, 0, -1, 0, h]; // mirrored top to bottom
    case 5:
      return [0, 1, 1, 0, 0, 0]; // transposed
    case 6:
      return [0, -1, 1, 0, 0, w]; // shown turned a quarter clockwise: turn it back
    case 7:
      return [0, -1, -1, 0, h, w]; // transversed
    case 8:
      return [0, 1, -1, 0, h, 0]; // shown turned a quarter anticlockwise: turn it back
    default:
      return [1, 0, 0, 1, 0, 0];
  }
}

/** One canvas reused for every picture (resized as needed): creating one per picture costs more. */
function pixelsOf(bitmap: ImageBitmap, orientation = 1) {
  const across = orientation >= 5 && orientation <= 8;
  const width = across ? bitmap.height : bitmap.width;
  const height = across ? bitmap.width : bitmap.height;
  if (!canvas || !context) {
    canvas = new OffscreenCanvas(width, height);
    context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('this browser gives workers no 2D canvas');
  } else if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  if (orientation === 1) context.drawImage(bitmap, 0, 0);
  else {
    // Quarter turns and mirrors map pixel centres onto pixel centres: no smoothing, the same values.
    context.imageSmoothingEnabled = false;
    context.setTransform(...storedTransform(orientation, bitmap.width, bitmap.height));
    context.drawImage(bitmap, 0, 0);
    context.setTransform(1, 0, 0, 1, 0, 0);
  }
  return context.getImageData(0, 0, width, height, { colorSpace: 'srgb' });
}

async function thumbnailOf(bitmap: ImageBitmap, size: number): Promise<Blob> {
  const scale = Math.min(1, size / Math.max(bitmap.width, bitmap.height));
  const small = new OffscreenCanvas(
    Math.max(1, Math.round(bitmap.width * scale)),
    Math.max(1, Math.round(bitmap.height * scale)),
  );
  const ctx = small.getContext('2d');
  if (!ctx) throw new Error('this browser gives workers no 2D canvas');
  // A preview 64 pixels across on screen: the fastest smoothing is enough.
  ctx.imageSmoothingQuality = 'low';
  ctx.drawImage(bitmap, 0, 0, small.width, small.height);
  return small.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

/** The grey values of RGBA pixels whose three channels are equal (a grey file, decoded to RGBA). */
function greyOf(rgba: Uint8ClampedArray): Uint8Array {
  const grey = new Uint8Array(rgba.length / 4);
  for (let i = 0, j = 0; j < grey.length; i += 4, j++) grey[j] = rgba[i]!;
  return grey;
}

async function hash(job: HashJob): Promise<HashAnswer> {
  let bitmap: ImageBitmap;
  let grey = false;
  let orientation = 1;
  if (job.kind === 'file') {
    if (job.file.size > MAX_IMAGE_BYTES)
      return { ok: false, message: `over ${MAX_IMAGE_BYTES / 1024 / 1024} MB, too large a picture` };
    try {
      // Decoded upright (the preview shows it so), without colour management; the pixels are hashed as
      // stored, as the command line's default and Meta's reference do (a turned copy still matches
      // through the dihedral hashes).
      bitmap = await createImageBitmap(job.file, {
        imageOrientation: 'from-image',
        premultiplyAlpha: 'none',
        colorSpaceConversion: 'none',
      });
      const head = new Uint8Array(await job.file.slice(0, HEADER_BYTES).arrayBuffer());
      grey = storesGrey(head);
      orientation = exifOrientation(head);
    } catch {
      return { ok: false, message: 'this browser cannot decode the picture' };
    }
  } else bitmap = job.bitmap;
  if (bitmap.width * bitmap.height > MAX_IMAGE_PIXELS) {
    bitmap.close();
    return { ok: false, message: `over ${MAX_IMAGE_PIXELS / 1e6} megapixels, too large a picture` };
  }
  try {
    const image = pixelsOf(bitmap, orientation);
    const { width, height } = image;
    const pixels = grey
      ? { data: greyOf(image.data), width, height, channels: 1 as const }
      : { data: image.data, width, height, channels: 4 as const };
    const { hash: value, quality } = pdqHash(pixels, {
      squeezeLarge: !(job.kind === 'bitmap' && job.wholeFrame),
    });
    const thumbnail = job.thumbnail > 0 ? await thumbnailOf(bitmap, job.thumbnail) : undefined;
    return { ok: true, hash: value, quality, width: image.width, height: image.height, thumbnail };
  } finally {
    bitmap.close();
  }
}

scope.onmessage = (event) => {
  const job = event.data;
  hash(job).then(
    (answer) => scope.postMessage({ id: job.id, ...answer }),
    (error: unknown) =>
      scope.postMessage({ id: job.id, ok: false, message: (error as Error)?.message ?? String(error) }),
  );
};
