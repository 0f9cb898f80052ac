import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';
import { DataSource } from 'typeorm';

const KNOWN = 'ca0df2c95aa144c1d0ff2ff3c8f967fd';
const OTHER = 'ad328846aa18b32a335816374511cac1';

/**
 * `GET /banks/:id/hits`: a bank's latest hits, newest first, seen only by those who see the bank, and of
 * those only the hits in incidents they see (the others are left out, never named nor counted).
 */
describe('the latest hits of a bank', () => {
  let t: TestHub;
  let as: Cast;
  let members: any;
  let deBank: any;
  let withBe: any;
  let withFr: any;
  let withDe: any;
  const shared: Record<string, any> = {};

  const hitsAs = async (who: string, bankId: string, query = '') => {
    const res = await (who === 'admin' ? t.admin : as[who].api).get(`/banks/${bankId}/hits${query}`);
    return res;
  };
  const incidentsOf = (res: any): string[] => res.body.items.map((h: any) => h.incidentId);
  /** Shares the hash and waits until the worker has recorded its hits (`count` banks). */
  const shareAndWait = async (incidentId: string, who: string, value: string, count = 1) => {
    const res = await as[who].api.post(`/incidents/${incidentId}/items`, {
      kind: 'hash',
      hash: { algorithm: 'md5', value },
      channel: 'alert',
    });
    expect(res.status).toBe(201);
    const item = res.body.item;
    await waitFor(
      async () => (await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`)).body.items,
      (events: any[]) =>
        events.filter((e) => e.type === 'item.bank_matched' && e.data.itemId === item.id).length >= count,
      { what: `the bank hits of ${item.id}` },
    );
    return item;
  };

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'bankhits' });
    as = await t.seed();
    members = (
      await as.coordinator.api.post('/banks', { name: 'Known attack content', visibility: 'members' })
    ).body;
    const added = await as.coordinator.api.post(`/banks/${members.id}/signals`, {
      signals: [
        { algorithm: 'md5', value: KNOWN, label: 'attack video', sourceRef: 'te-1' },
        { algorithm: 'md5', value: OTHER },
      ],
    });
    expect(added.body.added).toBe(2);
    deBank = (
      await t.admin.post('/banks', {
        name: 'German police list',
        visibility: 'participants',
        organisationId: as.de.organisation.id,
      })
    ).body;
    expect(
      (await as.de.api.post(`/banks/${deBank.id}/signals`, { signals: [{ algorithm: 'md5', value: KNOWN }] }))
        .body.added,
    ).toBe(1);

    withBe = await declareIncident(as, { participants: ['be', 'videoshare'], title: 'Seen by be' });
    withFr = await declareIncident(as, { participants: ['fr', 'clipcast'], title: 'Seen by fr' });
    // One after the other, so the log's order (and so the answer's) is known.
    shared.be = await shareAndWait(withBe.id, 'be', KNOWN);
    shared.fr = await shareAndWait(withFr.id, 'fr', KNOWN);
    shared.beOther = await shareAndWait(withBe.id, 'be', OTHER);
  }, 120_000);
  afterAll(() => t?.close());

  it('lists a hit with its incident, item, signal and distance, newest first', async () => {
    const res = await hitsAs('coordinator', members.id);
    expect(res.status).toBe(200);
    expect(res.body.items.map((h: any) => h.itemId)).toEqual([shared.beOther.id, shared.fr.id, shared.be.id]);
    expect(res.body.next).toBeUndefined();
    const signals = (await as.coordinator.api.get(`/banks/${members.id}/signals`)).body.items;
    const known = signals.find((s: any) => s.value === KNOWN);
    expect(res.body.items[2]).toEqual({
      incidentId: withBe.id,
      incidentRef: withBe.ref,
      incidentTitle: 'Seen by be',
      itemId: shared.be.id,
      signalId: known.id,
      algorithm: 'md5',
      distance: 0,
      label: 'attack video',
      sourceRef: 'te-1',
      at: expect.any(String),
    });
    expect(Date.parse(res.body.items[2].at)).not.toBeNaN();
    // Observers see every incident, so every hit.
    expect(incidentsOf(await hitsAs('observer', members.id))).toEqual([withBe.id, withFr.id, withBe.id]);
  });

  it('leaves out the hits in incidents the caller does not take part in', async () => {
    expect(incidentsOf(await hitsAs('be', members.id))).toEqual([withBe.id, withBe.id]);
    expect(incidentsOf(await hitsAs('videoshare', members.id))).toEqual([withBe.id, withBe.id]);
    expect(incidentsOf(await hitsAs('fr', members.id))).toEqual([withFr.id]);
    expect(incidentsOf(await hitsAs('clipcast', members.id))).toEqual([withFr.id]);
    // Sees the bank, takes part in no incident: no hit, and nothing that tells of one.
    for (const who of ['de', 'socialnet', 'admin']) {
      const res = await hitsAs(who, members.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    }
  });

  it('answers 404 for a bank the caller may not see, and opens once its organisation is a partner', async () => {
    // The participants bank is used only where de takes part: no incident yet.
    expect((await hitsAs('coordinator', deBank.id)).body.items).toEqual([]);
    withDe = await declareIncident(as, { participants: ['de', 'clipcast'], title: 'Seen by de' });
    shared.de = await shareAndWait(withDe.id, 'de', KNOWN, 2);
    const de = await hitsAs('de', deBank.id);
    expect(de.body.items.map((h: any) => [h.incidentId, h.itemId])).toEqual([[withDe.id, shared.de.id]]);
    expect(incidentsOf(await hitsAs('clipcast', deBank.id))).toEqual([withDe.id]);
    // be and fr share no incident with de: the bank is not theirs to see, nor are its hits.
    for (const who of ['be', 'fr', 'videoshare']) {
      const res = await hitsAs(who, deBank.id);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(withDe.id);
    }
    // The members bank hit in de's incident too; still not shown to those outside it.
    expect(incidentsOf(await hitsAs('fr', members.id))).toEqual([withFr.id]);
    expect(incidentsOf(await hitsAs('clipcast', members.id))).toEqual([withDe.id, withFr.id]);
    expect(incidentsOf(await hitsAs('coordinator', members.id))[0]).toBe(withDe.id);
  });

  it('pages with ?limit= and the next cursor', async () => {
    const first = await hitsAs('coordinator', members.id, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next).toMatch(/^\d+$/);
    const second = await hitsAs('coordinator', members.id, `?limit=2&after=${first.body.next}`);
    expect(second.body.items.map((h: any) => h.itemId)).toEqual([shared.fr.id, shared.be.id]);
    expect(second.body.next).toBeUndefined();
    // A participant's pages are cut from its own hits: a full page even when others' are newer.
    const be = await hitsAs('be', members.id, '?limit=1');
    expect(be.body.items.map((h: any) => h.itemId)).toEqual([shared.beOther.id]);
    const beNext = await hitsAs('be', members.id, `?limit=1&after=${be.body.next}`);
    expect(beNext.body.items.map((h: any) => h.itemId)).toEqual([shared.be.id]);
  });

  it('refuses a bad query with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=ten', 'limit'],
      ['?after=yesterday', 'after'],
      ['?after=-3', 'after'],
      [`?after=${'9'.repeat(201)}`, 'after'],
      ['?bank=all', 'bank'],
    ];
    for (const [query, field] of cases) {
      const res = await hitsAs('coordinator', members.id, query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
    const badId = await hitsAs('coordinator', 'not-a-bank');
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.body.message)).toContain('id');
    expect((await hitsAs('coordinator', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('reads a bank’s hits through its index, not the whole log', async () => {
    // The planner prefers a scan on a log this small: with scans priced out, the index must serve the query.
    const runner = t.hub.app.get(DataSource).createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      const plan: { 'QUERY PLAN': string }[] = await runner.query(
        `EXPLAIN SELECT e.id FROM incident_events e
          WHERE e.type = 'item.bank_matched' AND e.data ->> 'bankId' = $1 ORDER BY e.id DESC LIMIT 21`,
        [members.id],
      );
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('incident_events_bank_hits_idx');
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  });
});
