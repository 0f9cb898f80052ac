import type { MediaHasher } from './media-hasher';

/** One hashed frame, as vPDQ writes it (the share's `hash.frames`). */
export interface VideoFrameHash {
  frame: number;
  quality: number;
  hash: string;
  seconds: number;
}

export interface HashedVideo {
  frames: VideoFrameHash[];
  width: number;
  height: number;
  durationSeconds: number;
  thumbnail?: Blob;
}

/** A long video still ends: beyond this many frames the rest is not hashed (two hours at one per second). */
export const MAX_VIDEO_FRAMES = 7_200;

/** Frames drawn ahead of the workers: enough to keep them busy, few enough to bound memory (RGBA bitmaps). */
const AHEAD = 4;

function once(target: EventTarget, ok: string, failure = 'error'): Promise<Event> {
  return new Promise((resolve, reject) => {
    const done = (event: Event) => {
      target.removeEventListener(ok, done);
      target.removeEventListener(failure, fail);
      resolve(event);
    };
    const fail = () => {
      target.removeEventListener(ok, done);
      target.removeEventListener(failure, fail);
      reject(new Error('this browser cannot play the video'));
    };
    target.addEventListener(ok, done);
    target.addEventListener(failure, fail);
  });
}

/** A browser that presents a frame after a seek says so within this time, or never will. */
const FRAME_CALLBACK_MS = 250;

/**
 * Seeks and answers the time of the frame now shown: the frame's own timestamp where the browser tells
 * it (`requestVideoFrameCallback`), the time asked for otherwise. Past the last frame of the picture (the
 * sound may run longer) the timestamp stays at that frame's.
 */
async function seek(video: HTMLVideoElement, seconds: number): Promise<number> {
  let frameTime: number | undefined;
  let frameShown: () => void = () => undefined;
  const shown = new Promise<void>((resolve) => (frameShown = resolve));
  if ('requestVideoFrameCallback' in video)
    video.requestVideoFrameCallback((_now, metadata) => {
      frameTime = metadata.mediaTime;
      frameShown();
    });
  const seeked = once(video, 'seeked');
  video.currentTime = seconds;
  await seeked;
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await once(video, 'loadeddata');
  if ('requestVideoFrameCallback' in video && frameTime === undefined) {
    let timer = 0;
    await Promise.race([
      shown,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, FRAME_CALLBACK_MS))),
    ]);
    clearTimeout(timer);
  }
  return frameTime ?? video.currentTime;
}

/**
 * Hashes a video in the browser as vPDQ does: one frame every `secondsPerHash` seconds (frame numbers
 * count the hashed frames from 0, `seconds` is each frame's time), each frame drawn by the page's own
 * `<video>` element (seeked, never played or attached) into an ImageBitmap that moves to a worker for
 * PDQ. The file is read from the disk by the browser's media pipeline only; nothing leaves the page.
 */
export async function hashVideo(
  file: Blob,
  hasher: MediaHasher,
  opts: { secondsPerHash?: number; thumbnail?: number; onProgress?: (fraction: number) => void } = {},
): Promise<HashedVideo> {
  const step = opts.secondsPerHash ?? 1;
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  try {
    const loaded = once(video, 'loadedmetadata');
    video.src = url;
    await loaded;
    // The last frame's time: the picture may end before the sound (`duration` is the longer), and a
    // stream recorded without its length in the header (some WebM) learns it by seeking to the end.
    const last = await seek(video, Number.isFinite(video.duration) ? video.duration : 1e9);
    const duration = video.duration;
    if (!Number.isFinite(duration) || video.videoWidth === 0) throw new Error('the video has no picture');
    // As vPDQ: a frame at 0, step, 2 step... while such a frame exists (the last one's time included).
    const count = Math.min(MAX_VIDEO_FRAMES, Math.floor(Math.min(last, duration) / step + 1e-6) + 1);
    const hashed: Promise<VideoFrameHash & { thumbnail?: Blob }>[] = [];
    let done = 0;
    for (let index = 0; index < count; index++) {
      await hasher.roomFor(hasher.size + AHEAD);
      const seconds = await seek(video, index * step);
      const bitmap = await createImageBitmap(video);
      const frame = hasher.hashBitmap(bitmap, index === 0 ? (opts.thumbnail ?? 0) : 0).then((picture) => {
        opts.onProgress?.(++done / count);
        return {
          frame: index,
          quality: picture.quality,
          hash: picture.hash,
          seconds: Math.round(seconds * 1000) / 1000,
          thumbnail: picture.thumbnail,
        };
      });
      // A failure is reported once, by Promise.all below, not as an unhandled rejection meanwhile.
      frame.catch(() => undefined);
      hashed.push(frame);
    }
    const all = await Promise.all(hashed);
    return {
      frames: all.map(({ thumbnail: _t, ...frame }) => frame),
      width: video.videoWidth,
      height: video.videoHeight,
      durationSeconds: duration,
      thumbnail: all[0]?.thumbnail,
    };
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
