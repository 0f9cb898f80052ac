import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/**
 * Defects of issue #24 in the banks: a share just after an import was checked against the older index and
 * never again; bank URLs were compared as strings; imports dropped unreadable lines in silence.
 */
describe('hash banks: shares, URLs and imports that no longer slip through', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;

  const newBank = async (name: string) => {
    const res = await as.coordinator.api.post('/banks', { name, visibility: 'members' });
    expect(res.status).toBe(201);
    return res.body;
  };
  const share = async (item: object, who = 'be') => {
    const res = await as[who].api.post(`/incidents/${incident.id}/items`, { ...item, channel: 'alert' });
    expect(res.status).toBe(201);
    return res.body.item;
  };
  const hitsOf = (itemId: string, timeoutMs = 20_000) =>
    waitFor(
      async () =>
        (await as.coordinator.api.get(`/incidents/${incident.id}/events?limit=500`)).body.items.filter(
          (e: any) => e.type === 'item.bank_matched' && e.data.itemId === itemId,
        ),
      (hits: any[]) => hits.length > 0,
      { what: `item.bank_matched for ${itemId}`, timeoutMs },
    );
  const importFile = (bankId: string, body: string | Buffer, contentType = 'text/plain') =>
    fetch(`${t.url}/api/v1/banks/${bankId}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as.coordinator.token}`, 'content-type': contentType },
      body,
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'bankdefects' });
    as = await t.seed();
    incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
  });
  afterAll(() => t?.close());

  it('checks a share made right after an import against the signals the import added', async () => {
    const bank = await newBank('Just imported');
    const hash = pdqHash();
    const imported = await importFile(bank.id, `pdq ${hash}\n`);
    expect(imported.body).toMatchObject({ added: 1 });
    // Shared at once, well within the index's refresh interval (5 s).
    const item = await share({ kind: 'hash', hash: { algorithm: 'pdq', value: hash, quality: 90 } });
    // However long a busy machine takes: the check that finds it must be the share's own (below).
    const [hit] = await hitsOf(item.id, 30_000);
    expect(hit.data).toMatchObject({ bankId: bank.id, distance: 0 });
    // Found by the share's own check, not by the later pass over open incidents.
    expect(hit.data.triggeredBy).not.toMatch(/^bank-signals:/);
  });

  it('takes a signal added later back over the items of open incidents (a late hit, within 60 s)', async () => {
    const hash = pdqHash();
    const md5 = 'b1946ac92492d2347c6235b4d2611184';
    const picture = await share({ kind: 'hash', hash: { algorithm: 'pdq', value: hash, quality: 90 } });
    const file = await share({ kind: 'hash', hash: { algorithm: 'md5', value: md5 } });
    const bank = await newBank('Added later');
    const added = await as.coordinator.api.post(`/banks/${bank.id}/signals`, {
      signals: [
        { algorithm: 'pdq', value: hash, label: 'late still' },
        { algorithm: 'md5', value: md5 },
      ],
    });
    expect(added.body.added).toBe(2);
    const [late] = await hitsOf(picture.id, 60_000);
    expect(late.data).toMatchObject({ bankId: bank.id, label: 'late still', distance: 0 });
    expect((await hitsOf(file.id, 60_000))[0].data.bankId).toBe(bank.id);
    // Once only: a later pass (another signal added) appends nothing again for these.
    await as.coordinator.api.post(`/banks/${bank.id}/signals`, {
      signals: [{ algorithm: 'md5', value: 'c'.repeat(32) }],
    });
    const more = await share({ kind: 'hash', hash: { algorithm: 'md5', value: 'c'.repeat(32) } });
    await hitsOf(more.id, 60_000);
    expect((await hitsOf(picture.id)).filter((e: any) => e.data.bankId === bank.id)).toHaveLength(1);
  }, 130_000);

  it('matches a bank URL by the identity the incident uses, not its spelling', async () => {
    const bank = await newBank('URLs');
    const added = await as.coordinator.api.post(`/banks/${bank.id}/signals`, {
      signals: [{ algorithm: 'url', value: 'https://www.socialnet.example/posts/12345' }],
    });
    expect(added.body.added).toBe(1);
    const item = await share({ kind: 'url', url: 'http://m.socialnet.example/posts/12345' });
    const [hit] = await hitsOf(item.id);
    expect(hit.data).toMatchObject({ bankId: bank.id, algorithm: 'url', distance: 0 });
  });

  describe('imports say what they could not read', () => {
    it.each([
      ['a misspelt signal type', `pqd ${'a'.repeat(64)}\n`],
      ['prose', 'hello world\n'],
    ])('refuses %s with a 400 naming the line', async (_what, body) => {
      const bank = await newBank(`Unreadable ${String(_what)}`);
      const res = await importFile(bank.id, body);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/no line reads as a signal; line 1: .*not a signal type/);
      expect((await as.coordinator.api.get(`/banks/${bank.id}`)).body.signalCount).toBe(0);
    });

    it('rejects each unreadable line by its number, U+0000 and bytes that are not UTF-8 included', async () => {
      const bank = await newBank('Mixed');
      const good = pdqHash();
      const body = Buffer.concat([
        Buffer.from(`pdq ${good}\npqd ${pdqHash()}\nhello world\nraw_text skipped by name\nmd5 `),
        Buffer.from('ab\u0000cd\n'),
        Buffer.from('url https://example.org/'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\n'),
      ]);
      const res = await importFile(bank.id, body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ added: 1, rejectedCount: 4 });
      expect(res.body.rejected).toEqual([
        { line: 2, message: expect.stringMatching(/pqd is not a signal type/) },
        { line: 3, message: expect.stringMatching(/hello is not a signal type/) },
        { line: 5, message: expect.stringMatching(/U\+0000/) },
        { line: 6, message: expect.stringMatching(/not valid UTF-8/) },
      ]);
    });

    it('refuses a signal holding U+0000 by field, never with a 500', async () => {
      const bank = await newBank('Nul');
      const res = await as.coordinator.api.post(`/banks/${bank.id}/signals`, {
        signals: [{ algorithm: 'md5', value: 'b1946ac92492d2347c6235b4d2611184', label: 'a\u0000b' }],
      });
      // The edge refuses the whole body, naming the field, as it does every text PostgreSQL cannot store.
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'signals.0.label', message: expect.stringMatching(/NUL/) }]);
      const stored = await as.coordinator.api.get(`/banks/${bank.id}`);
      expect(stored.body.signalCount).toBe(0);
    });
  });
});
