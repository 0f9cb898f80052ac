import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, watch } from 'node:fs';
import { open, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** ffmpeg (or ffprobe) is not on PATH: videos cannot be hashed until Debian's `ffmpeg` package is installed. */
export class FfmpegMissingError extends Error {
  readonly code = 'FFMPEG_MISSING';
  constructor(command = 'ffmpeg') {
    super(
      `${command} was not found on PATH: videos are hashed with ffmpeg; install it (Debian: apt-get install ffmpeg) or set FFMPEG_PATH`,
    );
    this.name = 'FfmpegMissingError';
  }
}

/** ffmpeg could not read the file as a video (not a video, damaged, no video stream). */
export class VideoDecodeError extends Error {
  readonly code = 'VIDEO_UNREADABLE';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'VideoDecodeError';
  }
}

export interface VideoStreamInfo {
  width: number;
  height: number;
  /** The stream's average frame rate, falling back to its real base rate, as Meta's vPDQ reads it. */
  frameRate: number;
}

export interface FfmpegPaths {
  ffmpeg?: string;
  ffprobe?: string;
}

export function ffmpegPaths(paths: FfmpegPaths = {}): Required<FfmpegPaths> {
  return {
    ffmpeg: paths.ffmpeg || process.env.FFMPEG_PATH || 'ffmpeg',
    ffprobe: paths.ffprobe || process.env.FFPROBE_PATH || 'ffprobe',
  };
}

/** Reads the first video stream's size and frame rate with ffprobe. */
export async function probeVideo(path: string, paths: FfmpegPaths = {}): Promise<VideoStreamInfo> {
  const { ffprobe } = ffmpegPaths(paths);
  const args = ['-v', 'error', '-select_streams', 'v:0'];
  args.push('-show_entries', 'stream=width,height,avg_frame_rate,r_frame_rate', '-of', 'json', '--', path);
  const { stdout, stderr, code } = await run(ffprobe, args);
  if (code !== 0) throw new VideoDecodeError(path, lastLine(stderr) || `ffprobe exited with ${code}`);
  const stream = (JSON.parse(stdout || '{}') as { streams?: Record<string, unknown>[] }).streams?.[0];
  if (!stream) throw new VideoDecodeError(path, 'no video stream');
  const width = Number(stream.width);
  const height = Number(stream.height);
  if (!(width > 0 && height > 0)) throw new VideoDecodeError(path, 'the video stream has no size');
  const frameRate = rate(stream.avg_frame_rate) || rate(stream.r_frame_rate);
  if (!frameRate) throw new VideoDecodeError(path, 'the video stream has no frame rate');
  return { width, height, frameRate };
}

/** Which frames to keep and their size, known once the video has been probed. */
export interface FramePlan {
  /** Keep every `every`-th decoded frame (1 = all), counted from frame 0 as Meta's vPDQ counts them. */
  every: number;
  width: number;
  height: number;
  /**
   * Each frame is read into the same buffer, overwritten by the next: for a caller done with a frame
   * before it asks for the next (hashing on its own thread), which saves zeroing a new buffer each frame.
   */
  reuse?: boolean;
}

export interface DecodeOptions extends FfmpegPaths {
  /** Decoder threads ffmpeg may use (0 = its choice). */
  threads?: number;
  /**
   * How the frames come from ffmpeg: `pipe` (default) on its standard output, or `files`, each a file of its
   * own in a private directory in memory. On a pipe, ffmpeg's one thread that filters and writes waits
   * whenever the pipe's 64 KB are full, which is whenever the reader is busy hashing; a file is never full,
   * so the hashing overlaps the decoding instead of holding it up. What waits is bounded: past
   * `spoolBytes` of unread frames ffmpeg is paused (SIGSTOP) until the reader has read half of them.
   */
  through?: 'pipe' | 'files';
  /** Through files: how many bytes of unread frames may wait (default 64 MiB, at least two frames). */
  spoolBytes?: number;
}

