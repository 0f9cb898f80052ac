import { HUB_OPTIONS } from '@hub/app';
import { PurgePersonalDataUseCase } from '@hub/domain';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';

describe('retention of personal data', () => {
  let t: TestHub;
  let as: Cast;
  let db: TestHub['sql'];
  let purge: PurgePersonalDataUseCase;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'retention' });
    as = await t.seed();
    db = t.sql;
    purge = t.hub.app.get(PurgePersonalDataUseCase);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An incident with one item holding an uploader's handle and one without, closed `daysAgo`. */
  const closedIncident = async (daysAgo: number | null, handle: string) => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const share = (url: string, metadata: object) =>
      as.be.api.post(`/incidents/${incident.id}/items`, { kind: 'url', url, channel: 'referral', metadata });
    // The URLs name the incident, never the handle: only the metadata field holds it.
    const personal = (
      await share(`https://videoshare.example/v/${incident.ref}-1`, {
        uploaderHandle: handle,
        language: 'nl',
      })
    ).body.item;
    const plain = (await share(`https://videoshare.example/v/${incident.ref}-2`, { contentType: 'video' }))
      .body.item;
    if (daysAgo !== null) {
      const closed = await as.coordinator.api.post(`/incidents/${incident.id}/close`, {
        summary: 'Contained',
      });
      expect(closed.status).toBe(200);
      await db.query(`UPDATE incidents SET closed_at = now() - make_interval(days => $2) WHERE id = $1`, [
        incident.id,
        daysAgo,
      ]);
    }
    return { incident, personal, plain };
  };
  const item = async (incidentId: string, itemId: string) =>
    (await as.be.api.get(`/incidents/${incidentId}/items/${itemId}`)).body;
  const events = async (incidentId: string): Promise<any[]> =>
    (await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`)).body.items;
  const purgedAt = async (itemId: string) =>
    (await db.query(`SELECT purged_at FROM items WHERE id = $1`, [itemId])).rows[0].purged_at;

  it('purges the uploader handle of an incident closed past the retention period, once', async () => {
    const old = await closedIncident(200, 'attacker01');
    const recent = await closedIncident(10, 'recent02');
    const open = await closedIncident(null, 'open03');
    const retentionDays = t.hub.config.HUB_RETENTION_DAYS;
    expect(retentionDays).toBe(180);

    await expect(purge.execute(new Date(), retentionDays)).resolves.toEqual({ incidents: 1, items: 1 });

    expect((await item(old.incident.id, old.personal.id)).metadata).toEqual({ language: 'nl' });
    expect((await item(old.incident.id, old.plain.id)).metadata).toEqual({ contentType: 'video' });
    expect(await purgedAt(old.personal.id)).toBeInstanceOf(Date);
    expect(await purgedAt(old.plain.id)).toBeNull();
    const log = await events(old.incident.id);
    const purged = log.filter((e) => e.type === 'item.purged');
    expect(purged.map((e) => e.data)).toEqual([
      {
        fields: ['uploaderHandle'],
        items: 1,
        closedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    const closedAt = (await db.query(`SELECT closed_at FROM incidents WHERE id = $1`, [old.incident.id]))
      .rows[0].closed_at;
    expect(purged[0].data.closedAt).toBe(closedAt.toISOString());
    expect(purged[0].actor).toEqual({ memberId: null, organisationId: null });
    expect(JSON.stringify(log)).not.toContain('attacker01');
    const raw = await db.query(
      `SELECT count(*)::int AS n FROM items WHERE metadata::text LIKE '%attacker01%'`,
    );
    expect(raw.rows[0].n).toBe(0);

    // A second run finds nothing left to purge and says nothing.
    await expect(purge.execute(new Date(), retentionDays)).resolves.toEqual({ incidents: 0, items: 0 });
    expect(await events(old.incident.id)).toHaveLength(log.length);

    for (const untouched of [recent, open]) {
      expect(
        (await item(untouched.incident.id, untouched.personal.id)).metadata.uploaderHandle,
      ).toBeDefined();
      expect(await purgedAt(untouched.personal.id)).toBeNull();
      expect((await events(untouched.incident.id)).filter((e) => e.type === 'item.purged')).toEqual([]);
    }
  });
});
