import { HUB_OPTIONS } from '@hub/app';
import { QUEUES } from '@hub/contracts';
import { QueueFactory } from '@hub/platform';
import { declareIncident, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Acknowledgement deadlines of a minute at level `incident` (its first checks go on the queue at once, as
 * they fall within the relay's two-minute horizon) and of three seconds at `crisis` (overdue at once, so a
 * reminder waits on the queue).
 */
const protocols = join(tmpdir(), `protocols-deadline-queue-${process.pid}.yaml`);
writeFileSync(
  protocols,
  readFileSync(join(__dirname, '..', '..', 'config', 'protocols.yaml'), 'utf8')
    .replace(/acknowledgeMinutes: 60/g, 'acknowledgeMinutes: 1')
    .replace(/acknowledgeMinutes: 15/g, 'acknowledgeMinutes: 0.05'),
);

/** The deadline queue on real Redis holds the checks still owed, and loses those an acknowledgement meets. */
describe('the deadline queue', () => {
  let t: TestHub;
  let as: Cast;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'ddlqueue', env: { HUB_PROTOCOL_FILE: protocols } });
    as = await t.seed();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(protocols, { force: true });
  });

  const deadlines = async () => {
    const counts = await t.hub.app.get(QueueFactory).counts();
    return counts[QUEUES.deadlines] ?? { waiting: 0, active: 0, delayed: 0, failed: 0 };
  };
  async function share(incidentId: string, n: number, tag: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await as.be.api.post(`/incidents/${incidentId}/items`, {
        kind: 'url',
        url: `https://videoshare.example/${tag}/${i}`,
        channel: 'referral',
      });
      expect(res.status).toBe(201);
      ids.push(res.body.item.id);
    }
    return ids;
  }
  const acknowledge = async (incidentId: string, itemIds: string[]) => {
    for (const itemId of itemIds) {
      const res = await as.videoshare.api.post(
        `/incidents/${incidentId}/items/${itemId}/containment/videoshare`,
        { status: 'acknowledged' },
      );
      expect(res.status).toBe(200);
    }
  };

  it('withdraws the first checks of cells acknowledged before their deadline', async () => {
    const incident = await declareIncident(as, { level: 'incident', participants: ['be', 'videoshare'] });
    const items = await share(incident.id, 6, 'on-time');
    // One acknowledgement check per cell, a minute ahead.
    await waitFor(deadlines, (c) => c.delayed === 6, { what: 'six delayed checks' });
    await acknowledge(incident.id, items.slice(0, 4));
    // Well before the minute is up: only the two cells still owing an acknowledgement keep theirs.
    const after = await waitFor(deadlines, (c) => c.delayed === 2, {
      timeoutMs: 30_000,
      what: 'two delayed checks left',
    });
    expect(after).toMatchObject({ waiting: 0, failed: 0 });
    await acknowledge(incident.id, items.slice(4));
    await waitFor(deadlines, (c) => c.delayed === 0, { timeoutMs: 30_000, what: 'no delayed check' });
  });

  it('withdraws the pending reminder of an overdue cell once it is acknowledged', async () => {
    const incident = await declareIncident(as, { level: 'crisis', participants: ['be', 'videoshare'] });
    const items = await share(incident.id, 3, 'late');
    const overdue = async () =>
      (
        await t.sql.query(
          `SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND type = 'containment.overdue'`,
          [incident.id],
        )
      ).rows[0].n as number;
    await waitFor(overdue, (n) => n === 3, { timeoutMs: 30_000, what: 'three overdue cells' });
    // Each overdue cell has its next reminder waiting (15 minutes ahead), and nothing else.
    await waitFor(deadlines, (c) => c.delayed === 3 && c.waiting === 0 && c.active === 0, {
      what: 'three reminders',
    });
    await acknowledge(incident.id, items);
    await waitFor(deadlines, (c) => c.delayed === 0, { timeoutMs: 30_000, what: 'no reminder left' });
    expect(await overdue()).toBe(3);
  });
});
