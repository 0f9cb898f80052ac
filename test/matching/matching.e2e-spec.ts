import { HUB_OPTIONS } from '@hub/app';
import { MatchItemUseCase, PdqMatcher } from '@hub/domain';
import { PgPdqSource } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { declareIncident, pdqHash, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/** `hex` with its first `bits` bits flipped: a PDQ hash exactly that far away. */
const flipBits = (hex: string, bits: number): string => {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (let b = 0; b < bits; b++) digits[b >> 2] ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
};

describe('PDQ matching', () => {
  let t: TestHub;
  let as: Cast;
  let matchItem: MatchItemUseCase;
  // `be` takes part in `first`, `second` and the exercise `drill`; `hidden` is de's and clipcast's alone.
  let first: any;
  let second: any;
  let hidden: any;
  let drill: any;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'matching' });
    as = await t.seed();
    matchItem = t.hub.app.get(MatchItemUseCase);
    first = await declareIncident(as, { participants: ['be', 'videoshare'], title: 'First wave' });
    second = await declareIncident(as, { participants: ['be', 'fr'], title: 'Second wave' });
    hidden = await declareIncident(as, { participants: ['de', 'clipcast'], title: 'Elsewhere' });
    drill = await declareIncident(as, { participants: ['be'], mode: 'exercise', title: 'Drill' });
  });
  afterAll(() => t?.close());

  const shareHash = async (who: string, incidentId: string, value: string, quality = 90) => {
    const res = await as[who].api.post(`/incidents/${incidentId}/items`, {
      kind: 'hash',
      hash: { algorithm: 'pdq', value, quality },
      channel: 'alert',
    });
    expect(res.status).toBe(201);
    return res.body.item;
  };
  const events = async (incidentId: string, type?: string): Promise<any[]> => {
    const res = await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`);
    expect(res.status).toBe(200);
    return res.body.items.filter((e: any) => !type || e.type === type);
  };
  /** What the relay will do for each `item.shared` of a PDQ item. */
  const runJob = async (item: any) => {
    const shared = (await events(item.incidentId, 'item.shared')).find((e) => e.data.itemId === item.id);
    return matchItem.execute({ eventId: shared.id, incidentId: item.incidentId, itemId: item.id });
  };
  const match = (who: string, body: object) => as[who].api.post('/hashes/match', body);

  const base = pdqHash();
  let original: any;
  let variant: any;
  let elsewhere: any;

  it('links a variant within 31 to an item of another incident its sharer sees, in both incidents', async () => {
    original = await shareHash('be', first.id, base);
    await expect(runJob(original)).resolves.toBe('no-match');
    // Near both, but de sees neither `first` nor `second`, and the drill is an exercise.
    elsewhere = await shareHash('de', hidden.id, flipBits(base, 3));
    await expect(runJob(elsewhere)).resolves.toBe('no-match');
    const rehearsed = await shareHash('be', drill.id, flipBits(base, 2));
    await expect(runJob(rehearsed)).resolves.toBe('no-match');

    variant = await shareHash('be', second.id, flipBits(base, 25));
    const shared = (await events(second.id, 'item.shared')).find((e) => e.data.itemId === variant.id);
    await expect(runJob(variant)).resolves.toBe('matched');

    expect((await events(second.id, 'item.matched')).map((e) => e.data)).toEqual([
      {
        itemId: variant.id,
        matchedItemId: original.id,
        matchedIncidentId: first.id,
        distance: 25,
        transform: 'original',
        triggeredBy: shared.id,
      },
    ]);
    expect((await events(first.id, 'item.matched')).map((e) => e.data)).toEqual([
      {
        itemId: original.id,
        matchedItemId: variant.id,
        matchedIncidentId: second.id,
        distance: 25,
        transform: 'original',
        triggeredBy: shared.id,
      },
    ]);
    const [matched] = await events(second.id, 'item.matched');
    expect(matched.actor).toEqual({ memberId: null, organisationId: null });
  });

  it('appends nothing more when the same event is matched again', async () => {
    const before = [(await events(first.id)).length, (await events(second.id)).length];
    await expect(runJob(variant)).resolves.toBe('matched');
    await expect(runJob(variant)).resolves.toBe('matched');
    expect([(await events(first.id)).length, (await events(second.id)).length]).toEqual(before);
  });

  it('never matches or reveals an item of an incident the sharer cannot see, nor across modes', async () => {
    expect(await events(hidden.id, 'item.matched')).toEqual([]);
    expect(await events(drill.id, 'item.matched')).toEqual([]);
    const visibleToBe = JSON.stringify([await events(first.id), await events(second.id)]);
    expect(visibleToBe).not.toContain(elsewhere.id);
    expect(visibleToBe).not.toContain(hidden.id);
  });

  it('makes a near hash in the same incident a variant of the nearer item', async () => {
    const sibling = await shareHash('be', first.id, flipBits(base, 9));
    await expect(runJob(sibling)).resolves.toBe('matched');
    const res = await as.be.api.get(`/incidents/${first.id}/items/${sibling.id}`);
    expect(res.body.variantOf).toBe(original.id);
    const own = (await events(first.id, 'item.matched')).filter((e) => e.data.itemId === sibling.id);
    expect(own.map((e) => [e.data.matchedItemId, e.data.distance])).toEqual([
      [original.id, 9],
      [variant.id, 16],
    ]);
  });

  describe('POST /hashes/match', () => {
    const fresh = pdqHash();
    const near = (distance: number) => ({ algorithm: 'pdq', distance, transform: 'original' });
    let indexed: any;

    it('answers, once the index has picked up a share, only items of incidents the caller sees', async () => {
      // No job runs for this share: the index finds it through its periodic refresh.
      indexed = await shareHash('be', first.id, fresh);
      const found = await waitFor(
        async () => (await match('coordinator', { algorithm: 'pdq', value: fresh.toUpperCase() })).body,
        (body: any) => body.matches?.length > 0,
        { timeoutMs: 20_000, intervalMs: 200, what: 'the refreshed index to hold the new hash' },
      );
      expect(found.matches).toEqual([{ incidentId: first.id, itemId: indexed.id, ...near(0) }]);
      const be = await match('be', { algorithm: 'pdq', value: flipBits(fresh, 31), maxDistance: 31 });
      expect(be.status).toBe(200);
      expect(be.body.matches).toEqual([{ incidentId: first.id, itemId: indexed.id, ...near(31) }]);
      // de and fr do not take part in `first`.
      for (const who of ['de', 'fr']) {
        const res = await match(who, { algorithm: 'pdq', value: fresh });
        expect(res.status).toBe(200);
        expect(res.body.matches).toEqual([]);
      }
      const narrow = await match('coordinator', {
        algorithm: 'pdq',
        value: flipBits(fresh, 5),
        maxDistance: 4,
      });
      expect(narrow.body.matches).toEqual([]);
    });

    it('answers live and exercise items alike, but only those the caller sees', async () => {
      const be = await match('be', { algorithm: 'pdq', value: base });
      const seen = be.body.matches.map((m: any) => m.incidentId);
      expect(seen).toEqual(expect.arrayContaining([first.id, second.id, drill.id]));
      expect(seen).not.toContain(hidden.id);
      const de = await match('de', { algorithm: 'pdq', value: base });
      expect(de.body.matches).toEqual([{ incidentId: hidden.id, itemId: elsewhere.id, ...near(3) }]);
    });

    it('never indexes a hash of quality below 50, and says so', async () => {
      const poor = pdqHash();
      const good = pdqHash();
      const low = await shareHash('be', first.id, poor, 30);
      await shareHash('be', first.id, good, 50);
      await expect(runJob(low)).resolves.toBe('skipped');
      await waitFor(
        async () => (await match('coordinator', { algorithm: 'pdq', value: good })).body.matches.length,
        (n) => n === 1,
        { timeoutMs: 20_000, intervalMs: 200, what: 'the refreshed index to hold the later hash' },
      );
      const res = await match('coordinator', { algorithm: 'pdq', value: poor });
      expect(res.status).toBe(200);
      expect(res.body.matches).toEqual([]);
      expect(res.body.note).toMatch(/quality below 50/);
    });

    it('answers a batch of values per value, as the single form answers each', async () => {
      const values = [fresh, flipBits(fresh, 31), pdqHash(), base];
      const batch = await match('be', { algorithm: 'pdq', values });
      expect(batch.status).toBe(200);
      const singles = [];
      for (const value of values) singles.push((await match('be', { algorithm: 'pdq', value })).body.matches);
      expect(batch.body.results).toEqual(singles.map((matches, index) => ({ index, matches })));
      expect(batch.body.results[0].matches).toEqual([
        { incidentId: first.id, itemId: indexed.id, ...near(0) },
      ]);
      expect(batch.body.results[1].matches).toEqual([
        { incidentId: first.id, itemId: indexed.id, ...near(31) },
      ]);
      expect(batch.body.results[2].matches).toEqual([]);
      expect(batch.body.note).toMatch(/quality below 50/);
      // de does not take part in `first`: the same batch shows it nothing of it.
      const de = await match('de', { algorithm: 'pdq', values: [fresh] });
      expect(de.body.results).toEqual([{ index: 0, matches: [] }]);
    });

    it('refuses a bad batch with 400 naming the field, whole', async () => {
      const bad = await match('be', { algorithm: 'pdq', values: [fresh, 'z'.repeat(64)] });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'values[1]' })]);
      for (const body of [
        { algorithm: 'pdq', values: [] },
        { algorithm: 'pdq', values: Array(1001).fill(fresh) },
        { algorithm: 'pdq', values: [fresh], value: fresh },
        { algorithm: 'pdq', values: fresh },
        { algorithm: 'pdq', values: ['0'.repeat(65)] },
      ]) {
        const res = await match('be', body);
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/values/);
      }
    });

    it('reloads from the database in pages, as a process does when it starts', async () => {
      const matcher = new PdqMatcher();
      await matcher.loadPages(new PgPdqSource(t.hub.app.get(DataSource)).pdqItemPages());
      expect(matcher.has(indexed.id)).toBe(true);
      expect(matcher.candidates(fresh).map((c) => [c.itemId, c.distance])).toEqual([[indexed.id, 0]]);
      expect(matcher.candidates(base).map((c) => c.itemId)).toEqual(
        expect.arrayContaining([original.id, variant.id, elsewhere.id]),
      );
    });

    it('refuses a distance beyond 31 and a malformed value with 400', async () => {
      const far = await match('be', { algorithm: 'pdq', value: fresh, maxDistance: 40 });
      expect(far.status).toBe(400);
      expect(far.body.message).toMatch(/maxDistance/);
      expect(far.body.details).toEqual([expect.objectContaining({ field: 'maxDistance' })]);
      for (const value of ['z'.repeat(64), 'abc', fresh.slice(1)]) {
        const res = await match('be', { algorithm: 'pdq', value });
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/value/);
      }
      expect((await match('be', { algorithm: 'md5', value: fresh })).status).toBe(400);
      expect((await match('be', { algorithm: 'pdq', value: fresh, extra: 1 })).status).toBe(400);
      expect((await t.anonymous.post('/hashes/match', { algorithm: 'pdq', value: fresh })).status).toBe(401);
    });
  });
});
