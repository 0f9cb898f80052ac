import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';

/**
 * An incident's reference (`CH-2026-0001`) stands for its id in every path that takes one: the same
 * answers, the same rows written, and the same 404 for a reference that names no incident as for an
 * incident the caller may not see.
 */
describe('incident references in paths', () => {
  let t: TestHub;
  let as: Cast;
  let incident: { id: string; ref: string };
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'refs' });
    as = await t.seed();
    incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
  });
  afterAll(() => t?.close());

  it('answers the incident for its reference, as for its id', async () => {
    expect(incident.ref).toMatch(/^CH-\d{4}-\d{4,}$/);
    const byRef = await as.be.api.get(`/incidents/${incident.ref}`);
    expect(byRef.status).toBe(200);
    expect(byRef.body).toEqual((await as.be.api.get(`/incidents/${incident.id}`)).body);
    // People type references in lower case too.
    expect((await as.coordinator.api.get(`/incidents/${incident.ref.toLowerCase()}`)).body.id).toBe(
      incident.id,
    );
  });

  it('shares into, reads from and acts on an incident by reference', async () => {
    const shared = await as.be.api.post(`/incidents/${incident.ref}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/by-ref',
      channel: 'referral',
    });
    expect(shared.status).toBe(201);
    const rows = await t.sql.query('SELECT incident_id FROM items WHERE id = $1', [shared.body.item.id]);
    expect(rows.rows).toEqual([{ incident_id: incident.id }]);

    const cell = await as.videoshare.api.post(
      `/incidents/${incident.ref}/items/${shared.body.item.id}/containment/videoshare`,
      { status: 'acknowledged' },
    );
    expect(cell.status).toBe(200);
    expect(cell.body.status).toBe('acknowledged');

    const items = await as.be.api.get(`/incidents/${incident.ref}/items`);
    expect(items.body.items.map((i: { id: string }) => i.id)).toEqual([shared.body.item.id]);
    const events = await as.be.api.get(`/incidents/${incident.ref}/events?after=0`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toContain('containment.updated');
    expect(events.body.items.every((e: { incidentId: string }) => e.incidentId === incident.id)).toBe(true);
    expect((await as.be.api.get(`/incidents/${incident.ref}/containment`)).status).toBe(200);
    const report = await as.be.api.get(`/incidents/${incident.ref}/report?format=json`);
    expect(report.status).toBe(200);
    const exported = await as.be.api.get(`/incidents/${incident.ref}/export?format=te`);
    expect(exported.status).toBe(200);
    expect(exported.body).toContain('url https://videoshare.example/v/by-ref');
    const statements = await as.videoshare.api.get(
      `/incidents/${incident.ref}/statements-of-reasons?platformKey=videoshare`,
    );
    expect(statements.status).toBe(200);

    const level = await as.coordinator.api.post(`/incidents/${incident.ref}/level`, {
      level: 'incident',
      rationale: 'contained on the main service',
    });
    expect(level.status).toBe(200);
    expect(level.body).toMatchObject({ id: incident.id, level: 'incident' });
  });

  it('answers 404 for a reference that names no incident, and stores nothing', async () => {
    const before = await t.sql.query('SELECT count(*)::int AS n FROM items');
    for (const answer of [
      await as.coordinator.api.get('/incidents/CH-2026-9999'),
      await as.coordinator.api.get('/incidents/EX-1999-0001/items'),
      await as.be.api.post('/incidents/CH-2026-9999/items', {
        kind: 'url',
        url: 'https://videoshare.example/v/nowhere',
        channel: 'referral',
      }),
      await as.coordinator.api.post('/incidents/CH-2026-9999/close', { summary: 'nothing' }),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.message).toBe('incident not found');
    }
    expect((await t.sql.query('SELECT count(*)::int AS n FROM items')).rows).toEqual(before.rows);
  });

  it('keeps an incident out of sight by reference as by id: the same 404 as for no incident', async () => {
    // de and socialnet do not take part; an admin sees no incident at all.
    for (const who of ['de', 'socialnet'] as const) {
      const byRef = await as[who].api.get(`/incidents/${incident.ref}`);
      const byId = await as[who].api.get(`/incidents/${incident.id}`);
      const unknown = await as[who].api.get('/incidents/CH-2026-9999');
      expect([byRef.status, byId.status, unknown.status]).toEqual([404, 404, 404]);
      expect(byRef.body).toEqual(unknown.body);
      expect((await as[who].api.get(`/incidents/${incident.ref}/items`)).status).toBe(404);
      expect((await as[who].api.get(`/incidents/${incident.ref}/export?format=te`)).status).toBe(404);
    }
    expect((await t.admin.get(`/incidents/${incident.ref}`)).status).toBe(404);
  });

  it('refuses what is neither an id nor a reference, naming the parameter', async () => {
    const answer = await as.coordinator.api.get('/incidents/CH-26-1');
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      { field: 'id', message: 'must be an incident id (a UUID) or reference (CH-2026-0001)' },
    ]);
  });

  it('takes an exercise incident by its EX- reference', async () => {
    const exercise = await declareIncident(as, { mode: 'exercise', participants: ['be'] });
    expect(exercise.ref).toMatch(/^EX-/);
    expect((await as.be.api.get(`/incidents/${exercise.ref}`)).body.id).toBe(exercise.id);
  });
});
