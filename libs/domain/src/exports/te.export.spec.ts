import { exportFixture } from '@hub/testing';
import { toTeLines } from './te.export';
import { parseTeLines } from './te.import';

const { exportSource, HASHES } = exportFixture;

describe('ThreatExchange lines', () => {
  it('writes the signal types python-threatexchange reads: pdq, video_md5 and url', () => {
    expect(toTeLines(exportSource())).toBe(
      `url https://videoshare.example/v/it's\npdq ${HASHES.pdq}\nvideo_md5 ${HASHES.md5}\n`,
    );
  });

  it('reads them back, skips other signal types and reports lines without a type', () => {
    const parsed = parseTeLines(
      `${toTeLines(exportSource())}raw_text some words\n\nlonely\nsha256 ${HASHES.sha256}\n`,
    );
    expect(parsed.skipped).toBe(1);
    expect(parsed.unreadable).toEqual([{ at: 'line 6', reason: expect.any(String) }]);
    expect(parsed.sources).toEqual(['line 1', 'line 2', 'line 3', 'line 7']);
    expect(parsed.shares).toEqual([
      { kind: 'url', url: "https://videoshare.example/v/it's" },
      { kind: 'hash', hash: { algorithm: 'pdq', value: HASHES.pdq } },
      { kind: 'hash', hash: { algorithm: 'md5', value: HASHES.md5 } },
      { kind: 'hash', hash: { algorithm: 'sha256', value: HASHES.sha256 } },
    ]);
  });

  it('refuses text in which no line is a signal (JSON sent as text/plain)', () => {
    expect(() => parseTeLines('{"type":"bundle"}')).toThrow(/body: no line/);
    expect(() => parseTeLines({})).toThrow(/body/);
  });
});
