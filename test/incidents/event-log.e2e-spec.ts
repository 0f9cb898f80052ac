import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';

describe('the incident event log', () => {
  let t: TestHub;
  let as: Cast;
  let db: TestHub['sql'];
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'eventlog' });
    as = await t.seed();
    db = t.sql;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives 100 parallel shares to one incident seq 1..N with no gap and no duplicate', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'fr', 'videoshare'] });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        as[i % 2 ? 'be' : 'fr'].api.post(`/incidents/${incident.id}/items`, {
          kind: 'url',
          url: `https://videoshare.example/p/${i % 90}`,
          channel: 'referral',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(90);
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    const rows = await db.query(`SELECT seq FROM incident_events WHERE incident_id = $1 ORDER BY seq`, [
      incident.id,
    ]);
    expect(rows.rows.map((r) => r.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    const head = await db.query(`SELECT last_seq FROM incidents WHERE id = $1`, [incident.id]);
    expect(head.rows[0].last_seq).toBe(101);
    const items = await db.query(`SELECT count(*)::int AS n FROM items WHERE incident_id = $1`, [
      incident.id,
    ]);
    expect(items.rows[0].n).toBe(90);
  });

  it('pages events in seq order', async () => {
    const incident = await declareIncident(as, { participants: ['be'] });
    for (let i = 0; i < 5; i++) await as.be.api.post(`/incidents/${incident.id}/messages`, { text: `m${i}` });
    const first = await as.be.api.get(`/incidents/${incident.id}/events?limit=3`);
    expect(first.body.items.map((e: any) => e.seq)).toEqual([1, 2, 3]);
    const rest = await as.be.api.get(`/incidents/${incident.id}/events?after=3&limit=10`);
    expect(rest.body.items.map((e: any) => e.seq)).toEqual([4, 5, 6]);
    expect(rest.body.items[0]).toMatchObject({
      incidentId: incident.id,
      type: 'message.posted',
      actor: { memberId: as.be.memberId, organisationId: as.be.organisation.id },
      data: { text: 'm2' },
    });
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    await expect(db.query(`UPDATE incident_events SET type = 'x' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`DELETE FROM incident_events WHERE seq = 1`)).rejects.toThrow(/append-only/);
  });

  it('keeps every incident its events, items and cells name: none is deleted or given another id', async () => {
    const [{ id }] = (await db.query(`SELECT incident_id AS id FROM incident_events LIMIT 1`)).rows;
    await expect(db.query(`DELETE FROM incidents WHERE id = $1`, [id])).rejects.toThrow(/incidents are kept/);
    await expect(db.query(`UPDATE incidents SET id = gen_random_uuid() WHERE id = $1`, [id])).rejects.toThrow(
      /incidents are kept/,
    );
    expect((await db.query(`SELECT 1 FROM incidents WHERE id = $1`, [id])).rowCount).toBe(1);
  });

  it('verifies the chain, and names the first event altered behind its back', async () => {
    const verified = await t.admin.get('/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.checked).toBeGreaterThan(100);
    expect((await as.observer.api.get('/audit/verify')).status).toBe(200);
    expect((await as.coordinator.api.get('/audit/verify')).status).toBe(403);

    const incident = await declareIncident(as, { participants: ['be'] });
    for (let i = 0; i < 3; i++)
      await as.be.api.post(`/incidents/${incident.id}/messages`, { text: `original ${i}` });
    const target = await db.query(`SELECT id FROM incident_events WHERE incident_id = $1 AND seq = 3`, [
      incident.id,
    ]);
    // Someone with direct database access rewrites a message, bypassing the trigger.
    await db.query(`ALTER TABLE incident_events DISABLE TRIGGER incident_events_no_update`);
    await db.query(
      `UPDATE incident_events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE id = $1`,
      [target.rows[0].id],
    );
    const broken = await t.admin.get('/audit/verify');
    expect(broken.body).toMatchObject({ ok: false, firstBrokenEventId: String(target.rows[0].id) });

    // Restore it, then cut off the last event instead: the chain stops short of the incident's head.
    await db.query(
      `UPDATE incident_events SET data = jsonb_set(data, '{text}', '"original 1"') WHERE id = $1`,
      [target.rows[0].id],
    );
    expect((await t.admin.get('/audit/verify')).body.ok).toBe(true);
    await db.query(`DELETE FROM incident_events WHERE incident_id = $1 AND seq = 4`, [incident.id]);
    await db.query(`ALTER TABLE incident_events ENABLE TRIGGER incident_events_no_update`);
    const truncated = await t.admin.get('/audit/verify');
    expect(truncated.body.ok).toBe(false);
    expect(truncated.body.firstBrokenEventId).toBe(String(target.rows[0].id));
  });
});
