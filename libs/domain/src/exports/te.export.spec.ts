import { exportFixture } from '@hub/testing';
import { formatStoredVpdq } from '../items/vpdq.frames';
import type { ItemRecord } from '../incidents/incident.model';
import { toTeLines } from './te.export';
import { parseTeLines } from './te.import';

const { exportSource, HASHES } = exportFixture;

const FRAMES = [
  { frame: 0, quality: 100, hash: HASHES.pdq, seconds: 0 },
  { frame: 1, quality: 90, hash: HASHES.pdq.replace(/^f8/, '08'), seconds: 1 },
];

/** The fixture's items (a URL, PDQ, MD5, SHA-1, SHA-256 and an account), with a video's MD5, SHA-256 and vPDQ. */
function source() {
  const base = exportSource();
  const like = base.items[2];
  const video = (id: string, fields: Partial<ItemRecord>): ItemRecord => ({
    ...like,
    id,
    dedupKey: `key:${id}`,
    metadata: { contentType: 'video' },
    ...fields,
  });
  base.items.push(
    video('7d6e1c2a-1111-4000-8000-000000000007', {
      hashAlgorithm: 'md5',
      hashValue: HASHES.md5.replace(/^d4/, 'aa'),
    }),
    video('7d6e1c2a-1111-4000-8000-000000000008', { hashAlgorithm: 'sha256', hashValue: HASHES.sha256 }),
    video('7d6e1c2a-1111-4000-8000-000000000009', {
      hashAlgorithm: 'vpdq',
      hashValue: formatStoredVpdq(FRAMES),
    }),
    video('7d6e1c2a-1111-4000-8000-00000000000a', { hashAlgorithm: 'vpdq', hashValue: 'opaque-vpdq' }),
  );
  return base;
}

describe('ThreatExchange lines', () => {
  const text = toTeLines(source());

  it("writes python-threatexchange's signal type names, and says what it left out, a comment line per kind", () => {
    expect(text.split('\n')).toEqual([
      '# left out: 1 MD5 hashes of items not marked as video: ThreatExchange names only video MD5s (video_md5)',
      '# left out: 1 SHA-1 hashes: ThreatExchange has no SHA-1 signal type',
      '# left out: 1 SHA-256 hashes of items not marked as video: ThreatExchange names only video SHA-256s (video_sha256)',
      '# left out: 1 accounts: ThreatExchange has no account signal type',
      '# left out: 1 vPDQ hashes shared without their frames: ThreatExchange needs the frames',
      "url https://videoshare.example/v/it's",
      `pdq ${HASHES.pdq}`,
      `video_md5 aa${HASHES.md5.slice(2)}`,
      `video_sha256 ${HASHES.sha256}`,
      `vpdq ["${HASHES.pdq},100,0.000","08${HASHES.pdq.slice(2)},90,1.000"]`,
      '',
    ]);
  });

  it('reads them back: the comments are not signals, the video types mark the item a video', () => {
    const parsed = parseTeLines(`${text}raw_text some words\n\nlonely\nsha256 ${HASHES.sha256}\n`);
    expect(parsed.skipped).toBe(1);
    expect(parsed.unreadable).toEqual([{ at: 'line 13', reason: expect.any(String) }]);
    expect(parsed.sources).toEqual(['line 6', 'line 7', 'line 8', 'line 9', 'line 10', 'line 14']);
    const video = { metadata: { contentType: 'video' } };
    expect(parsed.shares).toEqual([
      { kind: 'url', url: "https://videoshare.example/v/it's" },
      { kind: 'hash', hash: { algorithm: 'pdq', value: HASHES.pdq } },
      { kind: 'hash', hash: { algorithm: 'md5', value: `aa${HASHES.md5.slice(2)}` }, ...video },
      { kind: 'hash', hash: { algorithm: 'sha256', value: HASHES.sha256 }, ...video },
      { kind: 'hash', hash: { algorithm: 'vpdq', frames: FRAMES }, ...video },
      { kind: 'hash', hash: { algorithm: 'sha256', value: HASHES.sha256 } },
    ]);
  });

  it('refuses text in which no line is a signal (JSON sent as text/plain)', () => {
    expect(() => parseTeLines('{"type":"bundle"}')).toThrow(/body: no line/);
    expect(() => parseTeLines({})).toThrow(/body/);
  });

  it('calls a vpdq value that is not its JSON list unreadable', () => {
    expect(parseTeLines(`vpdq nope\nvpdq ["a,b"]\npdq ${HASHES.pdq}\n`).unreadable).toEqual([
      { at: 'line 1', reason: expect.stringMatching(/JSON list/) },
      { at: 'line 2', reason: expect.stringMatching(/JSON list/) },
    ]);
  });
});
