import { VPDQ_DISTANCE_THRESHOLD, VPDQ_QUALITY_THRESHOLD, type VpdqFrame } from './vpdq-frame';

export interface VpdqMatchResult {
  /** Share (0..100) of the query's distinct good frames that have a match among the compared video's. */
  queryMatchPercent: number;
  /** Share (0..100) of the compared video's distinct good frames that have a match among the query's. */
  comparedMatchPercent: number;
}

/**
 * Matches two videos as Meta's vPDQ defines it (python-threatexchange's brute matcher): each side keeps
 * its frames of quality >= 50 whose hash it has not seen already (a still scene repeats the same hash, and
 * counting it once keeps a long static shot from outweighing the rest), and a frame matches when some frame
 * of the other side is within distance 31. A side left with no frame matches 0 %, as Meta's C++ answers,
 * rather than dividing by zero.
 */
export function vpdqMatch(
  query: readonly VpdqFrame[],
  compared: readonly VpdqFrame[],
  opts: { distance?: number; quality?: number } = {},
): VpdqMatchResult {
  const distance = opts.distance ?? VPDQ_DISTANCE_THRESHOLD;
  const quality = opts.quality ?? VPDQ_QUALITY_THRESHOLD;
  const q = packFrames(query, quality);
  const c = packFrames(compared, quality);
  const qCount = q.length / 8;
  const cCount = c.length / 8;
  if (qCount === 0 || cCount === 0) return { queryMatchPercent: 0, comparedMatchPercent: 0 };
  return {
    queryMatchPercent: (countMatched(q, c, distance) * 100) / qCount,
    comparedMatchPercent: (countMatched(c, q, distance) * 100) / cCount,
  };
}

/** Distinct hashes of good frames as 8 32-bit words each: the quadratic loop then compares words, not text. */
function packFrames(frames: readonly VpdqFrame[], quality: number): Uint32Array {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const f of frames) {
    // Dedupe before filtering, as Meta does: the first frame seen with a hash decides.
    const hash = f.hash.toLowerCase();
    if (seen.has(hash)) continue;
    seen.add(hash);
    if (f.quality >= quality) kept.push(hash);
  }
  const words = new Uint32Array(kept.length * 8);
  kept.forEach((hash, i) => {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new RangeError(`vPDQ frame hash is not 64 hex digits: ${hash}`);
    for (let w = 0; w < 8; w++) words[i * 8 + w] = parseInt(hash.slice(w * 8, w * 8 + 8), 16) >>> 0;
  });
  return words;
}

function countMatched(from: Uint32Array, to: Uint32Array, distance: number): number {
  let matched = 0;
  for (let i = 0; i < from.length; i += 8) {
    for (let j = 0; j < to.length; j += 8) {
      let d = 0;
      for (let w = 0; w < 8 && d <= distance; w++) d += popcount32(from[i + w] ^ to[j + w]);
      if (d <= distance) {
        matched++;
        break;
      }
    }
  }
  return matched;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
