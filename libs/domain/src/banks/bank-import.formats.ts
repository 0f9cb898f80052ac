import { BANK_LIMITS, type BankAlgorithm } from '@hub/contracts';
import { StringDecoder } from 'node:string_decoder';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import type { ImportedShare, ParsedImport } from '../exports/export.model';
import { parseMispEvent } from '../exports/misp.import';
import { parseStixBundle } from '../exports/stix.import';
import { bankAlgorithm, type SignalInput } from './signal.parse';

export type BankImportFormat = 'te' | 'csv' | 'stix' | 'misp';

/** The format a body is read as, from its content type alone: the body is read once, as it streams. */
export function bankImportFormat(contentType: string | undefined): BankImportFormat | 'json' {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  switch (type) {
    case 'text/plain':
      return 'te';
    case 'text/csv':
      return 'csv';
    case 'application/stix+json':
      return 'stix';
    case 'application/json':
      return 'json';
    default:
      throw invalid(
        'content-type',
        `${type || 'none'} is not an import format: send text/plain (ThreatExchange lines), text/csv, ` +
          'application/stix+json (a STIX 2.1 bundle) or application/json (a MISP event)',
      );
  }
}

export interface NumberedLine {
  number: number;
  text: string;
  /** The line was longer than a line may be: only its start is kept. */
  truncated: boolean;
}

/**
 * The lines of a streamed body, numbered from 1, one chunk at a time: the body is never held whole, and the
 * stream is read only as fast as the consumer takes lines. A line past the length bound is cut, and said so.
 */
export async function* readLines(body: AsyncIterable<Buffer | string>): AsyncGenerator<NumberedLine> {
  for await (const lines of readLineChunks(body)) yield* lines;
}

/**
 * `readLines` a body chunk at a time: the lines each chunk ends (a million lines cost a few hundred steps
 * of the stream, not a million).
 */
export async function* readLineChunks(body: AsyncIterable<Buffer | string>): AsyncGenerator<NumberedLine[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let truncated = false;
  let number = 0;
  const take = (text: string): NumberedLine => {
    const line = { number: ++number, text: text.endsWith('\r') ? text.slice(0, -1) : text, truncated };
    truncated = false;
    return line;
  };
  for await (const chunk of body) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const lines: NumberedLine[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lines.push(take(pending + text.slice(start, nl)));
      pending = '';
      start = nl + 1;
    }
    pending += text.slice(start);
    if (pending.length > BANK_LIMITS.lineChars) {
      pending = pending.slice(0, BANK_LIMITS.lineChars);
      truncated = true;
    }
    if (lines.length > 0) yield lines;
  }
  pending += decoder.end();
  if (pending.length > 0) yield [take(pending)];
}

/** The total size of a streamed body, read whole up to `limit` bytes (a STIX bundle, a MISP event). */
export async function readWhole(body: AsyncIterable<Buffer | string>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (limit: number) =>
  new DomainError(
    ERROR_CODES.TOO_LARGE,
    `body: a JSON document is read whole and may be at most ${limit} bytes`,
  );

/** A line is skipped (blank, a comment, a signal type the hub does not hold) or gives a signal. */
export type LineReading = { skip: true } | { signal: SignalInput };

/**
 * A ThreatExchange signal file line: `<signal type> <value>` (`pdq <hash>`, `md5 <hash>`, `url <url>`), or a
 * bare value (with `,quality` after a PDQ hash, as Meta's hasher prints it) when the request names the type.
 */
/** ThreatExchange signal types that banks do not hold: skipped by name, not rejected. */
const UNHELD_TE_TYPES: ReadonlySet<string> = new Set([
  'raw_text',
  'trend_query',
  'video_tmk_pdqf',
  'tmk',
  'account',
  'hashtag',
]);

/**
 * What keeps a line from being stored: U+0000 (PostgreSQL text refuses it) or bytes that are not UTF-8
 * (decoded as U+FFFD). Undefined for a line that may be read.
 */
export function unreadableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'line: holds the character U+0000';
  if (text.includes('\ufffd')) return 'line: is not valid UTF-8';
  return undefined;
}

export function readTeLine(text: string, bare?: BankAlgorithm): LineReading {
  const line = text.trim();
  if (!line || line.startsWith('#')) return { skip: true };
  const parts = line.split(/\s+/);
  if (parts.length === 1) {
    if (!bare) {
      throw invalid('line', 'a line is "<signal type> <value>"; send ?algorithm= for files of bare hashes');
    }
    const [value, quality] = parts[0].split(',');
    return {
      signal: { algorithm: bare, value, quality: quality === undefined ? undefined : Number(quality) },
    };
  }
  const algorithm = bankAlgorithm(parts[0]);
  if (!algorithm) {
    // ThreatExchange's signal types the hub does not hold are skipped, as in the items import; any other
    // word (a typo such as `pqd`, text that is no signal file) is a rejected line, never silence.
    if (UNHELD_TE_TYPES.has(parts[0].toLowerCase())) return { skip: true };
    throw invalid('line', `${parts[0].slice(0, 40)} is not a signal type`);
  }
  if (parts.length > 2) throw invalid('line', 'a line is "<signal type> <value>", with no other words');
  return { signal: { algorithm, value: parts[1] } };
}

