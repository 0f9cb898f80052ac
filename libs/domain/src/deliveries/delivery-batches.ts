import { WEBHOOK_BATCH_MAX, type DeliveryBatchJob, type DeliveryJob } from '@hub/contracts';
import type { PlannedJob } from '../relay/relay.plan';

/** Which platforms take their deliveries in batches, per mode, and which incidents are live. */
export interface BatchingTargets {
  liveIncidents: ReadonlySet<string>;
  /** Platforms whose live webhook batches. */
  live: ReadonlySet<string>;
  /** Platforms whose exercise webhook batches. */
  exercise: ReadonlySet<string>;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The relay's deliveries to platforms that batch, gathered per platform and mode into batch jobs of at most
 * `WEBHOOK_BATCH_MAX`, in the order planned (the log's); every other job stays as it is. A batch's id is
 * derived from its first delivery and its size, so the same read relayed again enqueues nothing new; a read
 * cut differently (a relay that took over) may send a delivery twice, which the event ids let platforms drop.
 */
export function batchDeliveries(jobs: PlannedJob[], targets: BatchingTargets): PlannedJob[] {
  const out: PlannedJob[] = [];
  const pending = new Map<string, { platformKey: string; mode: 'live' | 'exercise'; jobs: DeliveryJob[] }>();
  for (const job of jobs) {
    if (job.queue !== 'deliveries') {
      out.push(job);
      continue;
    }
    const { incidentId, platformKey } = job.data;
    const mode = targets.liveIncidents.has(incidentId) ? 'live' : 'exercise';
    if (!(mode === 'live' ? targets.live : targets.exercise).has(platformKey)) {
      out.push(job);
      continue;
    }
    const key = `${mode}:${platformKey}`;
    const group = pending.get(key) ?? { platformKey, mode, jobs: [] };
    group.jobs.push(job.data);
    pending.set(key, group);
  }
  for (const { platformKey, mode, jobs: list } of pending.values()) {
    for (let from = 0; from < list.length; from += WEBHOOK_BATCH_MAX) {
      const deliveries = list.slice(from, from + WEBHOOK_BATCH_MAX);
      const first = deliveries[0];
      const data: DeliveryBatchJob = { platformKey, mode, deliveries };
      out.push({
        queue: 'webhookBatches',
        id: `dlvb_${mode}_${safe(platformKey)}_${first.eventId}_${first.itemId}_${deliveries.length}`,
        data,
      });
    }
  }
  return out;
}

/**
 * A kick: asks a worker to run a platform's webhook lane (`tag` makes the id unique; a kick that finds the
 * lane taken or held does nothing, so extra kicks cost one look each).
 */
export function laneKick(lane: { platformKey: string; mode: 'live' | 'exercise' }, tag: string): PlannedJob {
  const data: DeliveryBatchJob = { ...lane, deliveries: [] };
  return { queue: 'webhookBatches', id: `lane_${lane.mode}_${safe(lane.platformKey)}_${safe(tag)}`, data };
}
