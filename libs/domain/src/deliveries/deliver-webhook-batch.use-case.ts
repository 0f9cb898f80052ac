import type { DeliveryBatchJob, DeliveryJob } from '@hub/contracts';
import { SYSTEM_ACTOR } from '../core/actor';
import type { Clock } from '../core/clock';
import type { NewEvent } from '../events/event.model';
import type { IdentityRepository } from '../identity/identity.ports';
import { canTransition } from '../incidents';
import type { CellRecord, IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { IncidentQueries, IncidentStore, IncidentTx } from '../incidents/incident.ports';
import { cellView, incidentView, itemView } from '../incidents/incident.views';
import { publicMetadata } from '../incidents/share-items.use-case';
import {
  deliveryEvent,
  signedHeaders,
  webhookTarget,
  WebhookRejected,
  type DeliveryOutcome,
  type WebhookSender,
} from './deliver-webhook.use-case';

/** One delivery of a batch, with what it tells. */
interface Entry {
  job: DeliveryJob;
  deliveryId: string;
  incident: IncidentRecord;
  item: ItemRecord;
  cell: CellRecord;
}

/**
 * A lane's head sent one POST per event stopped at a failure: the first `done` were delivered and recorded,
 * the next one failed (recorded as failed if that was its last attempt).
 */
export class PartlySent extends Error {
  constructor(
    readonly done: number,
    readonly reason: unknown,
  ) {
    super(`${done} sent, then: ${(reason as Error)?.message ?? String(reason)}`);
    this.name = 'PartlySent';
  }
}

/**
 * Deliveries are recorded in one statement (late locking): the incident's row is locked only while
 * PostgreSQL runs it, never while this process is busy elsewhere, so no share waits behind a record.
 */
const AT_ONCE = { lock: 'late' } as const;

/** How long one head of single deliveries is sent for before those sent are recorded. */
const SINGLES_BUDGET_MS = 5_000;

/** The id a delivery is recorded under: one per cell for the item itself, one per overdue reminder. */
export const deliveryIdOf = (job: DeliveryJob): string =>
  job.reason === 'item' ? `${job.itemId}:${job.platformKey}` : `${job.eventId}:${job.platformKey}`;

/**
 * Tells a platform that batches (`webhook.batch`) about the events queued for it, in one signed POST of
 * `{ events: [{ id, event, incident, item, cell }, ...] }` in the order of the log, at least once: a
 * failure throws and the whole batch is sent again (each event keeps its `id`, so the platform drops
 * repeats). A batch is recorded in one transaction per incident: the deliveries claimed at once, the
 * cells still pending marked `notified` in one statement, and **one** `delivery.succeeded` event listing
 * the items, so the room and the log carry one line per batch rather than one per item.
 */
export class DeliverWebhookBatchUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly queries: IncidentQueries,
    private readonly identities: IdentityRepository,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
  ) {}

  async execute(
    batch: DeliveryBatchJob,
    attempt: { number: number; last: boolean },
  ): Promise<DeliveryOutcome> {
    const [platform] = await this.identities.findPlatforms([batch.platformKey]);
    // A deactivated platform is told nothing: its cells stay as they are and their deadlines run on.
    if (!platform || !platform.active) return 'skipped';
    const entries = await this.entries(batch);
    if (entries.length === 0) return 'skipped';
    const exercise = batch.mode === 'exercise';
    const target = webhookTarget(platform, batch.mode);
    if (!target.url || !target.secret) {
      if (!exercise) return 'no-webhook';
      if (platform.exerciseWebhookBatch)
        await this.record(batch.platformKey, entries, { attempt: attempt.number, simulated: true });
      else
        await this.recordEach(
          batch.platformKey,
          entries.map((entry) => ({ entry, attempt: attempt.number, simulated: true })),
        );
      return 'simulated';
    }
    if (!(exercise ? platform.exerciseWebhookBatch : platform.webhookBatch))
      return this.sendEach(
        batch.platformKey,
        entries,
        { ...target, url: target.url, secret: target.secret },
        attempt,
      );
    const now = this.clock.now();
    const body = JSON.stringify({
      events: entries.map(({ job, incident, item, cell }) => ({
        id: job.eventId,
        event: job.reason === 'overdue' ? 'containment.overdue' : 'item.shared',
        incident: incidentView(incident),
        item: itemView({ ...item, metadata: publicMetadata(item.metadata) }, [cell]),
        cell: cellView(cell, now),
      })),
    });
    try {
      const { status } = await this.sender.send({
        url: target.url,
        body,
        headers: signedHeaders({ ...target, secret: target.secret }, body, now),
      });
      if (status < 200 || status >= 300) throw new WebhookRejected(status);
      await this.record(batch.platformKey, entries, {
        attempt: attempt.number,
        statusCode: status,
        simulated: false,
      });
      return 'delivered';
    } catch (error) {
      if (attempt.last) await this.recordFailure(batch.platformKey, entries, attempt.number, error);
      throw error;
    }
  }

  /**
   * A platform that keeps single deliveries: one signed POST per event, one after another in the lane's
   * order, stopping at the first failure; those sent are recorded together (one `delivery.succeeded` event
   * per incident for the run). `attempt` is the first event's (the lane's head); the others are at their first.
   */
  private async sendEach(
    platformKey: string,
    entries: Entry[],
    target: ReturnType<typeof webhookTarget> & { url: string; secret: string },
    attempt: { number: number; last: boolean },
  ): Promise<DeliveryOutcome> {
    const sent: { entry: Entry; status: number; attempt: number }[] = [];
    let failure: unknown;
    const started = Date.now();
    for (const entry of entries) {
      // A long head is sent a part at a time: those sent are recorded, and the lane's lease renewed.
      if (sent.length > 0 && Date.now() - started > SINGLES_BUDGET_MS) {
        failure = new Error('the rest of the head in the next part');
        break;
      }
      const now = this.clock.now();
      const { job, incident, item, cell } = entry;
      const body = JSON.stringify({
        event: job.reason === 'overdue' ? 'containment.overdue' : 'item.shared',
        incident: incidentView(incident),
        item: itemView({ ...item, metadata: publicMetadata(item.metadata) }, [cell]),
        cell: cellView(cell, now),
      });
      const number = sent.length === 0 ? attempt.number : 1;
      try {
        const { status } = await this.sender.send({
          url: target.url,
          body,
          headers: signedHeaders(target, body, now, { 'x-hub-event-id': job.eventId }),
        });
        if (status < 200 || status >= 300) throw new WebhookRejected(status);
        sent.push({ entry, status, attempt: number });
      } catch (error) {
        failure = error;
        const last = sent.length === 0 ? attempt.last : false;
        if (last) await this.recordFailure(platformKey, [entry], number, error, false);
        break;
      }
    }
    await this.recordEach(platformKey, sent);
    if (failure !== undefined) throw new PartlySent(sent.length, failure);
    return 'delivered';
  }

  /**
   * Single deliveries recorded per incident: each claimed, its cell notified, and one event for the run
   * (the single shape when it was the only one), so the room and the log carry a line per send rather than
   * one per item.
   */
  private async recordEach(
    platformKey: string,
    sent: { entry: Entry; status?: number; attempt: number; simulated?: boolean }[],
  ): Promise<void> {
    type Sent = (typeof sent)[number];
    const outcome = ({ status, attempt, simulated }: Sent) => ({
      attempt,
      ...(simulated ? { simulated: true } : { statusCode: status, simulated: false }),
    });
    await this.claimEach(
      sent,
      (s) => s.entry,
      'succeeded',
      async (tx, fresh) => {
        await tx.markNotifiedMany(
          fresh.filter((s) => canTransition(s.entry.cell.status, 'notified')).map((s) => s.entry.job.itemId),
          platformKey,
          this.clock.now(),
        );
        const [first] = fresh;
        await tx.append([
          fresh.length === 1
            ? deliveryEvent('delivery.succeeded', first.entry.job, first.entry.deliveryId, {
                reason: first.entry.job.reason,
                cellStatusBefore: first.entry.cell.status,
                ...outcome(first),
              })
            : batchEvent(
                'delivery.succeeded',
                platformKey,
                fresh.map((s) => s.entry),
                {
                  batch: false,
                  deliveryIds: fresh.map((s) => s.entry.deliveryId),
                  posts: fresh.map(outcome),
                  simulated: fresh.every((s) => s.simulated === true),
                },
              ),
        ]);
      },
    );
  }

  /**
   * Per incident, in one statement: the deliveries not recorded before claimed as `outcome`, and what
   * `write` records of those (a repeat, recorded already, adds nothing).
   */
  private async claimEach<T>(
    deliveries: T[],
    entryOf: (t: T) => Entry,
    outcome: 'succeeded' | 'failed',
    write: (tx: IncidentTx, fresh: T[]) => Promise<void>,
  ): Promise<void> {
    for (const [incidentId, list] of groupByIncident(deliveries, entryOf)) {
      await this.incidents.withIncident(
        incidentId,
        async (tx) => {
          const claimed = new Set(
            await tx.claimDeliveries(
              list.map((t) => entryOf(t).deliveryId),
              outcome,
            ),
          );
          const fresh = list.filter((t) => claimed.has(entryOf(t).deliveryId));
          if (fresh.length) await write(tx, fresh);
        },
        AT_ONCE,
      );
    }
  }

  /**
   * The batch's deliveries whose incident, item and cell still exist, in order: its incidents, their items
   * and the items' cells in one read each, however many incidents the batch spans (under a flood across ten
   * incidents, a POST holds about one event of each).
   */
  private async entries(batch: DeliveryBatchJob): Promise<Entry[]> {
    const incidentIds = [...new Set(batch.deliveries.map((job) => job.incidentId))];
    const itemIds = [...new Set(batch.deliveries.map((job) => job.itemId))];
    const [incidentList, items] = await Promise.all([
      this.incidents.findMany(incidentIds),
      this.queries.itemsWithCells(incidentIds, itemIds),
    ]);
    const incidents = new Map(incidentList.map((incident) => [incident.id, incident]));
    const found = new Map(items.map((entry) => [entry.item.id, entry]));
    const entries: Entry[] = [];
    for (const job of batch.deliveries) {
      const incident = incidents.get(job.incidentId);
      const item = found.get(job.itemId);
      const cell =
        item?.item.incidentId === job.incidentId
          ? item.cells.find((c) => c.platformKey === batch.platformKey)
          : undefined;
      // An exercise's deliveries never reach a live webhook, nor live ones an exercise webhook.
      if (!incident || !item || !cell || (incident.mode === 'exercise') !== (batch.mode === 'exercise'))
        continue;
      entries.push({ job, deliveryId: deliveryIdOf(job), incident, item: item.item, cell });
    }
    return entries;
  }

  /** Per incident, in one statement: the claims, the `notified` cells and one event for the batch. */
  private async record(
    platformKey: string,
    entries: Entry[],
    detail: Record<string, unknown>,
  ): Promise<void> {
    // A repeated batch (a retry after the platform answered but before this was recorded) adds nothing.
    await this.claimEach(entries, same, 'succeeded', async (tx, fresh) => {
      await tx.markNotifiedMany(
        fresh.filter((e) => canTransition(e.cell.status, 'notified')).map((e) => e.job.itemId),
        platformKey,
        this.clock.now(),
      );
      await tx.append([batchEvent('delivery.succeeded', platformKey, fresh, detail)]);
    });
  }

  private async recordFailure(
    platformKey: string,
    entries: Entry[],
    attempts: number,
    error: unknown,
    batched = true,
  ): Promise<void> {
    const detail = {
      attempts,
      reason: error instanceof WebhookRejected ? `answered ${error.status}` : 'unreachable',
    };
    await this.claimEach(entries, same, 'failed', async (tx, fresh) => {
      await tx.append(
        batched
          ? [batchEvent('delivery.failed', platformKey, fresh, detail)]
          : fresh.map((e) => deliveryEvent('delivery.failed', e.job, e.deliveryId, detail)),
      );
    });
  }
}

const same = (entry: Entry): Entry => entry;

function groupByIncident<T>(list: T[], entryOf: (t: T) => Entry): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const id = entryOf(t).incident.id;
    out.set(id, [...(out.get(id) ?? []), t]);
  }
  return out;
}

/**
 * A batch's outcome in an incident's log: one event for all its items (`itemIds`, in the batch's order,
 * as an e-mail lists them), the events they told of, and whether any was an overdue reminder. A run of
 * single POSTs is recorded the same way, with `batch: false` and each POST's outcome (`posts`).
 */
function batchEvent(
  type: 'delivery.succeeded' | 'delivery.failed',
  platformKey: string,
  entries: Entry[],
  detail: Record<string, unknown>,
): NewEvent {
  return {
    type,
    actor: SYSTEM_ACTOR,
    data: {
      batch: true,
      platformKey,
      itemCount: entries.length,
      itemIds: entries.map((e) => e.job.itemId),
      eventIds: entries.map((e) => e.job.eventId),
      reasons: [...new Set(entries.map((e) => e.job.reason))],
      ...detail,
    },
  };
}
