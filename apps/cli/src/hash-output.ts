import { DIHEDRALS, formatVpdqLines, type Dihedral, type VpdqFrame } from '@hub/media-hash';
import type { VideoHashes } from '@hub/media-hash/node';

export type HashedFile =
  | { path: string; kind: 'image'; hash: string; quality: number; dihedral?: Record<Dihedral, string> }
  | ({ path: string; kind: 'video' } & VideoHashes)
  | { path: string; error: string };

export const HASH_FORMATS = ['csv', 'te', 'json'] as const;
export type HashFormat = (typeof HASH_FORMATS)[number];

/** Whether a video's border-cropped hashes say anything its whole-frame hashes do not. */
export function hasBorders(file: Extract<HashedFile, { kind: 'video' }>): boolean {
  return !!file.cropped?.some((c, i) => c.hash !== file.frames[i].hash);
}

/**
 * One file's lines on stdout. csv is what Meta's tools print: `pdq-photo-hasher`'s `<hash>,<quality>,<path>`
 * (with --dihedral its eight lines, original first, in Meta's order), and vPDQ's frame lines after a
 * `# <path>` line; frames hashed inside uniform borders follow as a second block, `# <path> inside borders
 * top,bottom,left,right`, only when the video has borders. te is ThreatExchange's file lines: `pdq <hash>`,
 * and for a video `vpdq` with python-threatexchange's serialisation (a JSON list of `hash,quality,seconds`).
 * json is one object per line and file. A file that failed prints nothing here (its reason goes to stderr),
 * except in json, where it is an object with `error`.
 */
export function formatHashedFile(file: HashedFile, format: HashFormat): string {
  if (format === 'json') return `${JSON.stringify(file)}\n`;
  if ('error' in file) return '';
  if (file.kind === 'image') {
    const hashes = file.dihedral ? DIHEDRALS.map((d) => file.dihedral![d]) : [file.hash];
    if (format === 'te') return hashes.map((h) => `pdq ${h}\n`).join('');
    return hashes.map((h) => `${h},${file.quality},${file.path}\n`).join('');
  }
  if (format === 'te') {
    const line = (frames: VpdqFrame[]) =>
      `vpdq ${JSON.stringify(frames.map((f) => `${f.hash},${f.quality},${f.seconds.toFixed(3)}`))}\n`;
    return line(file.frames) + (hasBorders(file) ? line(file.cropped!) : '');
  }
  let out = `# ${file.path}\n${formatVpdqLines(file.frames)}`;
  if (hasBorders(file)) {
    const b = file.borders!;
    out += `# ${file.path} inside borders ${b.top},${b.bottom},${b.left},${b.right}\n${formatVpdqLines(file.cropped!)}`;
  }
  return out;
}
