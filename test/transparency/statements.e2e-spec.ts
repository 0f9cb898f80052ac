import { HUB_OPTIONS } from '@hub/app';
import { statementViolations } from '@hub/domain';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';

/** What only the platform knows, added to a draft before its pipeline submits it. */
const PLATFORM_FACTS: Record<string, unknown> = {
  content_date: '2026-11-30',
  territorial_scope: ['BE', 'FR', 'DE'],
  content_type: ['CONTENT_TYPE_VIDEO'],
  incompatible_content_ground: 'Community guidelines: violent extremism',
  illegal_content_legal_ground: 'Regulation (EU) 2021/784, Article 3',
};

describe('DSA statements of reasons', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  const items: Record<string, any> = {};
  const path = (platformKey: string, extra = '') =>
    `/incidents/${incident.id}/statements-of-reasons?platformKey=${platformKey}${extra}`;
  const record = (itemId: string, platformKey: string, status: string, reason?: string) =>
    as[platformKey].api
      .post(`/incidents/${incident.id}/items/${itemId}/containment/${platformKey}`, { status, reason })
      .then((res) => {
        if (res.status !== 200 && res.status !== 201)
          throw new Error(`${status}: ${JSON.stringify(res.body)}`);
      });

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'statements' });
    as = await t.seed();
    incident = await declareIncident(as, { participants: ['be', 'fr', 'videoshare', 'clipcast'] });
    const share = async (by: string, body: object) =>
      (await as[by].api.post(`/incidents/${incident.id}/items`, body)).body.item;
    items.order = await share('be', {
      kind: 'url',
      url: 'https://videoshare.example/v/sor-order',
      channel: 'removal_order',
      legalReference: 'TCO art. 3, order BE-SOR-1',
      metadata: { contentType: 'video', language: 'nl', uploaderHandle: 'sor-uploader-handle' },
    });
    items.referral = await share('fr', {
      kind: 'url',
      url: 'https://videoshare.example/v/sor-referral',
      channel: 'referral',
      metadata: { contentType: 'image' },
    });
    items.hash = await share('fr', {
      kind: 'hash',
      hash: { algorithm: 'pdq', value: pdqHash(), quality: 90 },
      channel: 'alert',
    });
    items.ignored = await share('be', {
      kind: 'url',
      url: 'https://videoshare.example/v/sor-no-action',
      channel: 'referral',
    });
    await record(items.order.id, 'videoshare', 'acknowledged');
    await record(items.order.id, 'videoshare', 'removed');
    await record(items.referral.id, 'videoshare', 'restricted', 'Guidelines 4.2: graphic violence');
    await record(items.hash.id, 'videoshare', 'labelled');
    await record(items.ignored.id, 'videoshare', 'no_action', 'not on our service');
    await record(items.hash.id, 'clipcast', 'removed');
  });
  afterAll(() => t?.close());

  it('drafts one statement per cell the platform removed, restricted or labelled, never complete without the platform’s facts', async () => {
    const res = await as.videoshare.api.get(path('videoshare'));
    expect(res.status).toBe(200);
    expect(res.body.next).toBeUndefined();
    expect(res.body.schema).toContain('v2');
    const byItem = new Map<string, any>(res.body.statements.map((d: any) => [d.itemId, d]));
    expect([...byItem.keys()].sort()).toEqual([items.order.id, items.referral.id, items.hash.id].sort());

    const order = byItem.get(items.order.id);
    expect(order.statement).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      illegal_content_legal_ground: 'TCO art. 3, order BE-SOR-1',
      category: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
      content_type: ['CONTENT_TYPE_VIDEO'],
      content_language: 'NL',
      source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
      automated_detection: 'No',
      automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
      puid: `crisis-hub_${items.order.id}`,
      application_date: new Date().toISOString().slice(0, 10),
    });
    expect(order).toMatchObject({
      complete: false,
      missing: ['content_date', 'territorial_scope'],
      authorityOrder: true,
    });

    const referral = byItem.get(items.referral.id);
    expect(referral.statement).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'],
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: 'Guidelines 4.2: graphic violence',
      content_type: ['CONTENT_TYPE_IMAGE'],
    });
    const hash = byItem.get(items.hash.id);
    expect(hash.statement.decision_visibility).toEqual(['DECISION_VISIBILITY_CONTENT_LABELLED']);
    expect(hash.missing).toEqual(
      expect.arrayContaining([
        'content_type',
        'incompatible_content_ground',
        'content_date',
        'territorial_scope',
      ]),
    );

    for (const draft of res.body.statements) {
      expect(draft.complete).toBe(false);
      // Exactly the missing fields stand between the draft and the database's acceptance.
      expect(
        statementViolations(draft.statement)
          .map((v: any) => v.field)
          .sort(),
      ).toEqual([...draft.missing].sort());
      const facts = Object.fromEntries(draft.missing.map((f: string) => [f, PLATFORM_FACTS[f]]));
      expect(statementViolations({ ...draft.statement, ...facts })).toEqual([]);
    }
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('videoshare.example');
    expect(text).not.toContain('sor-uploader-handle');
    expect(text).not.toContain(items.hash.hash.value);
  });

  it('gives each platform its own statements, with PUIDs unique to the platform', async () => {
    const res = await as.clipcast.api.get(path('clipcast'));
    expect(res.status).toBe(200);
    expect(res.body.statements.map((d: any) => d.itemId)).toEqual([items.hash.id]);
    expect(res.body.statements[0].statement.decision_visibility).toEqual([
      'DECISION_VISIBILITY_CONTENT_REMOVED',
    ]);
  });

  it('lets a coordinator draft for a platform, and nobody else but that platform’s liaison', async () => {
    expect((await as.coordinator.api.get(path('videoshare'))).body.statements).toHaveLength(3);
    expect((await as.clipcast.api.get(path('videoshare'))).status).toBe(403);
    expect((await as.be.api.get(path('videoshare'))).status).toBe(403);
    expect((await as.observer.api.get(path('videoshare'))).status).toBe(403);
    expect((await as.socialnet.api.get(path('socialnet'))).status).toBe(404);
  });

  it('refuses a missing or malformed platform key or cursor with 400 naming it', async () => {
    const none = await as.videoshare.api.get(`/incidents/${incident.id}/statements-of-reasons`);
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('platformKey');
    const bad = await as.videoshare.api.get(path('videoshare', '&after=not-a-uuid'));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('after');
  });

  it('batches 100 statements at a time with a cursor', async () => {
    const bulk = await as.be.api.post(`/incidents/${incident.id}/items/bulk`, {
      items: Array.from({ length: 101 }, (_, i) => ({
        kind: 'url',
        url: `https://clipcast.example/v/sor-batch-${i}`,
        channel: 'referral',
        metadata: { contentType: 'video' },
      })),
    });
    expect(bulk.status).toBe(200);
    const ids: string[] = bulk.body.results.map((r: any) => r.item.id);
    for (const id of ids) await record(id, 'clipcast', 'removed', 'Terms 3.1');
    const first = await as.clipcast.api.get(path('clipcast'));
    expect(first.body.statements).toHaveLength(100);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await as.clipcast.api.get(path('clipcast', `&after=${first.body.next}`));
    expect(second.body.statements).toHaveLength(2);
    expect(second.body.next).toBeUndefined();
    const all = [...first.body.statements, ...second.body.statements].map((d: any) => d.statement.puid);
    expect(new Set(all).size).toBe(102);
    expect(all.sort()).toEqual([...ids, items.hash.id].map((id) => `crisis-hub_${id}`).sort());
  });
});
