import { HUB_OPTIONS } from '@hub/app';
import { createHash } from 'node:crypto';
import { pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';

/** How signals are written: their ids, their key, and fields holding the characters rows are sent with. */
describe('bank signal rows', () => {
  let t: TestHub;
  let as: Cast;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'bankrows' });
    as = await t.seed();
  });
  afterAll(() => t?.close());

  const newBank = async (name: string) => {
    const res = await as.coordinator.api.post('/banks', { name, visibility: 'members' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('keeps labels and references holding separator characters exactly, with time-ordered ids', async () => {
    const bankId = await newBank('Separators');
    const plain = pdqHash();
    const odd = pdqHash();
    const res = await as.coordinator.api.post(`/banks/${bankId}/signals`, {
      signals: [
        { algorithm: 'pdq', value: plain, label: 'plain', sourceRef: 'ref-1' },
        { algorithm: 'pdq', value: odd, label: 'unit\u001fsep', sourceRef: 'record\u001esep\ttab' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ added: 2, duplicates: 0 });
    const page = await as.coordinator.api.get(`/banks/${bankId}/signals`);
    const byValue = Object.fromEntries(page.body.items.map((s: any) => [s.value, s]));
    expect(byValue[plain]).toMatchObject({ label: 'plain', sourceRef: 'ref-1' });
    expect(byValue[odd]).toMatchObject({ label: 'unit\u001fsep', sourceRef: 'record\u001esep\ttab' });
    for (const s of page.body.items) expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    const { rows } = await t.db.sql.query(
      `SELECT quality, matchable, label, source_ref FROM bank_signals WHERE bank_id = $1 ORDER BY seq`,
      [bankId],
    );
    expect(rows).toEqual([
      { quality: null, matchable: true, label: 'plain', source_ref: 'ref-1' },
      { quality: null, matchable: true, label: 'unit\u001fsep', source_ref: 'record\u001esep\ttab' },
    ]);
  });

  it('imports quality, labels and references of a CSV, and holds a value once per bank and algorithm', async () => {
    const bankId = await newBank('Keys');
    const low = pdqHash();
    const csv = [
      'hash_digest,algorithm,file_type,id,quality',
      `${low},pdq,still,ngo-1,20`,
      `${'ab'.repeat(16)},md5,,,`,
      `${'AB'.repeat(16)},md5,,,`,
    ].join('\n');
    const res = await as.coordinator.api.request('POST', `/banks/${bankId}/import`, csv, {
      'content-type': 'text/csv',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ added: 2, duplicates: 1, rejectedCount: 0 });
    const { rows } = await t.db.sql.query(
      `SELECT algorithm, quality, matchable, label, source_ref FROM bank_signals WHERE bank_id = $1 ORDER BY seq`,
      [bankId],
    );
    expect(rows).toEqual([
      { algorithm: 'pdq', quality: 20, matchable: false, label: 'still', source_ref: 'ngo-1' },
      { algorithm: 'md5', quality: null, matchable: true, label: null, source_ref: null },
    ]);
    // The same digest under another algorithm, or in another bank, is another signal.
    const other = await newBank('Other');
    const again = await as.coordinator.api.post(`/banks/${other}/signals`, {
      signals: [{ algorithm: 'md5', value: 'ab'.repeat(16) }],
    });
    expect(again.body).toMatchObject({ added: 1, duplicates: 0 });
    const sha = await as.coordinator.api.post(`/banks/${bankId}/signals`, {
      signals: [
        { algorithm: 'sha256', value: 'ab'.repeat(32) },
        { algorithm: 'md5', value: 'ab'.repeat(16) },
      ],
    });
    expect(sha.body).toMatchObject({ added: 1, duplicates: 1 });
  });

  it('counts repeats that first come after batches of new signals, each signal written once', async () => {
    const bankId = await newBank('Batches');
    // Batches of 5,000: the first all new, the second new then repeats of the first, the third all repeats.
    const values = Array.from({ length: 8_000 }, (_, i) =>
      createHash('sha256').update(`batches ${i}`).digest('hex'),
    );
    const lines = [...values, ...values.slice(0, 4_000)].map((v) => `pdq ${v}`);
    const res = await as.coordinator.api.request('POST', `/banks/${bankId}/import`, lines.join('\n'), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ linesRead: 12_000, added: 8_000, duplicates: 4_000, rejectedCount: 0 });
    const { rows } = await t.db.sql.query(
      `SELECT count(*)::int AS n, count(DISTINCT value)::int AS values,
              (SELECT signal_count FROM banks WHERE id = $1)::int AS counted,
              (SELECT sum((data ->> 'added')::int) FROM bank_events
                WHERE bank_id = $1 AND type = 'bank.signals_added')::int AS logged
         FROM bank_signals WHERE bank_id = $1`,
      [bankId],
    );
    expect(rows[0]).toEqual({ n: 8_000, values: 8_000, counted: 8_000, logged: 8_000 });
  });
});
