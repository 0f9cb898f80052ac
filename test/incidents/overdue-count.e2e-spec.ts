import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';

/**
 * `overdueCount` on an incident: its cells with a deadline still open that has passed. Deadlines are
 * moved into the past in SQL rather than waited for.
 */
describe('incidents: overdueCount', () => {
  let t: TestHub;
  let as: Cast;
  let db: TestHub['sql'];
  let incident: any;
  let quiet: any;
  const items: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'overdue' });
    as = await t.seed();
    db = t.sql;
    incident = await declareIncident(as, { participants: ['be', 'videoshare', 'clipcast'] });
    quiet = await declareIncident(as, { participants: ['be', 'videoshare'], title: 'Quiet incident' });
    for (const [key, url] of [
      ['vs1', 'https://videoshare.example/v/overdue-1'],
      ['vs2', 'https://videoshare.example/v/overdue-2'],
      ['cc1', 'https://clipcast.example/c/overdue-3'],
    ]) {
      const res = await as.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url,
        channel: 'referral',
      });
      expect(res.status).toBe(201);
      items[key] = res.body.item.id;
    }
    const other = await as.be.api.post(`/incidents/${quiet.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/quiet',
      channel: 'referral',
    });
    expect(other.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  const shown = async (id: string): Promise<number> => {
    const res = await as.coordinator.api.get(`/incidents/${id}`);
    expect(res.status).toBe(200);
    return res.body.overdueCount;
  };
  const listed = async (): Promise<Record<string, number>> => {
    const res = await as.coordinator.api.get('/incidents?limit=100');
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.items.map((i: any) => [i.id, i.overdueCount]));
  };
  const counts = async () => ({ shown: await shown(incident.id), listed: (await listed())[incident.id] });
  const contain = (who: string, item: string, platformKey: string, status: string) =>
    as[who].api.post(`/incidents/${incident.id}/items/${items[item]}/containment/${platformKey}`, { status });
  const pastDue = async (column: 'ack_due_at' | 'action_due_at', itemIds: string[]) => {
    const res = await db.query(
      `UPDATE containment_cells SET ${column} = now() - interval '1 minute' WHERE item_id = ANY($1::uuid[])`,
      [itemIds],
    );
    expect(res.rowCount).toBe(itemIds.length);
  };

  it('is 0 while every deadline lies ahead', async () => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM containment_cells WHERE incident_id = $1 AND ack_due_at > now()`,
      [incident.id],
    );
    expect(rows[0].n).toBe(3);
    expect(await counts()).toEqual({ shown: 0, listed: 0 });
    expect((await listed())[quiet.id]).toBe(0);
  });

  it('counts each cell whose acknowledgement deadline has passed, per incident', async () => {
    await pastDue('ack_due_at', [items.vs1, items.vs2, items.cc1]);
    expect(await counts()).toEqual({ shown: 3, listed: 3 });
    const all = await listed();
    expect(all[quiet.id]).toBe(0);
    expect(await shown(quiet.id)).toBe(0);
    // Every participant sees the same count.
    expect((await as.be.api.get(`/incidents/${incident.id}`)).body.overdueCount).toBe(3);
  });

  it('goes down as the liaison acknowledges, and stops while clarification is requested', async () => {
    expect((await contain('videoshare', 'vs1', 'videoshare', 'acknowledged')).status).toBe(200);
    expect(await counts()).toEqual({ shown: 2, listed: 2 });
    expect((await contain('clipcast', 'cc1', 'clipcast', 'clarification_requested')).status).toBe(200);
    expect(await counts()).toEqual({ shown: 1, listed: 1 });
  });

  it('counts a passed action deadline until an outcome is recorded', async () => {
    await pastDue('action_due_at', [items.vs1]);
    expect(await counts()).toEqual({ shown: 2, listed: 2 });
    expect((await contain('videoshare', 'vs1', 'videoshare', 'removed')).status).toBe(200);
    expect((await contain('videoshare', 'vs2', 'videoshare', 'acknowledged')).status).toBe(200);
    expect(await counts()).toEqual({ shown: 0, listed: 0 });
    const { rows } = await db.query(
      `SELECT status, acknowledged_at IS NOT NULL AS acked, acted_at IS NOT NULL AS acted
         FROM containment_cells WHERE incident_id = $1 ORDER BY status`,
      [incident.id],
    );
    expect(rows).toEqual([
      { status: 'acknowledged', acked: true, acted: false },
      { status: 'clarification_requested', acked: false, acted: false },
      { status: 'removed', acked: true, acted: true },
    ]);
  });
});
