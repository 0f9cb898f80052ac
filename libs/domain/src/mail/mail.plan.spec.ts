import type { EventRecord } from '../events/event.model';
import { planMailJobs } from './mail.plan';

const event = (type: string, data: Record<string, unknown>, at = '2026-11-23T10:00:01.500Z'): EventRecord =>
  ({
    id: '7',
    incidentId: 'inc',
    seq: 3,
    type,
    at: new Date(at),
    actor: { memberId: null, organisationId: null },
    data,
  }) as unknown as EventRecord;

describe('planning e-mail batches', () => {
  const none = { live: true, platformsWithWebhook: new Set<string>() };

  it('names one batch per platform and window, due when the window ends', () => {
    const shared = event('item.shared', {
      itemId: 'i1',
      cells: [{ platformKey: 'a' }, { platformKey: 'b' }],
    });
    const later = event(
      'item.shared',
      { itemId: 'i2', cells: [{ platformKey: 'a' }] },
      '2026-11-23T10:00:01.900Z',
    );
    const [a, b] = planMailJobs(shared, 1_000, none);
    expect(a).toMatchObject({ queue: 'mail', data: { platformKey: 'a', purpose: 'new' } });
    expect(b.data.platformKey).toBe('b');
    expect(a.delayUntil).toEqual(new Date('2026-11-23T10:00:02.000Z'));
    expect(planMailJobs(later, 1_000, none)[0].id).toBe(a.id);
  });

  it('leaves live cells to a working webhook, and mails when it failed for good', () => {
    const shared = event('item.shared', { itemId: 'i1', cells: [{ platformKey: 'hooked' }] });
    expect(planMailJobs(shared, 1_000, { live: true, platformsWithWebhook: new Set(['hooked']) })).toEqual(
      [],
    );
    expect(
      planMailJobs(shared, 1_000, { live: false, platformsWithWebhook: new Set(['hooked']) }),
    ).toHaveLength(1);
    const failed = event('delivery.failed', { itemId: 'i1', platformKey: 'hooked' });
    expect(planMailJobs(failed, 1_000, none)[0].data.purpose).toBe('new');
    // A failed e-mail does not mail again.
    expect(
      planMailJobs(event('delivery.failed', { platformKey: 'x', channel: 'email' }), 1_000, none),
    ).toEqual([]);
  });

  it('climbs the ladder on overdue reminders', () => {
    const ack = event('containment.overdue', { itemId: 'i1', platformKey: 'a', kind: 'ack' });
    const act = event('containment.overdue', { itemId: 'i1', platformKey: 'a', kind: 'act' });
    expect(planMailJobs(ack, 1_000, none)[0].data.purpose).toBe('ack');
    expect(planMailJobs(act, 1_000, none)[0].data.purpose).toBe('act');
  });
});