/** One CSV line's fields: quoted fields may hold commas and doubled quotes; a line is one record. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw invalid('line', 'a quoted field is not closed');
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (i < line.length && line[i] !== ',') throw invalid('line', 'text after a quoted field');
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end).trim());
      i = end + 1;
    }
  }
  return fields;
}

/** A hash-list CSV: the header names the columns (`hash_digest,algorithm,file_type,id`); `id` is kept as sourceRef. */
export class CsvSignalReader {
  private readonly hash: number;
  private readonly algorithm: number;
  private readonly sourceRef: number;
  private readonly label: number;
  private readonly quality: number;

  constructor(
    header: string,
    private readonly bare?: BankAlgorithm,
  ) {
    const names = csvFields(header.replace(/^\uFEFF/, '')).map((n) => n.trim().toLowerCase());
    const find = (...candidates: string[]) => names.findIndex((n) => candidates.includes(n));
    this.hash = find('hash_digest', 'hash', 'value', 'signal');
    this.algorithm = find('algorithm', 'hash_type', 'signal_type', 'type');
    this.sourceRef = find('id', 'source_ref', 'sourceref');
    this.label = find('label', 'file_type');
    this.quality = find('quality');
    if (this.hash < 0)
      throw invalid('header', 'the first line names the columns: hash_digest or hash is missing');
    if (this.algorithm < 0 && !bare) {
      throw invalid('header', 'the first line names an algorithm column, or the request sends ?algorithm=');
    }
  }

  read(text: string): LineReading {
    if (!text.trim()) return { skip: true };
    const fields = csvFields(text);
    const at = (i: number) => (i >= 0 ? fields[i] : undefined);
    const quality = at(this.quality);
    return {
      signal: {
        algorithm: at(this.algorithm) || this.bare,
        value: at(this.hash),
        quality: quality ? Number(quality) : undefined,
        label: at(this.label) || undefined,
        sourceRef: at(this.sourceRef) || undefined,
      },
    };
  }
}

/** A signal read from a JSON document, and where (`objects[3]`, `Event.Attribute[12]`). */
export interface PlacedSignal {
  at: string;
  signal?: SignalInput;
  reason?: string;
}

const HASHES_HELD = new Set(['pdq', 'md5', 'sha1', 'sha256']);

function placed(parsed: ParsedImport, label?: (at: string) => string | undefined): PlacedSignal[] {
  const out: PlacedSignal[] = parsed.unreadable.map(({ at, reason }) => ({ at, reason }));
  parsed.shares.forEach((share: ImportedShare, i) => {
    const at = parsed.sources[i];
    if (share.kind === 'url')
      out.push({ at, signal: { algorithm: 'url', value: share.url, label: label?.(at) } });
    else if (share.kind === 'hash' && HASHES_HELD.has(share.hash!.algorithm)) {
      out.push({ at, signal: { ...share.hash!, label: label?.(at) } });
    } else if (share.kind === 'hash') {
      out.push({ at, reason: `${share.hash!.algorithm} hashes are not held in banks` });
    }
  });
  return out;
}

/** The signals of a STIX 2.1 bundle's indicators (and url and file observables), their ids as sourceRef. */
export function stixSignals(document: unknown): PlacedSignal[] {
  const parsed = parseStixBundle(document);
  const objects =
    (document as { objects?: { id?: unknown; name?: unknown; type?: unknown }[] }).objects ?? [];
  if (!objects.some((o) => o?.type === 'indicator')) {
    throw invalid('body', 'the STIX bundle holds no indicator');
  }
  const signals = placed(parsed, (at) => text(objects[indexOf(at)]?.name));
  for (const s of signals) {
    const id = objects[indexOf(s.at)]?.id;
    if (s.signal && typeof id === 'string') s.signal.sourceRef = id.slice(0, BANK_LIMITS.sourceRef);
  }
  return signals;
}

/** The signals of a MISP event: md5/sha1/sha256/url attributes, PDQ as a `text` attribute tagged pdq. */
export function mispSignals(document: unknown): PlacedSignal[] {
  const signals = placed(parseMispEvent(document));
  const attributes = ((document as { Event: { Attribute?: unknown[] } }).Event.Attribute ?? []) as {
    uuid?: unknown;
    comment?: unknown;
  }[];
  for (const s of signals) {
    const m = /^Event\.Attribute\[(\d+)\]$/.exec(s.at);
    const attribute = m ? attributes[Number(m[1])] : undefined;
    if (s.signal && attribute) {
      s.signal.sourceRef = text(attribute.uuid);
      s.signal.label = text(attribute.comment);
    }
  }
  if (!signals.some((s) => s.signal)) {
    throw invalid('body', 'the MISP event holds no md5, sha1, sha256, url or pdq-tagged text attribute');
  }
  return signals;
}

const indexOf = (at: string): number => Number(/^objects\[(\d+)\]/.exec(at)?.[1] ?? -1);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v ? v.slice(0, BANK_LIMITS.label) : undefined;
