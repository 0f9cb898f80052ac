import { decodeCursor, encodeCursor } from './taxii.cursor';
import { seqOfStixId, signalObject, signalStixId } from './taxii-bank.objects';
import { isoOfAdded, parseStixId, parseTaxiiFilter, parseTimestamp } from './taxii.query';

const BANK = '7b0f3f5e-2a44-4e0b-9d1e-5a1c2f3e4d5a';
const OTHER = '0e9d8c7b-6a59-4483-a2c1-b0a9f8e7d6c5';

describe('TAXII queries', () => {
  it('reads timestamps to the microsecond, cutting finer digits', () => {
    expect(parseTimestamp('added_after', '2026-03-01T10:02:00Z')).toBe('2026-03-01T10:02:00.000000Z');
    expect(parseTimestamp('added_after', '2026-03-01T10:02:00.5Z')).toBe('2026-03-01T10:02:00.500000Z');
    expect(parseTimestamp('added_after', '2026-03-01T10:02:00.1234567Z')).toBe('2026-03-01T10:02:00.123456Z');
  });

  it('writes a date added as the ISO text of the Date the database driver reads, microsecond by microsecond', () => {
    // The driver (postgres-date) reads `.ffffff` as 1000 * parseFloat('.ffffff') milliseconds of a Date.
    const differing: string[] = [];
    for (let micros = 0; micros < 1_000_000; micros += 3) {
      const fraction = String(micros).padStart(6, '0');
      const driver = new Date(Date.UTC(2026, 2, 1, 10, 2, 0, 1000 * parseFloat(`.${fraction}`)));
      if (isoOfAdded(`2026-03-01T10:02:00.${fraction}Z`) !== driver.toISOString()) differing.push(fraction);
    }
    expect(differing).toEqual([]);
  });

  it.each(['yesterday', '2026-02-30T00:00:00Z', '2026-03-01T10:02:00+01:00', '2026-03-01 10:02:00Z', ''])(
    'refuses the timestamp %j',
    (value) => expect(() => parseTimestamp('added_after', value)).toThrow(/added_after/),
  );

  it('defaults the limit and refuses 0, 10^9 and non-numbers by name', () => {
    expect(parseTaxiiFilter({}).limit).toBe(1000);
    for (const limit of ['0', '1000000000', '-1', '1.5', 'ten']) {
      expect(() => parseTaxiiFilter({ limit })).toThrow(/^limit/);
    }
  });

  it('takes comma-separated match filters, refusing unknown types and malformed ids', () => {
    expect(parseTaxiiFilter({ 'match[type]': 'indicator,report' }).types).toEqual(['indicator', 'report']);
    expect(() => parseTaxiiFilter({ 'match[type]': 'indicator,malwar' })).toThrow(/match\[type\]/);
    expect(() => parseTaxiiFilter({ 'match[id]': 'indicator--nope' })).toThrow(/match\[id\]/);
    expect(() => parseTaxiiFilter({ limit: ['1', '2'] })).toThrow(/limit: must be given once/);
    expect(parseStixId('indicator--4f1c6d2e-8a57-4b0e-9d3c-2b7e61a0c5f4')).toEqual({
      type: 'indicator',
      uuid: '4f1c6d2e-8a57-4b0e-9d3c-2b7e61a0c5f4',
    });
  });

  it('binds a next to its collection', () => {
    const next = encodeCursor({ collectionId: BANK, seq: 42 });
    expect(decodeCursor(next, BANK)).toEqual({ collectionId: BANK, seq: 42 });
    expect(() => decodeCursor(next, OTHER)).toThrow(/^next/);
    expect(() => decodeCursor('garbage', BANK)).toThrow(/^next/);
  });

  it('gives a bank signal a valid, stable indicator id that reads back into its seq, in that bank only', () => {
    const id = signalStixId(BANK, 9_007_199_254);
    expect(id).toMatch(/^indicator--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(signalStixId(BANK, 9_007_199_254)).toBe(id);
    expect(seqOfStixId(BANK, parseStixId(id)!.uuid)).toBe(9_007_199_254);
    expect(seqOfStixId(OTHER, parseStixId(id)!.uuid)).toBeUndefined();
    const object = signalObject(
      {
        id: OTHER,
        seq: 7,
        algorithm: 'url',
        value: "https://a.example/it's",
        label: null,
        createdAt: new Date(0),
        added: '',
      },
      { id: BANK, name: 'Known' },
    );
    expect(object.pattern).toBe("[url:value = 'https://a.example/it\\'s']");
  });
});
