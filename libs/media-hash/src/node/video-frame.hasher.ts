import { pdqHash, type PdqResult } from '../pdq.hasher';
import { cropPixels, detectBorders, type Borders } from '../vpdq/borders';

export interface FrameJob {
  data: Uint8Array;
  width: number;
  height: number;
  cropBorders: boolean;
}

export interface FrameHashes {
  whole: PdqResult;
  /** With cropBorders: the hash inside the frame's uniform borders (the whole-frame hash when it has none). */
  inner?: PdqResult;
  borders?: Borders;
}

// Meta's vPDQ hashes the whole frame as decoded, without pdq-photo-hasher's squeeze to 512×512.
const FULL_FRAME = { squeezeLarge: false };

/** One RGB24 frame's PDQ hash, and with cropBorders the hash of the picture inside its uniform borders. */
export function hashFrame(job: FrameJob): FrameHashes {
  const pixels = { data: job.data, width: job.width, height: job.height, channels: 3 as const };
  const whole = pdqHash(pixels, FULL_FRAME);
  if (!job.cropBorders) return { whole };
  const borders = detectBorders(pixels);
  const none = borders.top === 0 && borders.bottom === 0 && borders.left === 0 && borders.right === 0;
  return { whole, borders, inner: none ? whole : pdqHash(cropPixels(pixels, borders), FULL_FRAME) };
}