/**
 * Decodes a video with ffmpeg into raw RGB24 frames (which ones: `decodeArgs`). ffmpeg starts at once,
 * before `plan` is known: starting it takes as long as ffprobe's whole run, so it opens the video while the
 * caller probes it, and is told which frames to keep (its filter, on its standard input) when `plan`
 * resolves; should `plan` fail, ffmpeg is stopped. Once it resolves, read the frames to the end or break
 * out of the loop, which stops ffmpeg. Unless `reuse`, each yielded frame is a buffer of its own, the
 * caller's to keep or hand to another thread without a copy.
 */
export function decodeFrames(
  path: string,
  plan: FramePlan | Promise<FramePlan>,
  opts: DecodeOptions = {},
): AsyncGenerator<Uint8Array> {
  const planned = Promise.resolve(plan);
  const spool = opts.through === 'files' ? spoolDirectory() : undefined;
  const dir = spool ? mkdtempSync(join(spool, `crisis-hub-frames-${process.pid}-`)) : undefined;
  // newest: the highest frame seen renamed into place; blind once the watcher lost track (an event
  // without a name), after which every frame is looked for rather than waited for.
  const state = { next: 0, newest: -1, waiting: Infinity, paused: false, changed: true, blind: false };
  let wake: (() => void) | undefined;
  const notice = () => {
    state.changed = true;
    wake?.();
  };
  // Watched before ffmpeg starts, so that no frame's appearance goes unseen. Only a whole frame renamed
  // into place wakes the reader: ffmpeg's writes into the frame's temporary file (dozens a frame) do not.
  const watcher = dir
    ? watch(dir, (_event, name) => {
        if (name === null) state.blind = true;
        const written = /^(\d+)\.rgb$/.exec(String(name ?? ''));
        if (!written && !state.blind) return;
        if (written) state.newest = Math.max(state.newest, Number(written[1]));
        if (!state.paused && state.newest - state.next >= state.waiting && child.kill('SIGSTOP'))
          state.paused = true;
        notice();
      })
    : undefined;
  watcher?.on('error', () => {
    state.blind = true;
    notice();
  });

  const { ffmpeg } = ffmpegPaths(opts);
  // Through files: the image sequence muxer, each frame renamed into place once whole, numbered from 0.
  const output = dir
    ? [...'-f image2 -atomic_writing 1 -start_number 0 -c:v rawvideo'.split(' '), join(dir, '%08d.rgb')]
    : ['-f', 'rawvideo', 'pipe:1'];
  const child = spawn(ffmpeg, [...decodeArgs(path, opts), ...output], { stdio: ['pipe', 'pipe', 'pipe'] });
  const spawned = started(child, ffmpeg);
  spawned.catch(() => undefined); // thrown to the reader
  const stderr = tail(child.stderr);
  let exit: { code: number | null } | undefined;
  const closed = new Promise<void>((resolve) =>
    child.on('close', (code) => {
      exit = { code };
      notice();
      resolve();
    }),
  );
  const stop = async () => {
    watcher?.close();
    // A paused ffmpeg takes SIGKILL too; its directory goes once it can write no more.
    if (!exit && child.kill('SIGKILL')) await closed;
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  child.stdin.on('error', () => undefined); // ffmpeg gone before reading its filter: its exit says why
  planned.then(
    ({ every, width, height }) => {
      // The bound holds from ffmpeg's first frame: it is set before ffmpeg learns which frames to keep.
      const frameBytes = width * height * 3;
      state.waiting = Math.max(2, Math.floor((opts.spoolBytes ?? 64 * 1024 * 1024) / frameBytes));
      child.stdin.end(every > 1 ? `select=not(mod(n\\,${every}))` : 'null');
    },
    () => void stop(),
  );

  const failed = () => new VideoDecodeError(path, lastLine(stderr()) || `ffmpeg exited with ${exit?.code}`);

  async function* fromPipe(frameBytes: number, reuse: boolean): AsyncGenerator<Uint8Array> {
    let frame = new Uint8Array(frameBytes);
    let filled = 0;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(frameBytes - filled, chunk.length - at);
        frame.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === frameBytes) {
          filled = 0;
          yield frame;
          if (!reuse) frame = new Uint8Array(frameBytes);
        }
      }
    }
    await closed;
    if (exit?.code !== 0) throw failed();
  }

  async function* fromFiles(dir: string, frameBytes: number, reuse: boolean): AsyncGenerator<Uint8Array> {
    child.stdout.resume();
    const shared = reuse ? new Uint8Array(frameBytes) : undefined;
    for (;;) {
      state.changed = false;
      const ended = exit; // seen before the read: ffmpeg renamed every frame into place before it exited
      // A frame not yet seen is not looked for: each miss cost an open that fails, once a frame.
      const due = state.newest >= state.next || state.blind || ended;
      const file = join(dir, `${String(state.next).padStart(8, '0')}.rgb`);
      const frame = due ? await readFrame(file, shared ?? new Uint8Array(frameBytes), path) : null;
      if (frame) {
        state.next++;
        if (state.paused && state.newest - state.next < state.waiting / 2 && child.kill('SIGCONT'))
          state.paused = false;
        yield frame;
      } else if (ended) {
        if (ended.code !== 0) throw failed();
        return;
      } else if (!state.changed) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
  }

  return (async function* frames(): AsyncGenerator<Uint8Array> {
    try {
      await spawned;
      const { width, height, reuse = false } = await planned;
      const frameBytes = width * height * 3;
      yield* dir ? fromFiles(dir, frameBytes, reuse) : fromPipe(frameBytes, reuse);
    } finally {
      await stop();
    }
  })();
}

