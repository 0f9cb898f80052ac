import type { HashAlgorithm } from '@hub/contracts';
import { invalid } from '../core/errors';
import { addShare, parsedImport, type ParsedImport } from './export.model';

/** python-threatexchange's signal type names (and the plain hash names) the hub holds. */
const HASH_SIGNALS: Record<string, HashAlgorithm> = {
  pdq: 'pdq',
  video_md5: 'md5',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
};

/** ThreatExchange file lines, `<signal type> <value>`; other signal types (raw_text, trend_query) are skipped. */
export function parseTeLines(body: unknown): ParsedImport {
  if (typeof body !== 'string') throw invalid('body', 'ThreatExchange lines are sent as text/plain');
  const out = parsedImport();
  body.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const at = `line ${index + 1}`;
    const space = line.indexOf(' ');
    if (space < 0) {
      out.unreadable.push({ at, reason: 'a line is "<signal type> <value>"' });
      return;
    }
    const type = line.slice(0, space).toLowerCase();
    const value = line.slice(space + 1).trim();
    if (type === 'url') addShare(out, at, { kind: 'url', url: value });
    else if (HASH_SIGNALS[type])
      addShare(out, at, { kind: 'hash', hash: { algorithm: HASH_SIGNALS[type], value } });
    else out.skipped++;
  });
  // Text in which no line reads as a signal is not a ThreatExchange file (a JSON document sent as text...).
  if (!out.shares.length && !out.skipped && out.unreadable.length) {
    throw invalid('body', 'no line reads as "<signal type> <value>": not ThreatExchange lines');
  }
  return out;
}
