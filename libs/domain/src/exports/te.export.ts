import type { ItemRecord } from '../incidents/incident.model';
import { parseStoredVpdq } from '../items/vpdq.frames';
import type { ExportSource } from './export.model';

/*
 * The file exchange python-threatexchange and HMA read (LocalFileSignalExchangeAPI): one signal a line,
 * `<signal type> <value>`, the type being python-threatexchange's name of its signal type
 * (`SignalType.get_name()`): `url` (URLSignal), `pdq` (PdqSignal), `video_md5` (VideoMD5Signal),
 * `video_sha256` (VideoSHA256Signal) and `vpdq` (the vPDQ extension's VPDQSignal, a JSON list of
 * `<pdq hex>,<quality>,<seconds>`, as `hub hash --format te` writes it). Its MD5 and SHA-256 types are of
 * videos only, and it has none for SHA-1, the hub's TMK or accounts: what has no type is left out, and a
 * `#` comment line per kind says how many and why, so nobody takes the file for the whole incident.
 */
export const TE_SIGNAL_TYPES = {
  url: 'url',
  pdq: 'pdq',
  videoMd5: 'video_md5',
  videoSha256: 'video_sha256',
  vpdq: 'vpdq',
} as const;

/** A kind of item ThreatExchange files cannot carry, and why (the text of its comment line). */
const LEFT_OUT = {
  account: 'accounts: ThreatExchange has no account signal type',
  md5: 'MD5 hashes of items not marked as video: ThreatExchange names only video MD5s (video_md5)',
  sha256:
    'SHA-256 hashes of items not marked as video: ThreatExchange names only video SHA-256s (video_sha256)',
  sha1: 'SHA-1 hashes: ThreatExchange has no SHA-1 signal type',
  tmk: "TMK hashes: ThreatExchange's video_tmk_pdqf is another format",
  vpdq: 'vPDQ hashes shared without their frames: ThreatExchange needs the frames',
} as const;
type LeftOut = keyof typeof LEFT_OUT;

/** The line of one item, or the kind it is left out as. */
function teLine(item: ItemRecord): string | { leftOut: LeftOut } | null {
  if (item.kind === 'url') return item.url ? `${TE_SIGNAL_TYPES.url} ${item.url}` : null;
  if (item.kind === 'account') return { leftOut: 'account' };
  const value = item.hashValue;
  if (!value) return null;
  // A livestream's recording is a video file too.
  const video = item.metadata?.contentType === 'video' || item.metadata?.contentType === 'livestream';
  switch (item.hashAlgorithm) {
    case 'pdq':
      return `${TE_SIGNAL_TYPES.pdq} ${value}`;
    case 'md5':
      return video ? `${TE_SIGNAL_TYPES.videoMd5} ${value}` : { leftOut: 'md5' };
    case 'sha256':
      return video ? `${TE_SIGNAL_TYPES.videoSha256} ${value}` : { leftOut: 'sha256' };
    case 'vpdq': {
      const frames = parseStoredVpdq(value);
      if (!frames) return { leftOut: 'vpdq' };
      const compact = frames.map((f) => `${f.hash},${f.quality},${f.seconds.toFixed(3)}`);
      return `${TE_SIGNAL_TYPES.vpdq} ${JSON.stringify(compact)}`;
    }
    case 'sha1':
    case 'tmk':
      return { leftOut: item.hashAlgorithm };
    default:
      return null;
  }
}

export function toTeLines({ items }: ExportSource): string {
  const lines: string[] = [];
  const leftOut = new Map<LeftOut, number>();
  for (const item of items) {
    const line = teLine(item);
    if (typeof line === 'string') lines.push(line);
    else if (line) leftOut.set(line.leftOut, (leftOut.get(line.leftOut) ?? 0) + 1);
  }
  // First, where a reader looks before trusting the file to be the whole incident.
  const comments = [...leftOut].map(([kind, n]) => `# left out: ${n} ${LEFT_OUT[kind]}`);
  const all = [...comments, ...lines];
  return all.length ? `${all.join('\n')}\n` : '';
}
