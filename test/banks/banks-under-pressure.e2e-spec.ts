import { HUB_OPTIONS } from '@hub/app';
import {
  declareIncident,
  pdqHash,
  SmtpInbox,
  startTestHub,
  waitFor,
  type Cast,
  type TestHub,
} from '@hub/testing';

/** `hex` with its first `bits` bits flipped: a PDQ hash exactly that far away. */
const flipBits = (hex: string, bits: number): string => {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (let b = 0; b < bits; b++) digits[b >> 2] ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
};

/**
 * Banks that stay right under pressure: a bank's own distance and negative (known-benign) banks, the
 * quarantine of a signal that floods the incidents, and participants' feedback on hits; each change is an
 * event in the incident's log (the room) and the bank's.
 */
describe('banks under pressure', () => {
  let t: TestHub;
  let as: Cast;
  // The bank owner is told of a quarantine by e-mail.
  const inbox = new SmtpInbox();

  const newBank = async (name: string, extra: object = {}) => {
    const res = await as.coordinator.api.post('/banks', { name, visibility: 'members', ...extra });
    expect(res.status).toBe(201);
    return res.body;
  };
  const addSignals = async (bankId: string, signals: object[]) => {
    const res = await as.coordinator.api.post(`/banks/${bankId}/signals`, { signals });
    expect(res.body.added).toBe(signals.length);
    return (await as.coordinator.api.get(`/banks/${bankId}/signals?limit=500`)).body.items;
  };
  const share = async (incidentId: string, item: object, who = 'be') => {
    const res = await as[who].api.post(`/incidents/${incidentId}/items`, { ...item, channel: 'alert' });
    expect(res.status).toBe(201);
    return res.body.item;
  };
  const picture = (value: string) => ({ kind: 'hash', hash: { algorithm: 'pdq', value, quality: 90 } });
  const eventsOf = async (incidentId: string, itemId?: string): Promise<any[]> =>
    (await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`)).body.items.filter(
      (e: any) => e.type.startsWith('item.bank_') && (!itemId || e.data.itemId === itemId),
    );
  const waitEvents = (incidentId: string, itemId: string, accept: (events: any[]) => boolean, what: string) =>
    waitFor(() => eventsOf(incidentId, itemId), accept, { what });
  const bankLog = async (bankId: string, type: string) =>
    (
      await t.sql.query(`SELECT data FROM bank_events WHERE bank_id = $1 AND type = $2 ORDER BY id`, [
        bankId,
        type,
      ])
    ).rows.map((r) => r.data);

  beforeAll(async () => {
    await inbox.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'bankpressure',
      env: { HUB_FLOOD_HITS: '2', HUB_FLOOD_MINUTES: '10', SMTP_URL: inbox.url },
    });
    as = await t.seed();
    // The banks below are the coordinator's organisation's: its duty desk (tier 1) hears of a quarantine.
    for (const [name, email, tier] of [
      ['Bank duty desk', 'banks-duty@coordination.example', 1],
      ['Bank review team', 'banks-review@coordination.example', 2],
    ] as const) {
      const contact = await t.admin.post(`/organisations/${as.coordinator.organisation.id}/contacts`, {
        name,
        email,
        tier,
      });
      expect(contact.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  describe('per-bank distance and negative banks', () => {
    it('matches within each bank’s own distance', async () => {
      const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
      const hash = pdqHash();
      const strict = await newBank('Strict', { maxDistance: 8 });
      const loose = await newBank('Loose');
      expect(strict).toMatchObject({ maxDistance: 8, negative: false });
      expect(loose).toMatchObject({ maxDistance: 31, negative: false, agreement: { agree: 0, disagree: 0 } });
      await addSignals(strict.id, [{ algorithm: 'pdq', value: hash }]);
      await addSignals(loose.id, [{ algorithm: 'pdq', value: hash }]);
      const item = await share(incident.id, picture(flipBits(hash, 12)));
      const [hit] = await waitEvents(incident.id, item.id, (e) => e.length > 0, 'a hit of the loose bank');
      expect(hit).toMatchObject({ type: 'item.bank_matched', data: { bankId: loose.id, distance: 12 } });
      expect((await eventsOf(incident.id, item.id)).map((e) => e.data.bankId)).toEqual([loose.id]);
      const bad = await as.coordinator.api.post('/banks', {
        name: 'x',
        visibility: 'members',
        maxDistance: 99,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/maxDistance/);
    });

    it('holds back the hits of other banks as near or farther than a negative bank’s, and the room says why', async () => {
      const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
      const benignHash = pdqHash();
      const nearCopy = flipBits(benignHash, 6);
      const benign = await newBank('News agency photos', { negative: true });
      expect(benign.negative).toBe(true);
      const attack = await newBank('Attack stills');
      await addSignals(benign.id, [{ algorithm: 'pdq', value: benignHash, label: 'agency photo' }]);
      await addSignals(attack.id, [
        { algorithm: 'pdq', value: benignHash },
        { algorithm: 'pdq', value: flipBits(benignHash, 20) },
        { algorithm: 'pdq', value: nearCopy },
      ]);
      // The benign photo itself: every attack hit is as near or farther, so none is reported.
      const photo = await share(incident.id, picture(benignHash));
      const [why] = await waitEvents(incident.id, photo.id, (e) => e.length > 0, 'the benign hit');
      expect(why).toMatchObject({
        type: 'item.bank_benign',
        data: { bankId: benign.id, distance: 0, label: 'agency photo', heldBack: 3 },
      });
      expect((await eventsOf(incident.id, photo.id)).map((e) => e.type)).toEqual(['item.bank_benign']);
      // A picture nearer the attack copy than the benign photo is still reported.
      const copy = await share(incident.id, picture(nearCopy));
      const events = await waitEvents(incident.id, copy.id, (e) => e.length >= 2, 'both hits');
      expect(events.map((e) => [e.type, e.data.bankId, e.data.distance]).sort()).toEqual(
        [
          ['item.bank_benign', benign.id, 6],
          ['item.bank_matched', attack.id, 0],
        ].sort(),
      );
      // `/hashes/match` marks the negative bank's hit.
      const match = await as.coordinator.api.post('/hashes/match', { algorithm: 'pdq', value: benignHash });
      const bankHits = match.body.matches.filter((m: any) => m.bankId);
      expect(bankHits).toEqual([expect.objectContaining({ bankId: benign.id, negative: true })]);
    });
  });

  describe('flood quarantine', () => {
    it('quarantines a signal that matches more shares than allowed, holds its hits, and an admin releases them', async () => {
      const bank = await newBank('Generic image by mistake');
      const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
      const [signal] = await addSignals(bank.id, [{ algorithm: 'md5', value: md5 }]);
      expect(signal.state).toBe('active');
      const incidents = [];
      for (let i = 0; i < 3; i++) incidents.push(await declareIncident(as, { participants: ['be', 'fr'] }));
      const items = [];
      for (const incident of incidents) {
        const item = await share(incident.id, { kind: 'hash', hash: { algorithm: 'md5', value: md5 } });
        items.push(item);
        await waitEvents(incident.id, item.id, (e) => e.length > 0, 'the hit, matched or held');
      }
      expect((await eventsOf(incidents[0].id, items[0].id))[0].type).toBe('item.bank_matched');
      expect((await eventsOf(incidents[1].id, items[1].id))[0].type).toBe('item.bank_matched');
      // The third hit in the window is one too many (HUB_FLOOD_HITS 2): held, and the room is told.
      const [held] = await eventsOf(incidents[2].id, items[2].id);
      expect(held).toMatchObject({
        type: 'item.bank_hit_held',
        data: { signalId: signal.id, bankId: bank.id, quarantined: true },
      });
      expect(await bankLog(bank.id, 'bank.signal_quarantined')).toEqual([
        expect.objectContaining({ signalId: signal.id, hits: 3, minutes: 10 }),
      ]);
      const quarantined = (await as.coordinator.api.get(`/banks/${bank.id}/signals?state=quarantined`)).body;
      expect(quarantined.items).toEqual([expect.objectContaining({ id: signal.id, state: 'quarantined' })]);
      // The bank's owner is told by e-mail, its tier-1 contact once, naming the bank and the signal.
      const told = () => inbox.received.filter((m) => m.mail.subject?.includes('Generic image by mistake'));
      await waitFor(told, (mails) => mails.length > 0, { what: 'the quarantine e-mail' });
      const [mail] = told();
      expect(mail.to).toEqual(['banks-duty@coordination.example']);
      expect(mail.mail.text).toContain(signal.id);
      expect(mail.mail.text).toContain('matched 3 shares within 10 minutes');
      // Recorded as sent once the server took it: a later pass will not mail it again.
      await waitFor(
        async () =>
          (await t.sql.query(`SELECT status FROM quarantine_mails WHERE signal_id = $1`, [signal.id])).rows,
        (rows) => rows.length === 1 && rows[0].status === 'sent',
        { what: 'the quarantine e-mail recorded as sent' },
      );
      expect(told().map((m) => m.to)).toEqual([['banks-duty@coordination.example']]);

      expect((await as.coordinator.api.post(`/banks/${bank.id}/signals/${signal.id}/release`)).status).toBe(
        403,
      );
      const released = await t.admin.post(`/banks/${bank.id}/signals/${signal.id}/release`);
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ id: signal.id, state: 'active' });
      const late = await eventsOf(incidents[2].id, items[2].id);
      expect(late.map((e) => e.type)).toEqual(['item.bank_hit_held', 'item.bank_matched']);
      expect(await bankLog(bank.id, 'bank.signal_released')).toEqual([
        expect.objectContaining({ signalId: signal.id, heldHits: 1 }),
      ]);
      // Released twice is a conflict, not a second delivery.
      expect((await t.admin.post(`/banks/${bank.id}/signals/${signal.id}/release`)).status).toBe(409);
    }, 60_000);

    it('lets a quarantined signal be removed: its held hits never reach the incidents', async () => {
      const bank = await newBank('Another generic image');
      const md5 = 'e3b0c44298fc1c149afbf4c8996fb924';
      const [signal] = await addSignals(bank.id, [{ algorithm: 'md5', value: md5 }]);
      const shared = [];
      for (let i = 0; i < 3; i++) {
        const incident = await declareIncident(as, { participants: ['be'] });
        const item = await share(incident.id, { kind: 'hash', hash: { algorithm: 'md5', value: md5 } });
        await waitEvents(incident.id, item.id, (e) => e.length > 0, 'the hit');
        shared.push({ incident, item });
      }
      const removed = await as.coordinator.api.delete(`/banks/${bank.id}/signals/${signal.id}`);
      expect(removed.body).toMatchObject({ state: 'removed' });
      expect((await t.admin.post(`/banks/${bank.id}/signals/${signal.id}/release`)).status).toBe(409);
      const last = shared[2];
      expect((await eventsOf(last.incident.id, last.item.id)).map((e) => e.type)).toEqual([
        'item.bank_hit_held',
      ]);
    }, 60_000);
  });

  describe('feedback on hits', () => {
    it('records agreement per bank, shows it in the room, and flags a signal most disagree with', async () => {
      const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
      const bank = await newBank('Disputed');
      const hash = pdqHash();
      const [signal] = await addSignals(bank.id, [{ algorithm: 'pdq', value: hash }]);
      const item = await share(incident.id, picture(hash));
      await waitEvents(incident.id, item.id, (e) => e.length > 0, 'the hit');
      const feedback = (who: string, verdict: string, itemId: string | null = item.id) =>
        as[who].api.post(`/banks/${bank.id}/signals/${signal.id}/feedback`, {
          verdict,
          ...(itemId && { itemId }),
        });

      const first = await feedback('be', 'agree');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ agree: 1, disagree: 0, review: false });
      // A changed mind replaces the earlier verdict.
      expect((await feedback('be', 'disagree')).body).toMatchObject({ agree: 0, disagree: 1 });
      expect((await feedback('videoshare', 'disagree')).body).toMatchObject({ disagree: 2, review: false });
      expect((await feedback('coordinator', 'agree', null)).body).toMatchObject({ agree: 1 });
      const third = await feedback('coordinator', 'disagree');
      expect(third.body).toMatchObject({ agree: 1, disagree: 3, review: true });

      const room = (await eventsOf(incident.id, item.id)).filter((e) => e.type === 'item.bank_feedback');
      expect(room.map((e) => [e.data.verdict, e.data.review])).toEqual([
        ['agree', false],
        ['disagree', false],
        ['disagree', false],
        ['disagree', true],
      ]);
      expect((await as.coordinator.api.get(`/banks/${bank.id}`)).body.agreement).toEqual({
        agree: 1,
        disagree: 3,
      });
      expect(await bankLog(bank.id, 'bank.signal_flagged')).toHaveLength(1);
      const listed = (await as.coordinator.api.get(`/banks/${bank.id}/signals`)).body.items;
      expect(listed[0]).toMatchObject({ id: signal.id, review: true });

      // Only on a hit the caller can see; observers and admins give none; verdicts are checked.
      expect((await feedback('fr', 'agree')).status).toBe(404);
      expect((await feedback('observer', 'agree')).status).toBe(403);
      const wrong = await feedback('be', 'maybe');
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toMatch(/verdict/);
    });
  });
});
