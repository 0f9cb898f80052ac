import type { Borders, VpdqFrame } from '../vpdq';
import { decodeFrames, probeVideo, type FfmpegPaths } from './ffmpeg';
import type { FrameHashes } from './video-frame.hasher';
import { VideoFramePool } from './video-frame.pool';

export interface HashVideoOptions extends FfmpegPaths {
  /** One hash per this many seconds (default 1, as Meta's vPDQ); 0 hashes every frame. */
  secondsPerHash?: number;
  /** Also hash each frame inside its uniform borders, into `cropped` (default false). */
  cropBorders?: boolean;
  /** ffmpeg's decoder threads (default 0: ffmpeg chooses). */
  threads?: number;
  /**
   * Hashing threads (default: one per core, at most 4, when at least one frame in ten is hashed; the calling
   * thread when fewer are, as at one a second). 1 hashes on the calling thread.
   */
  hashThreads?: number;
  /**
   * How frames come from ffmpeg (default: `files` when not every frame is hashed, where hashing on the
   * calling thread would otherwise hold ffmpeg up on a full pipe; `pipe` for every frame).
   */
  through?: 'pipe' | 'files';
  /** Called after each hashed frame with the frame's time, for a progress bar. */
  onFrame?: (seconds: number) => void;
}

export interface VideoHashes {
  /** Meta's vPDQ of the whole frames: comparable with any other vPDQ implementation. */
  frames: VpdqFrame[];
  /**
   * With cropBorders: the same frames hashed inside their uniform borders (letterbox, pillarbox), so a copy
   * that added or removed bars still matches. A frame without borders has its whole-frame hash here too.
   */
  cropped?: VpdqFrame[];
  /** With cropBorders: the borders found on most frames (all 0 when none). */
  borders?: Borders;
  width: number;
  height: number;
  frameRate: number;
}

/** From one hashed frame in this many decoded ones, frames are hashed on the calling thread by default. */
const SPARSE_EVERY = 10;

/**
 * vPDQ of a video file as Meta computes it: ffmpeg decodes, every `secondsPerHash × frame rate`-th frame
 * (truncated, at least 1) is hashed with PDQ at the video's own size, numbered from 0 in decoding order,
 * its time that number over the average frame rate (in 32-bit floats, as the reference).
 */
export async function hashVideoFile(path: string, opts: HashVideoOptions = {}): Promise<VideoHashes> {
  const secondsPerHash = opts.secondsPerHash ?? 1;
  if (!(secondsPerHash >= 0) || !Number.isFinite(secondsPerHash))
    throw new RangeError('secondsPerHash must be a number of seconds, 0 or more');
  // ffmpeg starts beside the probe (each process takes 0.1 to 0.2 s to start) and learns its frames from it.
  const probed = probeVideo(path, opts);
  const everyOf = (frameRate: number) => Math.max(1, Math.trunc(secondsPerHash * frameRate));
  // At one hash per ten decoded frames or fewer, hashing is a small part of the decode's time: worker
  // threads, each started and compiling PDQ afresh, cost more CPU than they overlap (the 60 s 720p clip at
  // one frame a second: 1.5 to 2.2 s of the hub's CPU on one or two threads, 0.9 to 1.3 s on this one).
  const threadsFor = (every: number) => opts.hashThreads ?? (every >= SPARSE_EVERY ? 1 : undefined);
  const plan = probed.then(({ width, height, frameRate }) => {
    const every = everyOf(frameRate);
    // Hashed on this thread, a frame is done with before the next is read: one buffer serves them all.
    return { every, width, height, reuse: threadsFor(every) === 1 };
  });
  // Frames hashed sparsely come through files, which ffmpeg never waits on; every frame, on its pipe.
  const through = opts.through ?? (secondsPerHash > 0 ? 'files' : 'pipe');
  const decoded = decodeFrames(path, plan, { ...opts, through });
  const { width, height, frameRate } = await probed;
  const every = everyOf(frameRate);
  const rate32 = Math.fround(frameRate);
  const cropBorders = !!opts.cropBorders;

  const frames: VpdqFrame[] = [];
  const cropped: VpdqFrame[] = [];
  const bordersSeen = new Map<string, { borders: Borders; count: number }>();
  const record = (index: number, hashes: FrameHashes) => {
    const frame = index * every;
    const seconds = Math.fround(Math.fround(frame) / rate32);
    frames.push({ frame, quality: hashes.whole.quality, hash: hashes.whole.hash, seconds });
    if (hashes.inner && hashes.borders) {
      cropped.push({ frame, quality: hashes.inner.quality, hash: hashes.inner.hash, seconds });
      const b = hashes.borders;
      const key = `${b.top},${b.bottom},${b.left},${b.right}`;
      const seen = bordersSeen.get(key) ?? { borders: b, count: 0 };
      seen.count++;
      bordersSeen.set(key, seen);
    }
    opts.onFrame?.(seconds);
  };

  const pool = new VideoFramePool(threadsFor(every));
  // Frames in flight, in decoding order: results are recorded in that order whichever thread ends first.
  const inFlight: Promise<FrameHashes>[] = [];
  let recorded = 0;
  try {
    for await (const data of decoded) {
      // Each frame is its own buffer, handed (transferred) to a hashing thread without a copy, unless the
      // frames are hashed here and share one.
      const hashed = pool.hash({ data, width, height, cropBorders });
      // Awaited below in order; should decoding fail first, a later rejection must not go unhandled.
      hashed.catch(() => undefined);
      inFlight.push(hashed);
      if (inFlight.length >= pool.capacity) record(recorded++, await inFlight.shift()!);
    }
    while (inFlight.length > 0) record(recorded++, await inFlight.shift()!);
  } finally {
    await pool.close();
  }

  const result: VideoHashes = { frames, width, height, frameRate };
  if (cropBorders) {
    result.cropped = cropped;
    const common = [...bordersSeen.values()].sort((a, b) => b.count - a.count)[0];
    result.borders = common?.borders ?? { top: 0, bottom: 0, left: 0, right: 0 };
  }
  return result;
}
