import { HUB_OPTIONS } from '@hub/app';
import { CheckItemAgainstBanksUseCase } from '@hub/domain';
import { BankIndexService } from '@hub/platform';
import { declareIncident, pdqHash, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** `hex` with its first `bits` bits flipped: a PDQ hash exactly that far away. */
const flipBits = (hex: string, bits: number): string => {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (let b = 0; b < bits; b++) digits[b >> 2] ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
};

// Values the fixtures hold.
const P1 = '27572acf8f0d1f7117c6eba5fc07de9f9f019160a252f94641ef86632a0604b0';
const P3 = '8177c9d6f4d61da10890aa4d7145d1ad585ecd2dd4f1c1dc43292a45a2829829';
const P4 = '70ec3282944e7e9a7fd3173408b7d0c1a3bf1dfd431f150b9893c466b414ca56';
const P5 = '1b8a1c4362e441b9cde2e874ca2558f4eeae1e96b13f952218e4ec015fb692ac';
const P6 = '04a75fea0781c8351ec7c423870741edae5952b6a8d23d4499dd2b7ae0f7c381';
const MD5_TE = 'ca0df2c95aa144c1d0ff2ff3c8f967fd';
const SHA256_CSV = 'ad328846aa18b32a335816374511cac1063c704b8c57999e51da9f908290a7a4';

// Over 450 lines on purpose: banks, the four import formats and share checks build on one hub, its cast
// and the banks made in order; split apart, each part would set them up again.
describe('hash banks', () => {
  let t: TestHub;
  let as: Cast;
  let members: any;
  let refresh: () => Promise<number>;

  const importFile = (bankId: string, body: string, contentType: string, who = 'coordinator', query = '') =>
    as[who].api.request('POST', `/banks/${bankId}/import${query}`, body, { 'content-type': contentType });
  const signalsOf = async (bankId: string, who = 'coordinator'): Promise<any[]> => {
    const res = await as[who].api.get(`/banks/${bankId}/signals?limit=500`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const newBank = async (name: string, visibility = 'members', who = 'coordinator', extra = {}) => {
    const res = await (who === 'admin' ? t.admin : as[who].api).post('/banks', {
      name,
      visibility,
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const events = async (incidentId: string, type: string): Promise<any[]> => {
    const res = await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`);
    expect(res.status).toBe(200);
    return res.body.items.filter((e: any) => e.type === type);
  };
  const share = async (incidentId: string, item: object, who = 'be') => {
    const res = await as[who].api.post(`/incidents/${incidentId}/items`, { ...item, channel: 'alert' });
    expect(res.status).toBe(201);
    return res.body.item;
  };
  /** The bank hits of an item, once its bank job has run through the relay and the worker. */
  const hitsOf = (incidentId: string, itemId: string, count = 1) =>
    waitFor(
      async () => (await events(incidentId, 'item.bank_matched')).filter((e) => e.data.itemId === itemId),
      (hits) => hits.length >= count,
      { what: `item.bank_matched for ${itemId}` },
    );

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'banks' });
    as = await t.seed();
    const index = t.hub.app.get(BankIndexService);
    refresh = () => index.refresh();
    members = await newBank('Known attack content');
  });
  afterAll(() => t?.close());

  describe('banks and signals', () => {
    it('creates a bank for admins and coordinators only', async () => {
      expect(members).toMatchObject({ name: 'Known attack content', signalCount: 0, visibility: 'members' });
      expect(members.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(members.createdAt)).not.toBeNaN();
      const refused = await as.be.api.post('/banks', { name: 'Mine', visibility: 'members' });
      expect(refused.status).toBe(403);
      const bad = await as.coordinator.api.post('/banks', { name: 'x', visibility: 'everyone' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/visibility/);
    });

    it('adds signals with provenance, rejects bad ones by index and counts repeats as duplicates', async () => {
      const bank = await newBank('Hand-made list');
      const low = pdqHash();
      const res = await as.coordinator.api.post(`/banks/${bank.id}/signals`, {
        signals: [
          { algorithm: 'pdq', value: pdqHash(), quality: 90, label: 'attack still', sourceRef: 'hma-1' },
          { algorithm: 'md5', value: 'nope' },
          { algorithm: 'pdq', value: low, quality: 20 },
          { algorithm: 'url', value: 'https://videoshare.example/watch?v=hand&utm_campaign=x' },
          { algorithm: 'tmk', value: 'abc' },
          { algorithm: 'url', value: 'https://videoshare.example/watch?v=hand' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.added).toBe(3);
      expect(res.body.duplicates).toBe(1);
      expect(res.body.rejected.map((r: any) => r.index)).toEqual([1, 4]);
      expect(res.body.rejected[0].message).toMatch(/value/);
      const signals = await signalsOf(bank.id);
      expect(signals).toHaveLength(3);
      expect(signals[0]).toMatchObject({
        algorithm: 'pdq',
        quality: 90,
        matchable: true,
        label: 'attack still',
        sourceRef: 'hma-1',
        addedBy: { memberId: as.coordinator.memberId, organisationId: as.coordinator.organisation.id },
      });
      expect(signals.find((s) => s.value === low)).toMatchObject({ quality: 20, matchable: false });
      expect(signals.find((s) => s.algorithm === 'url').value).toBe(
        'https://videoshare.example/watch?v=hand',
      );
      expect((await as.coordinator.api.get(`/banks/${bank.id}`)).body.signalCount).toBe(3);
      const log = await t.sql.query(`SELECT type, data FROM bank_events WHERE bank_id = $1 ORDER BY id`, [
        bank.id,
      ]);
      expect(log.rows.map((r) => r.type)).toEqual(['bank.created', 'bank.signals_added']);
      expect(log.rows[1].data).toMatchObject({ added: 3, duplicates: 1, rejected: 2 });
    });

    it('pages signals with a cursor', async () => {
      const bank = await newBank('Paged');
      const values = Array.from({ length: 5 }, () => ({ algorithm: 'pdq', value: pdqHash() }));
      await as.coordinator.api.post(`/banks/${bank.id}/signals`, { signals: values });
      const first = await as.coordinator.api.get(`/banks/${bank.id}/signals?limit=3`);
      expect(first.body.items).toHaveLength(3);
      expect(first.body.next).toBeDefined();
      const rest = await as.coordinator.api.get(`/banks/${bank.id}/signals?limit=3&after=${first.body.next}`);
      expect(rest.body.items).toHaveLength(2);
      expect(rest.body.next).toBeUndefined();
      expect([...first.body.items, ...rest.body.items].map((s: any) => s.value)).toEqual(
        values.map((v) => v.value),
      );
    });

    it('refuses more than 10,000 signals in one request', async () => {
      const signals = Array.from({ length: 10_001 }, () => ({ algorithm: 'md5', value: '0'.repeat(32) }));
      const res = await as.coordinator.api.post(`/banks/${members.id}/signals`, { signals });
      expect([400, 413]).toContain(res.status);
    });

    it('removes a signal as an event of the bank, and it is gone from the list', async () => {
      const bank = await newBank('Removals');
      await as.coordinator.api.post(`/banks/${bank.id}/signals`, {
        signals: [{ algorithm: 'md5', value: 'ab'.repeat(16) }],
      });
      const [signal] = await signalsOf(bank.id);
      const res = await as.coordinator.api.request('DELETE', `/banks/${bank.id}/signals/${signal.id}`);
      expect(res.status).toBe(200);
      expect(await signalsOf(bank.id)).toEqual([]);
      expect((await as.coordinator.api.get(`/banks/${bank.id}`)).body.signalCount).toBe(0);
      const log = await t.sql.query(`SELECT type, data FROM bank_events WHERE bank_id = $1 ORDER BY id`, [
        bank.id,
      ]);
      expect(log.rows.at(-1)).toMatchObject({ type: 'bank.signal_removed', data: { signalId: signal.id } });
      const again = await as.coordinator.api.request('DELETE', `/banks/${bank.id}/signals/${signal.id}`);
      expect(again.status).toBe(200);
      const removals = await t.sql.query(
        `SELECT count(*)::int AS n FROM bank_events WHERE bank_id = $1 AND type = 'bank.signal_removed'`,
        [bank.id],
      );
      expect(removals.rows[0].n).toBe(1);
      const unknown = await as.coordinator.api.request('DELETE', `/banks/${bank.id}/signals/${bank.id}`);
      expect(unknown.status).toBe(404);
      await expect(t.sql.query(`DELETE FROM bank_events WHERE bank_id = $1`, [bank.id])).rejects.toThrow(
        /append-only/,
      );
    });
  });

  describe('imports', () => {
    it('takes ThreatExchange lines, rejecting bad lines by number; the same file twice adds nothing', async () => {
      const res = await importFile(members.id, fixture('signals.te.txt'), 'text/plain');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ linesRead: 11, added: 5, duplicates: 1, rejectedCount: 2 });
      expect(res.body.rejected.map((r: any) => r.line)).toEqual([8, 10]);
      expect(res.body.rejected[1].message).toMatch(/md5/);
      const again = await importFile(members.id, fixture('signals.te.txt'), 'text/plain');
      expect(again.body).toMatchObject({ added: 0, duplicates: 6, rejectedCount: 2 });
      const bank = (await as.coordinator.api.get(`/banks/${members.id}`)).body;
      expect(bank.signalCount).toBe(5);
      expect(bank.latestImport).toMatchObject({ state: 'completed', format: 'te', linesRead: 11, added: 0 });
      const url = (await signalsOf(members.id)).find((s) => s.algorithm === 'url');
      expect(url.value).toBe('https://videoshare.example/watch?v=known-attack');
    });

    it('takes bare hashes when the request names their type', async () => {
      const bank = await newBank('Bare PDQ');
      const body = `${pdqHash()},95\n${pdqHash()},30\n`;
      const res = await importFile(bank.id, body, 'text/plain', 'coordinator', '?algorithm=pdq');
      expect(res.body).toMatchObject({ added: 2, rejectedCount: 0 });
      const signals = await signalsOf(bank.id);
      expect(signals.map((s) => s.matchable)).toEqual([true, false]);
    });

    it('takes a hash-list CSV by its header, keeping the id as sourceRef', async () => {
      const res = await importFile(members.id, fixture('hashlist.csv'), 'text/csv');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ added: 4, duplicates: 0, rejectedCount: 1 });
      expect(res.body.rejected).toEqual([{ line: 5, message: expect.stringMatching(/md5/) }]);
      const p4 = (await signalsOf(members.id)).find((s) => s.value === P4);
      expect(p4).toMatchObject({ sourceRef: 'ngo-1005', label: 'image, cropped' });
    });

    it('takes a STIX 2.1 bundle’s indicators, the indicator id as sourceRef', async () => {
      const res = await importFile(members.id, fixture('bundle.stix.json'), 'application/stix+json');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ added: 3, rejectedCount: 1 });
      expect(res.body.rejected[0].at).toBe('objects[4]');
      const p5 = (await signalsOf(members.id)).find((s) => s.value === P5);
      expect(p5).toMatchObject({
        sourceRef: 'indicator--11111111-2222-4333-8444-555555555555',
        label: 'Attack video, frame hash',
      });
    });

    it('takes a MISP event, PDQ from a text attribute tagged pdq', async () => {
      const res = await importFile(members.id, fixture('event.misp.json'), 'application/json');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ added: 3, rejectedCount: 1 });
      expect(res.body.rejected[0].at).toBe('Event.Attribute[3]');
      const p6 = (await signalsOf(members.id)).find((s) => s.value === P6);
      expect(p6).toMatchObject({
        label: 'still from the livestream',
        sourceRef: 'aaaaaaaa-0000-4000-8000-000000000001',
      });
    });

    it.each([
      ['an empty file', '', 'text/plain', /empty/],
      ['an unknown content type', 'pdq 00', 'application/pdf', /content-type/],
      ['a CSV without a hash column', 'digest,algorithm\nab,md5\n', 'text/csv', /hash_digest/],
      [
        'a STIX bundle with no indicator',
        '{"type":"bundle","id":"bundle--1","objects":[]}',
        'application/stix+json',
        /no indicator/,
      ],
      [
        'a MISP event with nothing usable',
        '{"Event":{"Attribute":[{"type":"ip-dst","value":"1.2.3.4"}]}}',
        'application/json',
        /MISP event holds no/,
      ],
      ['text that is no ThreatExchange file', '{"not":"lines"}', 'text/plain', /no line reads as a signal/],
    ])('refuses %s with a 400, writing nothing', async (_what, body, type, message) => {
      const bank = await newBank(`Refused ${String(_what)}`);
      const res = await importFile(bank.id, body, type);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect((await as.coordinator.api.get(`/banks/${bank.id}`)).body.signalCount).toBe(0);
      const latest = (await as.coordinator.api.get(`/banks/${bank.id}`)).body.latestImport;
      if (latest) expect(latest).toMatchObject({ state: 'failed', error: expect.stringMatching(message) });
    });

    it('`hub bank import` streams a file far larger than any other body, printing rejected lines (the built CLI)', async () => {
      const bank = await newBank('Large list');
      const dir = mkdtempSync(join(tmpdir(), 'bank-import-'));
      const file = join(dir, 'large.te.txt');
      const lines: string[] = [];
      for (let i = 0; i < 100_000; i++) {
        lines.push(`pdq ${createHash('sha256').update(`large ${i}`).digest('hex')}`);
      }
      lines[49_999] = 'pdq not-a-hash'; // line 50,000
      writeFileSync(file, `${lines.join('\n')}\n`);
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, [
          join(__dirname, '../../bin/hub.js'),
          '--url',
          t.url,
          '--token',
          as.coordinator.token,
          'bank',
          'import',
          bank.id,
          file,
        ]);
        expect(stdout).toBe('read 100000, added 99999, duplicates 0, rejected 1\n');
        expect(stderr).toMatch(/line 50000: value: a pdq hash must be/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const after = (await as.coordinator.api.get(`/banks/${bank.id}`)).body;
      expect(after.signalCount).toBe(99_999);
      expect(after.latestImport).toMatchObject({ state: 'completed', linesRead: 100_000, rejectedCount: 1 });
    }, 120_000);

    it('lets only the bank’s contributors import', async () => {
      expect((await importFile(members.id, 'pdq 00', 'text/plain', 'be')).status).toBe(403);
      expect((await importFile(members.id, 'pdq 00', 'text/plain', 'observer')).status).toBe(403);
    });
  });

  describe('checking shares', () => {
    let incident: any;
    beforeAll(async () => {
      incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
      await refresh();
    });

    it('a PDQ share near a bank signal adds item.bank_matched with the signal’s provenance', async () => {
      const item = await share(incident.id, {
        kind: 'hash',
        hash: { algorithm: 'pdq', value: flipBits(P4, 3), quality: 90 },
      });
      const [hit] = await hitsOf(incident.id, item.id);
      const signal = (await signalsOf(members.id)).find((s) => s.value === P4);
      expect(hit.data).toMatchObject({
        itemId: item.id,
        bankId: members.id,
        bankName: 'Known attack content',
        signalId: signal.id,
        distance: 3,
        sourceRef: 'ngo-1005',
        label: 'image, cropped',
      });
      expect(hit.actor).toMatchObject({ memberId: null, organisationId: null });
      // The relay may hand the same share over twice: the second check appends nothing.
      const check = t.hub.app.get(CheckItemAgainstBanksUseCase);
      const job = { eventId: hit.data.triggeredBy, incidentId: incident.id, itemId: item.id };
      await expect(check.execute(job)).resolves.toBe('matched');
      expect(await hitsOf(incident.id, item.id)).toHaveLength(1);
    });

    it('checks each item of a bulk share', async () => {
      const res = await as.be.api.post(`/incidents/${incident.id}/items/bulk`, {
        items: [
          { kind: 'hash', hash: { algorithm: 'sha256', value: SHA256_CSV }, channel: 'alert' },
          { kind: 'hash', hash: { algorithm: 'pdq', value: pdqHash() }, channel: 'alert' },
          { kind: 'url', url: 'https://clipcast.example/c/manifesto?fbclid=abc', channel: 'referral' },
        ],
      });
      expect(res.body.results.map((r: any) => r.status)).toEqual([201, 201, 201]);
      const [sha, , url] = res.body.results.map((r: any) => r.item.id);
      expect((await hitsOf(incident.id, sha))[0].data).toMatchObject({
        algorithm: 'sha256',
        sourceRef: 'ngo-1003',
      });
      expect((await hitsOf(incident.id, url))[0].data).toMatchObject({
        algorithm: 'url',
        sourceRef: 'indicator--33333333-4444-4555-8666-777777777777',
      });
    });

    it('an MD5 share and a URL share match exactly, the URL after canonicalisation', async () => {
      const md5 = await share(incident.id, {
        kind: 'hash',
        hash: { algorithm: 'md5', value: MD5_TE.toUpperCase() },
      });
      expect((await hitsOf(incident.id, md5.id))[0].data).toMatchObject({ distance: 0, algorithm: 'md5' });
      const url = await share(incident.id, {
        kind: 'url',
        url: 'https://VIDEOSHARE.example/watch?v=known-attack&utm_medium=social#t=3',
      });
      expect((await hitsOf(incident.id, url.id))[0].data).toMatchObject({ distance: 0, algorithm: 'url' });
    });

    it('a low-quality signal is kept but never matched, and a removed one no longer matches', async () => {
      const bank = await newBank('Low and removed');
      const low = pdqHash();
      const gone = pdqHash();
      await as.coordinator.api.post(`/banks/${bank.id}/signals`, {
        signals: [
          { algorithm: 'pdq', value: low, quality: 10 },
          { algorithm: 'pdq', value: gone },
          { algorithm: 'pdq', value: P1 },
        ],
      });
      const removed = (await signalsOf(bank.id)).find((s) => s.value === gone);
      await as.coordinator.api.request('DELETE', `/banks/${bank.id}/signals/${removed.id}`);
      await refresh();
      const match = await as.coordinator.api.post('/hashes/match', { algorithm: 'pdq', value: low });
      expect(match.body.matches.filter((m: any) => m.bankId === bank.id)).toEqual([]);
      const goneMatch = await as.coordinator.api.post('/hashes/match', { algorithm: 'pdq', value: gone });
      expect(goneMatch.body.matches.filter((m: any) => m.bankId === bank.id)).toEqual([]);
      const kept = await as.coordinator.api.post('/hashes/match', { algorithm: 'pdq', value: P1 });
      expect(kept.body.matches.filter((m: any) => m.bankId === bank.id)).toHaveLength(1);
    });

    it('a vPDQ video with a frame near a bank signal hits it, by its nearest frame', async () => {
      const frames = [
        { frame: 0, quality: 90, hash: pdqHash(), seconds: 0 },
        { frame: 30, quality: 90, hash: flipBits(P5, 4), seconds: 1 },
      ];
      const video = await share(incident.id, { kind: 'hash', hash: { algorithm: 'vpdq', frames } });
      const [hit] = await hitsOf(incident.id, video.id);
      expect(hit.data).toMatchObject({
        bankId: members.id,
        distance: 4,
        sourceRef: expect.stringMatching(/^indicator--/),
      });
    });

    it('counts the items found in banks in the report', async () => {
      const report = await as.be.api.get(`/incidents/${incident.id}/report?format=json`);
      expect(report.body.items).toMatchObject({ knownToBanks: 6, bankHits: 6 });
      const md = await as.be.api.get(`/incidents/${incident.id}/report?format=md`);
      expect(md.body).toContain('6 found in hash banks (6 bank hits)');
    });

    it('/hashes/match lists bank hits with their provenance', async () => {
      const res = await as.be.api.post('/hashes/match', { algorithm: 'pdq', value: flipBits(P5, 2) });
      expect(res.status).toBe(200);
      expect(res.body.matches).toContainEqual({
        bankId: members.id,
        bankName: 'Known attack content',
        signalId: expect.any(String),
        label: 'Attack video, frame hash',
        sourceRef: 'indicator--11111111-2222-4333-8444-555555555555',
        distance: 2,
      });
    });

    it('/hashes/match with values lists the bank hits of each value as the single form does', async () => {
      // 40 values, 320 hashes with their turns: the batch is probed by the pool's threads.
      const values = [flipBits(P5, 2), P4, ...Array.from({ length: 38 }, () => pdqHash())];
      const batch = await as.be.api.post('/hashes/match', { algorithm: 'pdq', values });
      expect(batch.status).toBe(200);
      const singles = [];
      for (const value of values.slice(0, 4))
        singles.push((await as.be.api.post('/hashes/match', { algorithm: 'pdq', value })).body.matches);
      expect(batch.body.results.slice(0, 4)).toEqual(singles.map((matches, index) => ({ index, matches })));
      expect(batch.body.results[0].matches).toContainEqual(
        expect.objectContaining({ bankId: members.id, distance: 2 }),
      );
      expect(batch.body.results).toHaveLength(40);
    });
  });

  describe('visibility', () => {
    // A participants bank of de's: seen by de, by those sharing an incident with de, coordinators,
    // observers and admins; used only by the incidents de takes part in.
    let deBank: any;
    let secret: string;
    let without: any;
    let withDe: any;
    beforeAll(async () => {
      deBank = await newBank('German police list', 'participants', 'admin', {
        organisationId: as.de.organisation.id,
      });
      secret = pdqHash();
      const added = await as.de.api.post(`/banks/${deBank.id}/signals`, {
        signals: [
          { algorithm: 'pdq', value: secret, label: 'de only' },
          { algorithm: 'pdq', value: P3 },
        ],
      });
      expect(added.body.added).toBe(2);
      without = await declareIncident(as, { participants: ['be', 'videoshare'] });
      await refresh();
    });

    it('is hidden from an organisation that shares no incident with its owner', async () => {
      expect((await as.be.api.get(`/banks/${deBank.id}`)).status).toBe(404);
      expect((await as.be.api.get(`/banks/${deBank.id}/signals`)).status).toBe(404);
      expect((await as.be.api.get('/banks')).body.items.map((b: any) => b.id)).not.toContain(deBank.id);
      expect((await importFile(deBank.id, 'pdq 00', 'text/plain', 'be')).status).toBe(404);
      const match = await as.be.api.post('/hashes/match', { algorithm: 'pdq', value: secret });
      expect(match.body.matches.filter((m: any) => m.bankId === deBank.id)).toEqual([]);
      for (const who of ['de', 'coordinator', 'observer']) {
        expect((await as[who].api.get(`/banks/${deBank.id}`)).status).toBe(200);
      }
      expect((await t.admin.get(`/banks/${deBank.id}`)).status).toBe(200);
      const own = await as.de.api.post('/hashes/match', { algorithm: 'pdq', value: secret });
      expect(own.body.matches).toContainEqual(
        expect.objectContaining({ bankId: deBank.id, label: 'de only' }),
      );
    });

    it('is not checked for shares in incidents its organisation does not take part in', async () => {
      // P3 is in both banks: the members bank's hit shows the job ran; the participants bank's must not be there.
      const item = await share(without.id, { kind: 'hash', hash: { algorithm: 'pdq', value: P3 } });
      const hits = await hitsOf(without.id, item.id);
      expect(hits.map((h) => h.data.bankId)).toEqual([members.id]);
    });

    it('is checked, and becomes visible, where its organisation takes part', async () => {
      withDe = await declareIncident(as, { participants: ['be', 'de'] });
      const item = await share(withDe.id, { kind: 'hash', hash: { algorithm: 'pdq', value: P3 } });
      const hits = await hitsOf(withDe.id, item.id, 2);
      expect(hits.map((h) => h.data.bankId).sort()).toEqual([members.id, deBank.id].sort());
      // be now takes part in an incident with de, whose participants see the hit: it sees the bank.
      expect((await as.be.api.get(`/banks/${deBank.id}`)).status).toBe(200);
      // Still not a contributor.
      const add = await as.be.api.post(`/banks/${deBank.id}/signals`, { signals: [] });
      expect(add.status).toBe(403);
    });
  });
});
