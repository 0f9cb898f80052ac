import type { HashAlgorithm } from '@hub/contracts';
import { invalid } from '../core/errors';
import type { VpdqFrame } from '../items/vpdq.frames';
import { addShare, parsedImport, type ParsedImport } from './export.model';

/** python-threatexchange's signal type names (and the plain hash names) the hub holds. */
const HASH_SIGNALS: Record<string, HashAlgorithm> = {
  pdq: 'pdq',
  video_md5: 'md5',
  video_sha256: 'sha256',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
};

/** The signal types that say the item is a video (te.export.ts writes them for items marked so). */
const VIDEO_SIGNALS = new Set(['video_md5', 'video_sha256', 'vpdq']);

/**
 * The frames of python-threatexchange's vPDQ value, a JSON list of `<pdq hex>,<quality>,<seconds>`;
 * numbered in order (the format keeps no frame numbers). Checked in full by the share's validation.
 */
function vpdqFrames(value: string): VpdqFrame[] | string {
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    return 'a vpdq value is a JSON list of "<pdq hex>,<quality>,<seconds>"';
  }
  if (!Array.isArray(list) || list.some((f) => typeof f !== 'string' || f.split(',').length !== 3))
    return 'a vpdq value is a JSON list of "<pdq hex>,<quality>,<seconds>"';
  return (list as string[]).map((f, frame) => {
    const [hash, quality, seconds] = f.split(',');
    return { frame, hash: hash.trim(), quality: Number(quality), seconds: Number(seconds) };
  });
}

/**
 * ThreatExchange file lines, `<signal type> <value>`; other signal types (raw_text, trend_query) are
 * skipped, and `#` comment lines (what an export left out) are not signals.
 */
export function parseTeLines(body: unknown): ParsedImport {
  if (typeof body !== 'string') throw invalid('body', 'ThreatExchange lines are sent as text/plain');
  const out = parsedImport();
  body.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const at = `line ${index + 1}`;
    const space = line.indexOf(' ');
    if (space < 0) {
      out.unreadable.push({ at, reason: 'a line is "<signal type> <value>"' });
      return;
    }
    const type = line.slice(0, space).toLowerCase();
    const value = line.slice(space + 1).trim();
    const metadata = VIDEO_SIGNALS.has(type) ? { metadata: { contentType: 'video' as const } } : {};
    if (type === 'url') addShare(out, at, { kind: 'url', url: value });
    else if (HASH_SIGNALS[type])
      addShare(out, at, { kind: 'hash', hash: { algorithm: HASH_SIGNALS[type], value }, ...metadata });
    else if (type === 'vpdq') {
      const frames = vpdqFrames(value);
      if (typeof frames === 'string') out.unreadable.push({ at, reason: frames });
      else addShare(out, at, { kind: 'hash', hash: { algorithm: 'vpdq', frames }, ...metadata });
    } else out.skipped++;
  });
  // Text in which no line reads as a signal is not a ThreatExchange file (a JSON document sent as text...).
  if (!out.shares.length && !out.skipped && out.unreadable.length) {
    throw invalid('body', 'no line reads as "<signal type> <value>": not ThreatExchange lines');
  }
  return out;
}
