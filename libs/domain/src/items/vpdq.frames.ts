import { createHash } from 'node:crypto';
import { LIMITS, type VpdqFrameView } from '@hub/contracts';
import { formatVpdqLines, parseVpdqLines } from '@hub/media-hash';
import { invalid } from '../core/errors';

/** One hashed frame of a video: Meta's vPDQ `<frame>,<quality>,<hash>,<seconds>`. */
export type VpdqFrame = VpdqFrameView;

const PDQ_HEX = /^[0-9a-f]{64}$/;
const MAX_FRAME_NUMBER = 100_000_000;
const MAX_FRAME_SECONDS = 1_000_000;

/**
 * A video's frames in one canonical order and form: sorted by frame number, hashes lower-cased, seconds to
 * the millisecond (as Meta's vPDQ prints them). The same video hashed twice gives the same frames, so two
 * shares of it meet on the same text. The edge has checked the shape already; this checks what it cannot
 * (a frame number twice) and what a caller past the edge might send.
 */
export function canonicalVpdqFrames(frames: unknown, field = 'hash.frames'): VpdqFrame[] {
  if (!Array.isArray(frames) || frames.length === 0 || frames.length > LIMITS.vpdqFrames) {
    throw invalid(field, `must be a list of 1 to ${LIMITS.vpdqFrames} frames`);
  }
  const out = frames.map((raw: unknown, i): VpdqFrame => {
    const f = (raw ?? {}) as Partial<Record<keyof VpdqFrame, unknown>>;
    const at = `${field}.${i}`;
    if (!isIntIn(f.frame, 0, MAX_FRAME_NUMBER)) throw invalid(`${at}.frame`, 'must be a frame number');
    if (!isIntIn(f.quality, 0, 100)) throw invalid(`${at}.quality`, 'must be an integer from 0 to 100');
    const hash = typeof f.hash === 'string' ? f.hash.toLowerCase() : '';
    if (!PDQ_HEX.test(hash)) throw invalid(`${at}.hash`, 'must be a PDQ hash of 64 hexadecimal digits');
    const seconds = f.seconds;
    if (typeof seconds !== 'number' || !(seconds >= 0 && seconds <= MAX_FRAME_SECONDS)) {
      throw invalid(`${at}.seconds`, `must be a number of seconds from 0 to ${MAX_FRAME_SECONDS}`);
    }
    return { frame: f.frame, quality: f.quality, hash, seconds: Math.round(seconds * 1000) / 1000 };
  });
  out.sort((a, b) => a.frame - b.frame);
  for (let i = 1; i < out.length; i++) {
    if (out[i].frame === out[i - 1].frame) {
      throw invalid(field, `frame ${out[i].frame} appears more than once`);
    }
  }
  return out;
}

const isIntIn = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/**
 * How frames are kept in the item's `hash_value`: Meta's vPDQ lines, each ended by a newline. An opaque
 * vPDQ value never holds whitespace, so the newline also tells the two apart.
 */
export const formatStoredVpdq = (frames: VpdqFrame[]): string => formatVpdqLines(frames);

/** The frames of a stored vPDQ value; null for an opaque value (shared before frames were accepted). */
export function parseStoredVpdq(text: string | null | undefined): VpdqFrame[] | null {
  return text && text.includes('\n') ? parseVpdqLines(text) : null;
}

/** The dedup key of a video's frames: a digest, since the unique index cannot hold megabytes of text. */
export function vpdqDedupKey(stored: string): string {
  return `vpdq:sha256:${createHash('sha256').update(stored).digest('hex')}`;
}

/**
 * A hash's value in one line, for reports and labels: a video's frames (thousands of lines) by their count
 * and the digest the item is known by; any other value as it is.
 */
export function hashValueInOneLine(algorithm: string | null, value: string | null): string | null {
  const frames = algorithm === 'vpdq' ? parseStoredVpdq(value) : null;
  if (!frames) return value;
  return `${frames.length} frames, sha256:${vpdqDedupKey(value!).split(':')[2]}`;
}

/**
 * A hash as the `item.shared` event tells it. A video's frames stay out of the event (the log is read by
 * every room and can hold thousands of them): the event names how many there are and the digest the
 * item is known by; the item itself answers the frames.
 */
export function sharedHashData(
  algorithm: string,
  value: string | null,
  quality: number | null,
): Record<string, unknown> {
  const frames = algorithm === 'vpdq' ? parseStoredVpdq(value) : null;
  if (!frames) return { algorithm, value, quality };
  return { algorithm, frameCount: frames.length, digest: vpdqDedupKey(value!).split(':')[2], quality };
}
