import { HUB_OPTIONS } from '@hub/app';
import { QUEUES } from '@hub/contracts';
import { deadlineJobId, type PlannedJob } from '@hub/domain';
import { QueueFactory } from '@hub/platform';
import { RelayService } from '@hub/worker';
import {
  declareIncident,
  startTestHub,
  waitFor,
  WebhookReceiver,
  type Cast,
  type TestHub,
} from '@hub/testing';

/**
 * Reconciliation re-creates only what may have been lost: the delivery a cell is still owed, and the check
 * of a deadline that passed unchecked. Cells that are merely waiting are left alone, however many.
 */
describe('relay reconciliation', () => {
  let t: TestHub;
  let as: Cast;
  let db: TestHub['sql'];
  let relay: RelayService;
  let hookshareId: string;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    receiver.respond = () => 503; // deliveries stay owed while the test looks
    t = await startTestHub(HUB_OPTIONS, { label: 'reconcile', env: { HUB_WEBHOOK_BACKOFF_MS: '60000' } });
    as = await t.seed();
    hookshareId = (await t.webhookPlatform({ secret: 'reconcile-secret-0123456789', receiver })).id;
    db = t.sql;
    relay = t.hub.app.get(RelayService);
    await waitFor(
      () => relay.isLeader,
      (leader) => leader,
      { what: 'relay leadership' },
    );
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  /** What one reconciliation pass enqueues. */
  const reconcileOnce = (): Promise<PlannedJob[]> => relay.reconcile();

  it('leaves waiting cells alone, and re-creates owed deliveries and unchecked past deadlines', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    await as.coordinator.api.post(`/incidents/${incident.id}/participants`, { organisationId: hookshareId });
    const share = (url: string) =>
      as.be.api.post(`/incidents/${incident.id}/items`, { kind: 'url', url, channel: 'referral' });
    const quiet = (await share('https://videoshare.example/v/waiting')).body.item;
    const owed = (await share('https://hookshare.example/v/owed')).body.item;
    const late = (await share('https://videoshare.example/v/late')).body.item;
    // Everything is older than the grace period; deadlines are still ahead.
    await db.query(
      `UPDATE containment_cells SET created_at = now() - interval '1 minute' WHERE incident_id = $1`,
      [incident.id],
    );
    await db.query(
      `UPDATE containment_cells SET ack_due_at = now() - interval '10 seconds' WHERE item_id = $1`,
      [late.id],
    );

    const jobs = await reconcileOnce();
    const about = (itemId: string) => jobs.filter((j) => (j.data as { itemId: string }).itemId === itemId);
    // A videoshare cell with no webhook and its deadlines ahead: nothing to re-create.
    expect(about(quiet.id)).toEqual([]);
    // The hookshare cell is still owed its delivery, under the id and event of the original share.
    const shared = await db.query(
      `SELECT id FROM incident_events WHERE incident_id = $1 AND type = 'item.shared' AND data->>'itemId' = $2`,
      [incident.id, owed.id],
    );
    expect(about(owed.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          queue: 'deliveries',
          id: `dlv_${owed.id}_hookshare`,
          data: expect.objectContaining({ eventId: String(shared.rows[0].id), reason: 'item' }),
        }),
      ]),
    );
    // The late cell's acknowledgement deadline passed unchecked: its check is re-created.
    expect(about(late.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queue: 'deadlines', data: expect.objectContaining({ kind: 'ack' }) }),
      ]),
    );

    // Once the delivery is recorded and the deadline checked, the next pass has nothing for them.
    await db.query(
      `INSERT INTO deliveries (delivery_id, outcome, incident_id) VALUES ($1, 'succeeded', $2)`,
      [`${owed.id}:hookshare`, incident.id],
    );
    await db.query(`UPDATE containment_cells SET overdue_count = 1 WHERE item_id = $1`, [late.id]);
    const again = await reconcileOnce();
    expect(
      again.filter((j) => [quiet.id, owed.id, late.id].includes((j.data as { itemId: string }).itemId)),
    ).toEqual([]);
  });

  it('keeps first deadline checks in the database until they come within the horizon', async () => {
    const incident = await declareIncident(as, { participants: ['be'] });
    await as.coordinator.api.post(`/incidents/${incident.id}/participants`, { organisationId: hookshareId });
    const share = (url: string) =>
      as.be.api.post(`/incidents/${incident.id}/items`, { kind: 'url', url, channel: 'referral' });
    const soon = (await share('https://hookshare.example/v/soon')).body.item;
    const later = (await share('https://hookshare.example/v/later')).body.item;
    const queues = t.hub.app.get(QueueFactory);
    const checkOf = async (itemId: string) => {
      const { rows } = await db.query(`SELECT ack_due_at FROM containment_cells WHERE item_id = $1`, [
        itemId,
      ]);
      const id = deadlineJobId(itemId, 'hookshare', 'ack', (rows[0].ack_due_at as Date).toISOString(), 0);
      return { id, job: await queues.queue(QUEUES.deadlines).getJob(id) };
    };
    // Relayed (the deliveries are in the platform's webhook lane), but the checks due in 15 minutes are not.
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM webhook_outbox WHERE item_id = $1`, [later.id])).rowCount,
      (n) => n === 1,
      { what: 'the shares relayed' },
    );
    expect((await checkOf(soon.id)).job).toBeFalsy();
    expect((await checkOf(later.id)).job).toBeFalsy();

    // One comes within the horizon (time moved on: the pass looks at every due time, as after taking the
    // lead): the scheduling pass puts its check on the queue, due then.
    await db.query(
      `UPDATE containment_cells SET ack_due_at = now() + interval '1 minute' WHERE item_id = $1`,
      [soon.id],
    );
    await relay.scheduleDeadlines(null);
    const near = await checkOf(soon.id);
    expect(near.job?.data).toEqual(expect.objectContaining({ itemId: soon.id, kind: 'ack', repeat: 0 }));
    expect(near.job?.opts.delay).toBeGreaterThan(30_000);
    expect((await checkOf(later.id)).job).toBeFalsy();

    // A removal order whose acknowledgement already went overdue still gets the check of its action.
    const ordered = (
      await as.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url: 'https://hookshare.example/v/ordered',
        channel: 'removal_order',
        legalReference: 'TCO art. 3',
      })
    ).body.item;
    const { rows } = await db.query(
      `UPDATE containment_cells SET ack_due_at = now() - interval '1 minute', overdue_count = 1,
              action_due_at = now() + interval '1 minute'
        WHERE item_id = $1 RETURNING action_due_at`,
      [ordered.id],
    );
    await relay.scheduleDeadlines(null);
    const actId = deadlineJobId(
      ordered.id,
      'hookshare',
      'act',
      (rows[0].action_due_at as Date).toISOString(),
      0,
    );
    expect((await queues.queue(QUEUES.deadlines).getJob(actId))?.data).toEqual(
      expect.objectContaining({ itemId: ordered.id, kind: 'act', repeat: 0 }),
    );
  });
});
