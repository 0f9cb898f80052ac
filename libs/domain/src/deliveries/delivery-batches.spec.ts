import type { DeliveryBatchJob } from '@hub/contracts';
import type { PlannedJob } from '../relay/relay.plan';
import { deliveryJob } from '../relay/relay.plan';
import { batchDeliveries } from './delivery-batches';

const delivery = (i: number, platformKey: string, incidentId = 'live-1'): PlannedJob =>
  deliveryJob({ eventId: `e${i}`, incidentId, itemId: `i${i}`, platformKey, reason: 'item' });
const targets = {
  liveIncidents: new Set(['live-1']),
  live: new Set(['batchshare']),
  exercise: new Set(['drillshare']),
};

describe('batchDeliveries', () => {
  it('gathers a batching platform’s deliveries in order, at most 500 a batch, and leaves other jobs alone', () => {
    const other: PlannedJob = {
      queue: 'matching',
      id: 'match_e0',
      data: { eventId: 'e0', incidentId: 'live-1', itemId: 'i0' },
    };
    const jobs = [
      other,
      ...Array.from({ length: 1_001 }, (_, i) => delivery(i, 'batchshare')),
      delivery(5_000, 'singleshare'),
    ];
    const out = batchDeliveries(jobs, targets);
    expect(out.filter((j) => j.queue !== 'webhookBatches')).toEqual([other, delivery(5_000, 'singleshare')]);
    const batches = out.filter((j) => j.queue === 'webhookBatches').map((j) => j.data as DeliveryBatchJob);
    expect(batches.map((b) => b.deliveries.length)).toEqual([500, 500, 1]);
    expect(batches.flatMap((b) => b.deliveries.map((d) => d.itemId))).toEqual(
      Array.from({ length: 1_001 }, (_, i) => `i${i}`),
    );
    expect(batches.every((b) => b.platformKey === 'batchshare' && b.mode === 'live')).toBe(true);
  });

  it('derives each batch id from its first delivery and size, so a replayed read enqueues the same ids', () => {
    const jobs = [delivery(1, 'batchshare'), delivery(2, 'batchshare')];
    const ids = batchDeliveries(jobs, targets).map((j) => j.id);
    expect(ids).toEqual(['dlvb_live_batchshare_e1_i1_2']);
    expect(batchDeliveries(jobs, targets).map((j) => j.id)).toEqual(ids);
  });

  it('batches by the webhook of the incident’s mode: an exercise follows the exercise webhook’s choice', () => {
    const out = batchDeliveries(
      [delivery(1, 'batchshare', 'drill-1'), delivery(2, 'drillshare', 'drill-1'), delivery(3, 'drillshare')],
      targets,
    );
    expect(out.map((j) => j.queue)).toEqual(['deliveries', 'deliveries', 'webhookBatches']);
    expect((out[2].data as DeliveryBatchJob).mode).toBe('exercise');
  });
});
