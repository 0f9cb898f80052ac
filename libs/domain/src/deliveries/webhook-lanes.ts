import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { WEBHOOK_BATCH_MAX, type DeliveryBatchJob, type DeliveryJob } from '@hub/contracts';
import type { Clock } from '../core/clock';
import { PartlySent } from './deliver-webhook-batch.use-case';
import type { DeliveryOutcome } from './deliver-webhook.use-case';

/** One platform's webhook of one mode: its deliveries go out one after another, in order. */
export interface LaneKey {
  platformKey: string;
  mode: 'live' | 'exercise';
}

/** A delivery waiting in its lane, under its place in the lane (increasing in the order queued). */
export interface LaneEntry {
  id: string;
  delivery: DeliveryJob;
}

/**
 * Where lanes are kept (PostgreSQL): the deliveries queued in each, and which worker holds a lane (a lease
 * it renews while it works) or until when a failed head holds it.
 */
export interface WebhookLanes {
  /** Takes the lane for `ms` if no one holds it and no retry is pending; answers its failed attempts so far. */
  lease(lane: LaneKey, token: string, ms: number): Promise<{ attempt: number } | null>;
  /** The first `limit` deliveries of the lane, in order. */
  head(lane: LaneKey, limit: number): Promise<LaneEntry[]>;
  /** Removes sent (or spent) entries, clears the attempts and renews the lease, in one statement. */
  advance(lane: LaneKey, token: string, ids: string[], ms: number): Promise<void>;
  /** A failed head: its attempts so far, and no one takes the lane before `retryAt`. Ends the lease. */
  hold(lane: LaneKey, token: string, attempt: number, retryAt: Date): Promise<void>;
  /** Ends the lease; answers whether deliveries are still queued (queued since the last look). */
  release(lane: LaneKey, token: string): Promise<boolean>;
  /** Queues deliveries at the end of their lanes (a delivery already queued there is not queued again). */
  push(deliveries: (DeliveryJob & { mode: LaneKey['mode'] })[]): Promise<void>;
}

/** Asks a worker to run a lane now, or at `at` (a held lane's retry). */
export interface LaneKicks {
  kick(lane: LaneKey, at?: Date): Promise<void>;
}

/** How a failed head is retried: the attempts in all, and the delay after `attemptsMade` failures. */
export interface LaneRetries {
  attempts: number;
  delay(attemptsMade: number): number;
}

/** How the head of a lane is sent: a batch, or one POST per event for a platform that keeps single ones. */
export interface LaneSender {
  execute(batch: DeliveryBatchJob, attempt: { number: number; last: boolean }): Promise<DeliveryOutcome>;
}

const ids = (entries: LaneEntry[]) => entries.map((e) => e.id);

/**
 * Long enough for one batch POST (its timeout, 10 s by default) and its record, or a few seconds of single
 * POSTs (the sender stops its head there); renewed after each. A worker that dies holding a lane holds it
 * this long at most (the reconciler's next kick then takes it).
 */
const LEASE_MS = 30_000;

/**
 * Runs a platform's webhook lane: whoever takes the lease sends the head (up to `WEBHOOK_BATCH_MAX` events,
 * in the order queued), removes it once recorded, and goes on until the lane is empty. A head that fails
 * holds the lane: nothing behind it is sent before it succeeds or its retries are spent (then recorded as
 * failed, and the lane moves on), and the retry is a kick due at its time, so a held lane occupies no
 * worker meanwhile. A kick that finds the lane held or taken does nothing: the holder sees what was queued.
 */
export class RunWebhookLaneUseCase {
  constructor(
    private readonly lanes: WebhookLanes,
    private readonly kicks: LaneKicks,
    private readonly sender: LaneSender,
    private readonly retries: LaneRetries,
    private readonly clock: Clock,
    /**
     * Under a steady flow, the least time between two heads of a lane: what queues meanwhile goes out in
     * the next head, so a platform gets a few POSTs a second (and the log and the room a few delivery lines)
     * rather than one per event. The first event after a quiet spell goes at once; a full head does not wait.
     */
    private readonly gatherMs = 0,
  ) {}

  /** Queues deliveries at the end of their lanes and asks for the lanes to run. */
  async queue(deliveries: (DeliveryJob & { mode: LaneKey['mode'] })[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.lanes.push(deliveries);
    const lanes = new Map<string, LaneKey>();
    for (const d of deliveries)
      lanes.set(`${d.mode}:${d.platformKey}`, { platformKey: d.platformKey, mode: d.mode });
    for (const lane of lanes.values()) await this.kicks.kick(lane);
  }

  /** Sends what the lane holds; answers how many deliveries left it, and when a held head is retried. */
  async execute(lane: LaneKey): Promise<{ sent: number; retryAt?: Date }> {
    let sent = 0;
    for (;;) {
      const token = randomUUID();
      const leased = await this.lanes.lease(lane, token, LEASE_MS);
      if (!leased) return { sent };
      const drained = await this.drain(lane, token, leased.attempt);
      sent += drained.sent;
      if (drained.retryAt) return { sent, retryAt: drained.retryAt };
      // Deliveries queued while the lane was being emptied: take it again (or its new holder will).
      if (!(await this.lanes.release(lane, token))) return { sent };
    }
  }

  /** Sends the head until the lane is empty, or a head fails and holds it (the lease then ends). */
  private async drain(
    lane: LaneKey,
    token: string,
    attemptsMade: number,
  ): Promise<{ sent: number; retryAt?: Date }> {
    let attempt = attemptsMade;
    let sent = 0;
    let lastHeadAt = -Infinity;
    try {
      for (;;) {
        const wait = lastHeadAt + this.gatherMs - performance.now();
        if (wait > 0) await delay(wait);
        lastHeadAt = performance.now();
        const head = await this.lanes.head(lane, WEBHOOK_BATCH_MAX);
        if (head.length === 0) return { sent };
        if (head.length === WEBHOOK_BATCH_MAX) lastHeadAt = -Infinity;
        const number = attempt + 1;
        let done = head;
        try {
          await this.sender.execute(
            { ...lane, deliveries: head.map((e) => e.delivery) },
            { number, last: number >= this.retries.attempts },
          );
        } catch (error) {
          // One POST per event: those before the failure are delivered; the failed one is the new head.
          const partly = error instanceof PartlySent ? error.done : null;
          if (partly) {
            await this.lanes.advance(lane, token, ids(head.slice(0, partly)), LEASE_MS);
            sent += partly;
            attempt = 0;
            lastHeadAt = -Infinity;
            continue;
          }
          // Spent: the sender recorded the failure, and the lane moves on. Otherwise the head holds it.
          if (number < this.retries.attempts) {
            const retryAt = new Date(this.clock.now().getTime() + this.retries.delay(number));
            await this.lanes.hold(lane, token, number, retryAt);
            await this.kicks.kick(lane, retryAt);
            return { sent, retryAt };
          }
          if (partly === 0) done = head.slice(0, 1);
        }
        await this.lanes.advance(lane, token, ids(done), LEASE_MS);
        attempt = 0;
        sent += done.length;
      }
    } catch (error) {
      // The database or the queue store failed: free the lane for the kick's retry (or the lease runs out).
      await this.lanes.release(lane, token).catch(() => undefined);
      throw error;
    }
  }
}