/** A whole frame file read into `frame` and deleted; null while ffmpeg has not written it. */
async function readFrame(file: string, frame: Uint8Array, video: string): Promise<Uint8Array | null> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!handle) return null;
  try {
    let filled = 0;
    while (filled < frame.length) {
      const { bytesRead } = await handle.read(frame, filled, frame.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled !== frame.length || (await handle.stat()).size !== frame.length)
      throw new VideoDecodeError(video, `a decoded frame has ${filled} bytes, not ${frame.length}`);
    return frame;
  } finally {
    await handle.close();
    await unlink(file);
  }
}

let spoolRoot: string | null | undefined;

/** Where frame files go: `/dev/shm` (memory) where it is writable, else the system's temporary directory. */
function spoolDirectory(): string | undefined {
  if (spoolRoot === undefined) {
    spoolRoot = null;
    for (const dir of ['/dev/shm', tmpdir()]) {
      try {
        accessSync(dir, constants.W_OK);
        spoolRoot = dir;
        break;
      } catch {
        // the next one
      }
    }
  }
  return spoolRoot ?? undefined;
}

/**
 * ffmpeg's arguments up to the output: frames at the stream's own size (Meta hashes frames at full size) as
 * RGB24, through the filter read from standard input: a `select` that keeps the decoded frames whose index
 * is a multiple of `every`, counting decoded frames exactly as Meta's decoder loop does, where an `fps`
 * filter would pick by timestamp and drift from the reference's frame numbers. Rotation metadata is not
 * applied, as in Meta's vPDQ.
 */
function decodeArgs(path: string, opts: DecodeOptions): string[] {
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-noautorotate'];
  args.push('-threads', String(opts.threads ?? 0), '-i', path, '-map', '0:v:0');
  args.push(
    '-filter_script:v',
    'pipe:0',
    '-fps_mode',
    'passthrough',
    '-pix_fmt',
    'rgb24',
    '-sws_flags',
    'area',
  );
  return args;
}

/** The last 4,000 characters a child wrote to standard error. */
function tail(stream: Readable): () => string {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text = (text + chunk).slice(-4000)));
  return () => text;
}

/** Resolves once the child runs; a command not on PATH is an `FfmpegMissingError`. */
function started(child: ChildProcess, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new FfmpegMissingError(command) : error),
    );
  });
}

async function run(
  command: string,
  args: string[],
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await started(child, command);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  const stderr = tail(child.stderr);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { stdout, stderr: stderr(), code };
}

function rate(value: unknown): number {
  const [num, den] = String(value ?? '')
    .split('/')
    .map(Number);
  return num > 0 && den > 0 ? num / den : 0;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? '';
}
