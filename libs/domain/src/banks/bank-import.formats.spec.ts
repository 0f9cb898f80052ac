import { DomainError } from '../core/errors';
import { bankImportFormat, csvFields, CsvSignalReader, readLines, readTeLine } from './bank-import.formats';
import { parseSignal } from './signal.parse';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const p of parts) yield p;
}

const collect = async (body: AsyncIterable<string | Buffer>) => {
  const out = [];
  for await (const line of readLines(body)) out.push(line);
  return out;
};

describe('readLines', () => {
  it('numbers lines across chunk boundaries, CRLF or LF, with a last line without a newline', async () => {
    const lines = await collect(chunks('pdq ab', 'cd\r\nmd5 ', 'x\n\nurl y'));
    expect(lines.map((l) => [l.number, l.text])).toEqual([
      [1, 'pdq abcd'],
      [2, 'md5 x'],
      [3, ''],
      [4, 'url y'],
    ]);
  });

  it('decodes a UTF-8 character split between chunks', async () => {
    const bytes = Buffer.from('url https://é.example/\n');
    const lines = await collect(chunks(bytes.subarray(0, 13), bytes.subarray(13)));
    expect(lines[0].text).toBe('url https://é.example/');
  });

  it('cuts a line past the bound and says so', async () => {
    const lines = await collect(chunks('x'.repeat(5_000), 'x'.repeat(5_000), '\nmd5 a'));
    expect(lines[0]).toMatchObject({ number: 1, truncated: true });
    expect(lines[0].text.length).toBeLessThanOrEqual(8_192);
    expect(lines[1]).toMatchObject({ number: 2, text: 'md5 a', truncated: false });
  });
});

describe('ThreatExchange lines', () => {
  it('reads typed lines, skips comments, blanks and signal types banks do not hold', () => {
    expect(readTeLine('pdq ABC')).toEqual({ signal: { algorithm: 'pdq', value: 'ABC' } });
    expect(readTeLine('video_md5 abc')).toEqual({ signal: { algorithm: 'md5', value: 'abc' } });
    expect(readTeLine('  # a comment')).toEqual({ skip: true });
    expect(readTeLine('')).toEqual({ skip: true });
    expect(readTeLine('raw_text some words here')).toEqual({ skip: true });
  });

  it('reads bare values only when the request names their type', () => {
    expect(() => readTeLine('abc')).toThrow(/algorithm=/);
    expect(readTeLine('abc,42', 'pdq')).toEqual({ signal: { algorithm: 'pdq', value: 'abc', quality: 42 } });
  });

  it('refuses extra words after a known type', () => {
    expect(() => readTeLine('pdq abc def')).toThrow(DomainError);
  });
});

describe('CSV', () => {
  it('splits quoted fields with commas and doubled quotes', () => {
    expect(csvFields('a,"b, c","d ""e""",')).toEqual(['a', 'b, c', 'd "e"', '']);
    expect(() => csvFields('"open')).toThrow(/not closed/);
  });

  it('finds the columns by the header, whatever their order', () => {
    const reader = new CsvSignalReader('\uFEFFid,Algorithm,hash_digest');
    expect(reader.read('n-1,MD5,abc')).toEqual({
      signal: { algorithm: 'MD5', value: 'abc', quality: undefined, label: undefined, sourceRef: 'n-1' },
    });
    expect(() => new CsvSignalReader('digest,algorithm')).toThrow(/hash_digest/);
    expect(() => new CsvSignalReader('hash')).toThrow(/algorithm/);
    expect(new CsvSignalReader('hash', 'sha256').read('ab')).toMatchObject({
      signal: { algorithm: 'sha256' },
    });
  });
});

describe('content types', () => {
  it('names the four formats and refuses others by the header', () => {
    expect(bankImportFormat('text/plain; charset=utf-8')).toBe('te');
    expect(bankImportFormat('text/csv')).toBe('csv');
    expect(bankImportFormat('application/stix+json;version=2.1')).toBe('stix');
    expect(bankImportFormat('application/json')).toBe('json');
    expect(() => bankImportFormat('application/pdf')).toThrow(/content-type/);
    expect(() => bankImportFormat(undefined)).toThrow(/none/);
  });
});

describe('parseSignal', () => {
  const pdq = 'A'.repeat(64);

  it('lower-cases hashes, canonicalises URLs and marks low-quality PDQ hashes unmatchable', () => {
    expect(parseSignal({ algorithm: 'pdq', value: pdq, quality: 49 })).toMatchObject({
      value: 'a'.repeat(64),
      quality: 49,
      matchable: false,
    });
    expect(parseSignal({ algorithm: 'pdq', value: pdq })).toMatchObject({ quality: null, matchable: true });
    expect(parseSignal({ algorithm: 'SHA-256', value: 'b'.repeat(64) })).toMatchObject({
      algorithm: 'sha256',
    });
    expect(parseSignal({ algorithm: 'url', value: 'https://EXAMPLE.com:443/a?utm_source=x#f' }).value).toBe(
      'https://example.com/a',
    );
  });

  it('names the field at fault', () => {
    expect(() => parseSignal({ algorithm: 'tmk', value: 'x' })).toThrow(/^algorithm/);
    expect(() => parseSignal({ algorithm: 'md5', value: 'xyz' })).toThrow(/^value: a md5 hash/);
    expect(() => parseSignal({ algorithm: 'pdq', value: pdq, quality: 101 })).toThrow(/^quality/);
    expect(() => parseSignal({ algorithm: 'md5', value: 'a'.repeat(32), quality: 5 })).toThrow(/^quality/);
    expect(() => parseSignal({ algorithm: 'url', value: 'not a url' })).toThrow(/^value/);
    expect(() => parseSignal({ algorithm: 'md5', value: 'a'.repeat(32), label: 'x'.repeat(501) })).toThrow(
      /^label/,
    );
  });
});
