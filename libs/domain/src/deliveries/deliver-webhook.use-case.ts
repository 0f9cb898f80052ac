import { createHmac } from 'node:crypto';
import type { DeliveryJob, IncidentMode } from '@hub/contracts';
import type { OrganisationRecord } from '../identity/identity.model';
import { canTransition } from '../incidents';
import { SYSTEM_ACTOR } from '../core/actor';
import { type CellRecord } from '../incidents/incident.model';
import { type NewEvent } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentQueries, IncidentStore } from '../incidents/incident.ports';
import { publicMetadata } from '../incidents/share-items.use-case';
import { cellView, incidentView, itemView } from '../incidents/incident.views';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Sends one webhook request; resolves with the status, rejects on a network failure or timeout. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<{ status: number }>;
}

export class WebhookRejected extends Error {
  constructor(readonly status: number) {
    super(`webhook answered ${status}`);
    this.name = 'WebhookRejected';
  }
}

/** `queued`: handed to the platform's webhook lane, which sends it in its turn. */
export type DeliveryOutcome = 'delivered' | 'simulated' | 'no-webhook' | 'skipped' | 'queued';

/** `X-Hub-Signature`: HMAC-SHA256 of `timestamp.body` with the platform's secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Where a platform's deliveries of one mode go, and the secrets that sign them (a live webhook never
 * receives exercise data). */
export function webhookTarget(platform: OrganisationRecord, mode: IncidentMode) {
  return mode === 'exercise'
    ? {
        url: platform.exerciseWebhookUrl,
        secret: platform.exerciseWebhookSecret,
        previous: platform.exerciseWebhookPreviousSecret,
        previousUntil: platform.exerciseWebhookPreviousSecretUntil,
      }
    : {
        url: platform.webhookUrl,
        secret: platform.webhookSecret,
        previous: platform.webhookPreviousSecret,
        previousUntil: platform.webhookPreviousSecretUntil,
      };
}

/** The headers of one signed delivery of `body`, single or batch. */
export function signedHeaders(
  target: { secret: string; previous: string | null; previousUntil: Date | null },
  body: string,
  now: Date,
  extra: Record<string, string> = {},
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    'content-type': 'application/json',
    'user-agent': 'crisis-hub-webhooks/1',
    ...extra,
    'x-hub-timestamp': timestamp,
    'x-hub-signature': signWebhook(target.secret, timestamp, body),
    // During a rotation's grace period, the signature with the secret it replaced as well.
    ...(target.previous &&
      target.previousUntil &&
      target.previousUntil > now && {
        'x-hub-signature-previous': signWebhook(target.previous, timestamp, body),
      }),
  };
}

/**
 * Tells a platform about an item that concerns it, at least once. Exercise incidents only ever use the
 * platform's exercise webhook (none: the delivery is recorded as simulated); a live webhook never receives
 * exercise data. A failure throws, for the queue to retry with backoff; the last failure is recorded.
 */
export class DeliverWebhookUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly queries: IncidentQueries,
    private readonly identities: IdentityRepository,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
    /** A job on the deliveries queue (the reconciler's) joins the end of its platform's webhook lane. */
    private readonly lanes?: {
      queue(deliveries: (DeliveryJob & { mode: 'live' | 'exercise' })[]): Promise<void>;
    },
  ) {}

  async execute(job: DeliveryJob, attempt: { number: number; last: boolean }): Promise<DeliveryOutcome> {
    // Three independent reads, at once: they decide whether there is anything to send.
    const [incident, found, [platform]] = await Promise.all([
      this.incidents.find(job.incidentId),
      this.queries.itemWithCells(job.incidentId, job.itemId),
      this.identities.findPlatforms([job.platformKey]),
    ]);
    const cell = found?.cells.find((c) => c.platformKey === job.platformKey);
    // A deactivated platform is told nothing: its cells stay as they are and their deadlines run on.
    if (!incident || !found || !cell || !platform || !platform.active) return 'skipped';
    const mode = incident.mode === 'exercise' ? 'exercise' : 'live';
    if (this.lanes) {
      await this.lanes.queue([{ ...job, mode }]);
      return 'queued';
    }
    // The item's own delivery is one per cell, whoever enqueued it (the relay, or the reconciler after
    // a queue store was lost); each overdue reminder is a delivery of its own.
    const deliveryId =
      job.reason === 'item' ? `${job.itemId}:${job.platformKey}` : `${job.eventId}:${job.platformKey}`;
    const target = webhookTarget(platform, incident.mode);
    if (!target.url || !target.secret) {
      if (incident.mode === 'live') return 'no-webhook';
      await this.record(job, deliveryId, cell, { attempt: attempt.number, simulated: true });
      return 'simulated';
    }
    const eventType = job.reason === 'overdue' ? 'containment.overdue' : 'item.shared';
    const now = this.clock.now();
    const item = { ...found.item, metadata: publicMetadata(found.item.metadata) };
    const body = JSON.stringify({
      event: eventType,
      incident: incidentView(incident),
      item: itemView(item, [cell]),
      cell: cellView(cell, now),
    });
    try {
      const { status } = await this.sender.send({
        url: target.url,
        body,
        headers: signedHeaders({ ...target, secret: target.secret }, body, now, {
          'x-hub-event-id': job.eventId,
        }),
      });
      if (status < 200 || status >= 300) throw new WebhookRejected(status);
      await this.record(job, deliveryId, cell, {
        attempt: attempt.number,
        statusCode: status,
        simulated: false,
      });
      return 'delivered';
    } catch (error) {
      if (attempt.last) await this.recordFailure(job, deliveryId, attempt.number, error);
      throw error;
    }
  }

  /**
   * `delivery.succeeded`, once per delivery, and the cell to `notified` if it is still pending: one
   * statement under a late lock, so deliveries to one incident do not queue behind each other.
   */
  private async record(
    job: DeliveryJob,
    deliveryId: string,
    cell: CellRecord,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.incidents.withIncident(
      job.incidentId,
      async (tx) => {
        await tx.claimDelivery(deliveryId, 'succeeded');
        if (canTransition(cell.status, 'notified'))
          await tx.markNotified(job.itemId, job.platformKey, this.clock.now());
        await tx.append([
          deliveryEvent('delivery.succeeded', job, deliveryId, {
            reason: job.reason,
            cellStatusBefore: cell.status,
            ...detail,
          }),
        ]);
      },
      { lock: 'late' },
    );
  }

  private async recordFailure(
    job: DeliveryJob,
    deliveryId: string,
    attempts: number,
    error: unknown,
  ): Promise<void> {
    await this.incidents.withIncident(job.incidentId, async (tx) => {
      if (!(await tx.claimDelivery(deliveryId, 'failed'))) return;
      await tx.append([
        deliveryEvent('delivery.failed', job, deliveryId, {
          attempts,
          reason: error instanceof WebhookRejected ? `answered ${error.status}` : 'unreachable',
        }),
      ]);
    });
  }
}

/** A delivery's outcome in the log: which delivery, of which event, to which cell, and its details. */
export function deliveryEvent(
  type: 'delivery.succeeded' | 'delivery.failed',
  job: DeliveryJob,
  deliveryId: string,
  detail: Record<string, unknown>,
): NewEvent {
  return {
    type,
    actor: SYSTEM_ACTOR,
    data: { deliveryId, eventId: job.eventId, itemId: job.itemId, platformKey: job.platformKey, ...detail },
  };
}
