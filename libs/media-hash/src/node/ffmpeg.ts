import { spawn, type ChildProcessByStdio } from 'node:child_process';
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

export interface DecodeOptions extends FfmpegPaths {
  /** Keep every `every`-th decoded frame (1 = all), counted from frame 0 as Meta's vPDQ counts them. */
  every: number;
  width: number;
  height: number;
  /** Decoder threads ffmpeg may use (0 = its choice). */
  threads?: number;
}

/**
 * Decodes a video with ffmpeg into raw RGB24 frames on a pipe, at the stream's own size (Meta hashes frames
 * at full size), keeping the decoded frames whose index is a multiple of `every`: ffmpeg's `select` counts
 * decoded frames exactly as Meta's decoder loop does, where an `fps` filter would pick by timestamp and
 * drift from the reference's frame numbers. Rotation metadata is not applied, as in Meta's vPDQ. Each
 * yielded frame is a buffer of its own, the caller's to keep or hand to another thread without a copy.
 */
export async function* decodeFrames(path: string, opts: DecodeOptions): AsyncGenerator<Uint8Array> {
  const { ffmpeg } = ffmpegPaths(opts);
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-noautorotate'];
  args.push('-threads', String(opts.threads ?? 0), '-i', path, '-map', '0:v:0');
  if (opts.every > 1) args.push('-vf', `select=not(mod(n\\,${opts.every}))`);
  args.push('-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24');
  args.push('-s', `${opts.width}x${opts.height}`, '-sws_flags', 'area', 'pipe:1');
  const child = await start(ffmpeg, args);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

  const frameBytes = opts.width * opts.height * 3;
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  try {
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
          frame = new Uint8Array(frameBytes);
        }
      }
    }
    const code = await exited;
    if (code !== 0) throw new VideoDecodeError(path, lastLine(stderr) || `ffmpeg exited with ${code}`);
  } finally {
    // Stopped early (an error while hashing, the consumer gave up): do not leave ffmpeg decoding.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function start(command: string, args: string[]): Promise<ChildProcessByStdio<null, Readable, Readable>> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('spawn', () => resolve(child));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new FfmpegMissingError(command) : error),
    );
  });
}

async function run(
  command: string,
  args: string[],
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = await start(command, args);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { stdout, stderr, code };
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
