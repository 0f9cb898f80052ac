import { randomUUID } from 'node:crypto';
import { QUEUES, type DeliveryBatchJob } from '@hub/contracts';
import type { LaneKey, LaneKicks } from '@hub/domain';
import type { QueueFactory } from '../queues/queue.factory';

const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** Kicks on the `hub-webhook-batches` queue: a worker runs the lane when the kick comes due. */
export class QueueLaneKicks implements LaneKicks {
  constructor(private readonly queues: QueueFactory) {}

  async kick(lane: LaneKey, at?: Date): Promise<void> {
    const data: DeliveryBatchJob = { ...lane, deliveries: [] };
    const tag = at ? `r${at.getTime()}` : `k${randomUUID()}`;
    await this.queues.queue<DeliveryBatchJob>(QUEUES.webhookBatches).add('webhookBatches', data, {
      jobId: `lane_${lane.mode}_${safe(lane.platformKey)}_${tag}`,
      delay: at ? Math.max(0, at.getTime() - Date.now()) : undefined,
      // A kick fails only when the database or the queue store does: try again shortly.
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 86_400 },
    });
  }
}
