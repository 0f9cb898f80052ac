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
  /** Frames a second, where the browser tells frame timestamps. */
  frameRate: number | null;
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

async function seek(video: HTMLVideoElement, seconds: number): Promise<void> {
  const seeked = once(video, 'seeked');
  video.currentTime = seconds;
  await seeked;
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await once(video, 'loadeddata');
}

/** A busy machine can present a frame late; a browser that presents none after a seek never will. */
const FRAME_SHOWN_MS = 3_000;

/**
 * Seeks and answers the timestamp of the frame the browser then presents (`requestVideoFrameCallback`),
 * the first one `fits` accepts: a frame presented late for an earlier seek is passed over. Null when the
 * browser tells no timestamps, or none came.
 */
async function seekFrameTime(
  video: HTMLVideoElement,
  seconds: number,
  fits: (mediaTime: number) => boolean,
): Promise<number | null> {
  if (!('requestVideoFrameCallback' in video)) return null;
  let settled = false;
  let timer = 0;
  const shown = new Promise<number | null>((resolve) => {
    const watch = () =>
      video.requestVideoFrameCallback((_now, metadata) => {
        if (settled) return;
        if (fits(metadata.mediaTime)) resolve(metadata.mediaTime);
        else watch();
      });
    watch();
    timer = window.setTimeout(() => resolve(null), FRAME_SHOWN_MS);
  });
  await seek(video, seconds);
  const time = await shown;
  settled = true;
  clearTimeout(timer);
  return time;
}

/** Common frame rates come as whole numbers or as NTSC's ×1000/1001: a measured rate snaps to them. */
function snapRate(measured: number): number {
  const whole = Math.round(measured);
  if (Math.abs(measured - whole) < 0.01 * whole) return whole;
  const ntsc = Math.round(measured * 1.001);
  if (Math.abs(measured * 1.001 - ntsc) < 0.01 * ntsc) return (ntsc * 1000) / 1001;
  return measured;
}

/**
 * The video's frame rate, from the timestamps of two neighbouring frames (the one shown at half a second
 * and the one before it), where the browser tells frame timestamps; null where it does not.
 */
async function frameRateOf(video: HTMLVideoElement, last: number): Promise<number | null> {
  // No frame lasts a quarter of a second in any video worth a rate (4 fps).
  const probe = Math.min(0.5, last);
  const later = await seekFrameTime(video, probe, (t) => t <= probe + 1e-3 && t > probe - 0.25);
  if (later === null || !(later > 0)) return null;
  const earlier = await seekFrameTime(video, later - 1e-4, (t) => t < later && t > later - 0.25);
  if (earlier === null) return null;
  const frames = Math.round(later / (later - earlier));
  return frames >= 1 ? snapRate(frames / later) : null;
}

/**
 * Hashes a video in the browser as Meta's vPDQ (and `npx hub hash`) does: every `secondsPerHash × frame
 * rate`-th frame (truncated), numbered by its place in the video from 0, its time that number over the
 * frame rate, hashed at the video's own size. Each frame is drawn by the page's own `<video>` element
 * (seeked, never played or attached) into an ImageBitmap that moves to a worker for PDQ. The file is read
 * by the browser's media pipeline only; nothing leaves the page. Where the browser does not tell frame
 * timestamps (no `requestVideoFrameCallback`), a frame every `secondsPerHash` seconds, numbered in order.
 */
export async function hashVideo(
  file: Blob,
  hasher: MediaHasher,
  opts: { secondsPerHash?: number; thumbnail?: number; onProgress?: (fraction: number) => void } = {},
): Promise<HashedVideo> {
  const step = opts.secondsPerHash ?? 1;
  if (!(step > 0)) throw new RangeError('secondsPerHash must be over 0 in the browser');
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
    const end = Number.isFinite(video.duration) ? video.duration : 1e9;
    // (Any frame but the first, which a browser may present on loading, before this seek.)
    const lastShown = await seekFrameTime(video, end, (t) => t > 0);
    const duration = video.duration;
    const last = Math.min(lastShown ?? duration, duration);
    if (!Number.isFinite(duration) || video.videoWidth === 0) throw new Error('the video has no picture');
    const rate = await frameRateOf(video, last);
    // Frame k×every at k×every/rate, as vPDQ; without the rate, one every `step` seconds.
    const every = rate ? Math.max(1, Math.trunc(step * rate)) : 1;
    const timeOf = (index: number) => (rate ? (index * every) / rate : index * step);
    const count = Math.min(MAX_VIDEO_FRAMES, Math.floor(last / timeOf(1) + 1e-6) + 1);
    const hashed: Promise<VideoFrameHash & { thumbnail?: Blob }>[] = [];
    let done = 0;
    for (let index = 0; index < count; index++) {
      await hasher.roomFor(hasher.size + AHEAD);
      const number = rate ? index * every : index;
      // With the rate, the middle of frame k×every is sought (clear of rounding at the frame's edges),
      // and drawn once the browser presents it: a busy page may still hold the previous frame at
      // 'seeked'. (Without frame timestamps, 'seeked' is all there is.)
      if (rate)
        await seekFrameTime(video, timeOf(index) + 0.5 / rate, (t) => Math.round(t * rate) === number);
      else await seek(video, timeOf(index));
      const seconds = timeOf(index);
      const bitmap = await createImageBitmap(video);
      const frame = hasher
        .hashBitmap(bitmap, { thumbnail: index === 0 ? (opts.thumbnail ?? 0) : 0, wholeFrame: true })
        .then((picture) => {
          opts.onProgress?.(++done / count);
          return {
            frame: number,
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
      frameRate: rate,
      thumbnail: all[0]?.thumbnail,
    };
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
