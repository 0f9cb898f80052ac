import type { EventRecord } from '../model';
import { deliveryParties, planJobs, withoutIdleDeliveries } from './relay.plan';

function shared(incidentId: string, platforms: string[]): EventRecord {
  return {
    id: '41',
    incidentId,
    seq: 2,
    type: 'item.shared',
    at: new Date('2026-11-23T00:00:00Z'),
    actor: { memberId: null, organisationId: null },
    data: {
      itemId: `item-${incidentId}`,
      cells: platforms.map((platformKey) => ({
        platformKey,
        ackDueAt: '2026-11-23T00:15:00.000Z',
        actionDueAt: null,
      })),
    },
  } as unknown as EventRecord;
}

describe('deliveries that would go nowhere', () => {
  const jobs = [
    ...planJobs(shared('live-1', ['hooked', 'silent'])),
    ...planJobs(shared('drill-1', ['silent'])),
  ];
  const targets = { liveIncidents: new Set(['live-1']), platformsWithWebhook: new Set(['hooked']) };

  it('names the incidents and platforms the deliveries are for', () => {
    expect(deliveryParties(jobs)).toEqual({
      incidentIds: ['live-1', 'drill-1'],
      platformKeys: ['hooked', 'silent'],
    });
  });

  it('drops a live incident’s delivery to a platform without a webhook, and keeps everything else', () => {
    const kept = withoutIdleDeliveries(jobs, targets);
    const deliveries = kept.filter((j) => j.queue === 'deliveries').map((j) => j.id);
    expect(deliveries).toEqual(['dlv_item-live-1_hooked', 'dlv_item-drill-1_silent']);
    // Deadline checks are never dropped: every cell keeps its clock.
    expect(kept.filter((j) => j.queue === 'deadlines')).toHaveLength(3);
  });
});
