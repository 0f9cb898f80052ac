import type { EventView } from '@hub/contracts';
import { describeEvent } from './describe';

const matched = (data: Record<string, unknown>, incidentId = 'inc-1'): EventView => ({
  id: '9',
  incidentId,
  seq: 9,
  type: 'item.matched',
  at: '2026-12-01T12:00:00.000Z',
  actor: { memberId: null, organisationId: null },
  data: { itemId: 'item-new', matchedIncidentId: 'inc-1', ...data },
});
const names: Record<string, string> = { 'item-new': 'pdq:30a10efd…', 'item-old': 'pdq:d8f8f0ce…' };
const line = (event: EventView) =>
  describeEvent(
    event,
    () => 'someone',
    (id) => names[id],
  );

describe('describeEvent: item.matched', () => {
  it('names the matched item, the distance and the turn', () => {
    expect(line(matched({ matchedItemId: 'item-old', distance: 14, transform: 'rotate90' }))).toBe(
      'pdq:30a10efd… matches pdq:d8f8f0ce… (distance 14, rotated 90°)',
    );
    expect(line(matched({ matchedItemId: 'item-old', distance: 3, transform: 'original' }))).toBe(
      'pdq:30a10efd… matches pdq:d8f8f0ce… (distance 3)',
    );
  });

  it('names the video frame of a picture matched to a video in another incident', () => {
    const event = matched({
      matchedItemId: 'elsewhere',
      matchedIncidentId: 'inc-2',
      distance: 0,
      frame: 300,
      seconds: 10,
    });
    expect(line(event)).toBe(
      'pdq:30a10efd… matches a known item of another incident (distance 0, video frame 300 at 10.0 s)',
    );
  });

  it('gives two videos’ shares of frames', () => {
    const event = matched({ matchedItemId: 'item-old', queryMatchPercent: 100, comparedMatchPercent: 85.23 });
    expect(line(event)).toBe(
      'pdq:30a10efd… matches pdq:d8f8f0ce… (video: 100% of its frames in the other, 85.2% the other way)',
    );
  });
});

describe('describeEvent: e-mail and escalation', () => {
  const event = (type: string, data: Record<string, unknown>): EventView => ({
    ...matched({}),
    type,
    data,
  });

  it('says who was e-mailed at which tier, and each step of the ladder', () => {
    expect(
      line(
        event('delivery.succeeded', { channel: 'email', platformKey: 'videoshare', tier: 1, itemCount: 3 }),
      ),
    ).toBe('videoshare e-mailed at tier 1 (3 items)');
    expect(
      line(
        event('escalation.sent', {
          itemId: 'item-new',
          platformKey: 'videoshare',
          tier: 2,
          tiers: [2],
          channel: 'email',
          step: 'ack_overdue',
        }),
      ),
    ).toBe('videoshare: pdq:30a10efd… escalated to tier 2 by email (ack overdue)');
  });

  it('says a webhook batch in one line, however many items it told of', () => {
    expect(
      line(
        event('delivery.succeeded', { batch: true, platformKey: 'videoshare', itemCount: 500, itemIds: [] }),
      ),
    ).toBe('videoshare notified of 500 items in one delivery');
    expect(
      line(
        event('delivery.succeeded', { batch: false, platformKey: 'videoshare', itemCount: 12, itemIds: [] }),
      ),
    ).toBe('videoshare notified of 12 items, one delivery each');
    expect(
      line(
        event('delivery.failed', {
          batch: true,
          platformKey: 'videoshare',
          itemCount: 1,
          reason: 'answered 503',
        }),
      ),
    ).toBe('videoshare could not be notified of 1 item (answered 503)');
  });

  it('says when the coordinator was e-mailed about a late platform', () => {
    expect(
      line(
        event('delivery.succeeded', {
          channel: 'email',
          recipient: 'coordinator',
          platformKey: 'videoshare',
          purpose: 'act',
          tier: 1,
          itemCount: 1,
        }),
      ),
    ).toBe('coordinator e-mailed about videoshare (1 item not acted on in time)');
    expect(
      line(
        event('escalation.sent', {
          itemId: 'item-new',
          platformKey: 'videoshare',
          tier: 3,
          tiers: [3],
          channel: 'email',
          step: 'act_overdue',
          coordinatorContactIds: ['c-1'],
        }),
      ),
    ).toBe('videoshare: pdq:30a10efd… escalated to tier 3 and the coordinator by email (act overdue)');
  });
});

describe('describeEvent: banks under pressure', () => {
  const event = (type: string, data: Record<string, unknown>): EventView => ({
    ...matched({}),
    type,
    data: { itemId: 'item-new', bankName: 'News agency photos', ...data },
  });

  it('says why a hit is not reported, held, or disputed', () => {
    expect(line(event('item.bank_benign', { distance: 0, heldBack: 2, label: 'agency photo' }))).toBe(
      'pdq:30a10efd… is known-benign content of the negative bank News agency photos (“agency photo”), ' +
        'distance 0: 2 hits of other banks as near or farther not reported',
    );
    expect(line(event('item.bank_hit_held', { distance: 0, quarantined: true }))).toMatch(
      /hit in the hash bank News agency photos is held: this hit quarantined its signal/,
    );
    expect(line(event('item.bank_feedback', { verdict: 'disagree', review: true }))).toBe(
      'someone disagrees with the bank hit on pdq:30a10efd…; the signal is flagged for review',
    );
  });
});

describe('describeEvent: containment.updated', () => {
  const updated = (data: Record<string, unknown>): EventView => ({
    id: '10',
    incidentId: 'inc-1',
    seq: 10,
    type: 'containment.updated',
    at: '2026-12-01T12:00:00.000Z',
    actor: { memberId: 'm-1', organisationId: 'org-coord' },
    data: { itemId: 'item-new', platformKey: 'clipcast', from: 'notified', status: 'demoted', ...data },
  });
  const say = (event: EventView) =>
    describeEvent(
      event,
      () => 'EU coordination',
      (id) => names[id],
    );

  it('says how an answer a coordinator recorded came, and who at the platform gave it', () => {
    expect(say(updated({ onBehalf: true, via: 'phone', reportedBy: 'ClipCast desk' }))).toBe(
      'clipcast: pdq:30a10efd… notified → demoted (answered by phone, reported by ClipCast desk, recorded by EU coordination)',
    );
    expect(say(updated({ onBehalf: true }))).toBe(
      'clipcast: pdq:30a10efd… notified → demoted (recorded by EU coordination)',
    );
    expect(say(updated({ onBehalf: false, via: 'hub' }))).toBe('clipcast: pdq:30a10efd… notified → demoted');
  });
});
