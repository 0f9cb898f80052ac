import type { VpdqFrame } from './vpdq-frame';

/** A line of a vPDQ hash file that is not `<frame>,<quality>,<hash>,<seconds>`. */
export class VpdqLineError extends Error {
  readonly code = 'VPDQ_LINE_INVALID';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`vPDQ line ${line}: ${reason}`);
    this.name = 'VpdqLineError';
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Meta's vPDQ output: `<frame>,<quality>,<hash>,<seconds>` a line, seconds with 3 decimals. */
export function formatVpdqLines(frames: readonly VpdqFrame[]): string {
  let out = '';
  for (const f of frames) out += `${f.frame},${f.quality},${f.hash},${f.seconds.toFixed(3)}\n`;
  return out;
}

/**
 * Reads what formatVpdqLines writes (and Meta's `vpdq-hash-video` files). Blank lines and `#` comment
 * lines are skipped, so the blocks `npx hub hash` prints for several videos read back one at a time.
 */
export function parseVpdqLines(text: string): VpdqFrame[] {
  const frames: VpdqFrame[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(',');
    if (parts.length !== 4)
      throw new VpdqLineError(i + 1, `expected 4 comma-separated fields, got ${parts.length}`);
    const [frameText, qualityText, hashText, secondsText] = parts.map((p) => p.trim());
    const frame = Number(frameText);
    if (!/^\d+$/.test(frameText) || !Number.isSafeInteger(frame))
      throw new VpdqLineError(i + 1, `frame number "${frameText}" is not a whole number`);
    const quality = Number(qualityText);
    if (!/^\d+$/.test(qualityText) || quality > 100)
      throw new VpdqLineError(i + 1, `quality "${qualityText}" is not 0..100`);
    const hash = hashText.toLowerCase();
    if (!HEX64.test(hash)) throw new VpdqLineError(i + 1, 'hash is not 64 hex digits');
    const seconds = Number(secondsText);
    if (secondsText === '' || !Number.isFinite(seconds) || seconds < 0)
      throw new VpdqLineError(i + 1, `seconds "${secondsText}" is not a non-negative number`);
    frames.push({ frame, quality, hash, seconds });
  }
  return frames;
}
