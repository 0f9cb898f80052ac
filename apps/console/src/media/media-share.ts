import type { ShareItemDto } from '@hub/contracts';
import type { VideoFrameHash } from './video-frames';

/** Below this quality PDQ matchers discard a hash (Meta's advice): the console warns. */
export const LOW_QUALITY = 50;

export type MediaKind = 'image' | 'video';

/** One chosen file as the share form shows it: never its bytes, only what was computed from them. */
export interface MediaEntry {
  key: number;
  name: string;
  kind: MediaKind | null;
  status: 'waiting' | 'hashing' | 'hashed' | 'failed';
  /** 0..1, for the progress bar (a video advances frame by frame). */
  progress: number;
  hash?: string;
  quality?: number;
  frames?: VideoFrameHash[];
  width?: number;
  height?: number;
  /** An object URL of a small preview made in the worker: it stays in this page. */
  thumbnailUrl?: string;
  error?: string;
  /** The hub's answer to this file's item in the last share: 201 shared, 200 known, 4xx refused. */
  shared?: { status: number; message?: string };
}

const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|gif|bmp|avif|tiff?)$/i;
const VIDEO_EXTENSIONS = /\.(mp4|m4v|webm|mov|mkv|ogv)$/i;

/** By the type the browser reports, or by the name when it reports none (some systems, some drops). */
export function mediaKindOf(file: { name: string; type: string }): MediaKind | null {
  if (file.type.startsWith('image/')) return 'image';
  if (file.type.startsWith('video/')) return 'video';
  if (file.type) return null;
  if (IMAGE_EXTENSIONS.test(file.name)) return 'image';
  if (VIDEO_EXTENSIONS.test(file.name)) return 'video';
  return null;
}

/** A video's quality as one figure: the mean of its frames'; and how many frames fall under the bar. */
export function videoQuality(frames: VideoFrameHash[]): { mean: number; low: number } {
  if (frames.length === 0) return { mean: 0, low: 0 };
  const sum = frames.reduce((n, f) => n + f.quality, 0);
  return { mean: Math.round(sum / frames.length), low: frames.filter((f) => f.quality < LOW_QUALITY).length };
}

/** The item a hashed file is shared as (without the channel): PDQ for a picture, vPDQ frames for a video. */
export function shareItemOf(entry: MediaEntry): Omit<ShareItemDto, 'channel'> | null {
  if (entry.status !== 'hashed') return null;
  if (entry.kind === 'image' && entry.hash)
    return { kind: 'hash', hash: { algorithm: 'pdq', value: entry.hash, quality: entry.quality } };
  if (entry.kind === 'video' && entry.frames?.length)
    return {
      kind: 'hash',
      hash: {
        algorithm: 'vpdq',
        frames: entry.frames.map(({ frame, quality, hash, seconds }) => ({ frame, quality, hash, seconds })),
      },
    };
  return null;
}

/**
 * The items in as few bulk requests as the hub's limits allow: normally one; more only when many long
 * videos (each ~110 bytes a frame) would carry a body over `maxBytes`, or there are over `maxItems`.
 * Each batch keeps the items' order, so answers map back by offset.
 */
export function shareBatches<T>(items: T[], limits: { maxBytes: number; maxItems: number }): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  // The body is `{"items":[...]}`: the envelope, then each item and its comma.
  const envelope = '{"items":[]}'.length;
  let bytes = envelope;
  for (const item of items) {
    const size = new TextEncoder().encode(JSON.stringify(item)).length + 1;
    if (batch.length > 0 && (bytes + size > limits.maxBytes || batch.length >= limits.maxItems)) {
      batches.push(batch);
      batch = [];
      bytes = envelope;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
