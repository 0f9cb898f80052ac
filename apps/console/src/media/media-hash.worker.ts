/**
 * The media hashing worker: decodes a chosen picture (or takes a video frame the page drew), reads its
 * RGBA pixels from an OffscreenCanvas and hashes them with PDQ, the same code the command line runs, so
 * the same pixels give the same bits. It runs off the page's thread so the console never freezes, and
 * it sends nothing anywhere: the answer goes back to the page only.
 */
import { pdqHash } from '@hub/media-hash';
import type { HashAnswer, HashJob, HashReply } from './media-hash.messages';

// The console's tsconfig carries the DOM library, not the worker one: the little of the worker scope used here.
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<HashJob>) => void) | null;
  postMessage(message: HashReply, transfer?: Transferable[]): void;
};

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

/** One canvas reused for every picture (resized as needed): creating one per picture costs more. */
function pixelsOf(bitmap: ImageBitmap) {
  const { width, height } = bitmap;
  if (!canvas || !context) {
    canvas = new OffscreenCanvas(width, height);
    context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('this browser gives workers no 2D canvas');
  } else if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  context.drawImage(bitmap, 0, 0);
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

async function hash(job: HashJob): Promise<HashAnswer> {
  let bitmap: ImageBitmap;
  if (job.kind === 'file') {
    try {
      // EXIF orientation honoured, as the command line's default; the pixels as stored, no colour management.
      bitmap = await createImageBitmap(job.file, {
        imageOrientation: 'from-image',
        premultiplyAlpha: 'none',
        colorSpaceConversion: 'none',
      });
    } catch {
      return { ok: false, message: 'this browser cannot decode the picture' };
    }
  } else bitmap = job.bitmap;
  try {
    const image = pixelsOf(bitmap);
    const { hash: value, quality } = pdqHash(
      { data: image.data, width: image.width, height: image.height, channels: 4 },
      { squeezeLarge: !(job.kind === 'bitmap' && job.wholeFrame) },
    );
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
