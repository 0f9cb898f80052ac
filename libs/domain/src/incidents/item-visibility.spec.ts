import 'reflect-metadata';
import { HIDDEN_EVENT_TYPE, type EventView, type Role } from '@hub/contracts';
import { canSeeItem, visibleReporters, type Subject } from '../access/access.policy';
import { anItem } from '@hub/testing';
import {
  canSeeEvent,
  eventViewFor,
  followAudiences,
  hiddenItemIds,
  isRestrictedEvent,
  itemAsSeenBy,
  type ItemAudiences,
} from './item-visibility';

const A = 'org-party-a';
const B = 'org-party-b';
const who = (role: Role, organisationId = 'org-other', platformKey?: string): Subject => ({
  role,
  organisationId,
  platformKey,
});
const flag = { visibility: 'coordination' as const, reporters: [A], platforms: ['videoshare'] };

describe('canSeeItem', () => {
  it.each<[string, Subject, boolean]>([
    ['a coordinator', who('coordinator'), true],
    ['an authority', who('authority'), true],
    ['an observer', who('observer'), true],
    ['the platform concerned', who('liaison', 'org-vs', 'videoshare'), true],
    ['another platform', who('liaison', 'org-cc', 'clipcast'), false],
    ['the reporting flagger', who('flagger', A), true],
    ['a rival flagger', who('flagger', B), false],
  ])('a coordination flag: %s sees it: %s', (_, subject, sees) => {
    expect(canSeeItem(subject, flag)).toBe(sees);
  });

  it('a participants item is seen by everyone who sees the incident', () => {
    expect(canSeeItem(who('flagger', B), { ...flag, visibility: 'participants' })).toBe(true);
  });

  it('a flagger is shown its own organisation, and the first reporter of an open item only', () => {
    const item = { visibility: 'coordination' as const, reporters: [A, B] };
    expect(visibleReporters(who('flagger', B), item)).toEqual([B]);
    expect(visibleReporters(who('flagger', A), item)).toEqual([A]);
    expect(visibleReporters(who('flagger', B), { ...item, visibility: 'participants' })).toEqual([A, B]);
    expect(visibleReporters(who('flagger', 'org-c'), { ...item, visibility: 'participants' })).toEqual([A]);
    expect(visibleReporters(who('liaison', 'org-vs', 'videoshare'), item)).toEqual([A, B]);
  });

  it("a later reporter does not learn the first report's metadata or submitted URL", () => {
    const item = anItem({
      visibility: 'coordination',
      reporters: [A, B],
      url: 'https://v.example/1',
      submittedUrl: 'https://v.example/1?src=a',
      metadata: { notes: 'a source' },
    });
    expect(itemAsSeenBy(who('flagger', B), item)).toMatchObject({
      reporters: [B],
      metadata: {},
      submittedUrl: 'https://v.example/1',
    });
    expect(itemAsSeenBy(who('flagger', A), item).metadata).toEqual({ notes: 'a source' });
  });
});

describe('events about flags', () => {
  const audiences: ItemAudiences = new Map([['item-a', flag]]);
  const event = (type: string, data: Record<string, unknown>, organisationId: string | null = null) =>
    ({
      id: '7',
      incidentId: 'inc',
      seq: 7,
      type,
      at: '2026-05-01T10:00:00.000Z',
      actor: { memberId: null, organisationId },
      data,
    }) satisfies EventView;

  it('decides once whether an event is restricted at all', () => {
    expect(isRestrictedEvent(event('message.posted', { text: 'hi' }), audiences)).toBe(false);
    expect(isRestrictedEvent(event('containment.updated', { itemId: 'item-open' }), audiences)).toBe(false);
    expect(isRestrictedEvent(event('containment.updated', { itemId: 'item-a' }), audiences)).toBe(true);
    expect(isRestrictedEvent(event('delivery.failed', { itemIds: ['x', 'item-a'] }), audiences)).toBe(true);
    expect(
      isRestrictedEvent(event('item.reported_again', { itemId: 'x', visibility: 'coordination' }), audiences),
    ).toBe(true);
  });

  it('gives a rival a stand-in with the same seq and nothing else', () => {
    const moved = event('containment.updated', { itemId: 'item-a', status: 'removed' });
    expect(eventViewFor(who('flagger', B), moved, audiences)).toEqual({
      id: '7',
      incidentId: 'inc',
      seq: 7,
      type: HIDDEN_EVENT_TYPE,
      at: moved.at,
      actor: { memberId: null, organisationId: null },
      data: {},
    });
    expect(eventViewFor(who('flagger', A), moved, audiences)).toBe(moved);
    expect(eventViewFor(who('observer'), moved, audiences)).toBe(moved);
  });

  it("never shows a flagger another flagger's report of a coordination item", () => {
    const both: ItemAudiences = new Map([['item-a', { ...flag, reporters: [A, B] }]]);
    const again = event('item.reported_again', { itemId: 'item-a', visibility: 'participants' }, B);
    expect(canSeeEvent(who('flagger', A), again, both)).toBe(false);
    expect(canSeeEvent(who('flagger', B), again, both)).toBe(true);
    expect(canSeeEvent(who('coordinator'), again, both)).toBe(true);
  });

  it("trims a platform's joining of the cells of flags the reader may not see", () => {
    const joined = event('incident.participant_added', {
      platformKeys: ['clipcast'],
      cells: [
        { itemId: 'item-a', platformKey: 'clipcast' },
        { itemId: 'item-open', platformKey: 'clipcast' },
      ],
    });
    const seen = eventViewFor(who('flagger', B), joined, audiences);
    expect(seen.data.cells).toEqual([{ itemId: 'item-open', platformKey: 'clipcast' }]);
  });

  it('follows the log: a share, a repeat report and a joining platform widen the audience', () => {
    const live: ItemAudiences = new Map();
    followAudiences(
      live,
      event(
        'item.shared',
        { itemId: 'i', visibility: 'coordination', cells: [{ platformKey: 'videoshare' }] },
        A,
      ),
    );
    followAudiences(live, event('item.reported_again', { itemId: 'i' }, B));
    followAudiences(
      live,
      event('incident.participant_added', { cells: [{ itemId: 'i', platformKey: 'clipcast' }] }),
    );
    expect(live.get('i')).toEqual({
      visibility: 'coordination',
      reporters: [A, B],
      platforms: ['videoshare', 'clipcast'],
    });
    expect(hiddenItemIds(who('flagger', 'org-c'), live)).toEqual(new Set(['i']));
    expect(hiddenItemIds(who('liaison', 'org-cc', 'clipcast'), live)).toEqual(new Set());
  });
});
