import type { Distribution } from '@hub/contracts';
import { assertNarrows } from './distribution';
import { feedFor } from './federation-feed';
import { parseFederationEvent } from './federation-event.parse';
import type { FeedRow, PeerRecord } from './federation.model';
import type { ItemRecord } from '../incidents/incident.model';
import { DomainError } from '../core/errors';

const GROUP = '00000000-0000-4000-8000-0000000000aa';
const peer = (id: string, name: string, exercise = false): PeerRecord => ({
  id,
  name,
  url: `http://${name}.example`,
  token: 'secret-token-of-the-peer',
  organisationId: `org-${id}`,
  exercise,
  pushed: { tx: '0', id: '0' },
  received: { tx: '0', id: '0' },
  lastContactAt: null,
  lastError: null,
  lastErrorAt: null,
  failures: 0,
  refusals: 0,
  createdAt: new Date(0),
});
const B = peer('b', 'hub-b');
const C = peer('c', 'hub-c');
const ctx = { self: 'hub-a', groupPeers: (id: string) => (id === GROUP ? ['b'] : []) };

const item = (distribution: Distribution | null, origin: ItemRecord['origin'] = null): ItemRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  incidentId: 'i',
  kind: 'url',
  dedupKey: 'url:videoshare.example/v/1',
  url: 'https://videoshare.example/v/1',
  submittedUrl: 'https://videoshare.example/v/1',
  hashAlgorithm: null,
  hashValue: null,
  hashQuality: null,
  accountPlatform: null,
  accountHandle: null,
  channel: 'referral',
  legalReference: null,
  platformKey: 'videoshare',
  metadata: { uploaderHandle: 'someone', note: 'kept' },
  narrative: null,
  techniques: [],
  reporters: [],
  variantOf: null,
  visibility: 'participants',
  distribution,
  origin,
  createdBy: null,
  createdAt: new Date(0),
});

function row(
  type: string,
  opts: {
    distribution?: Distribution;
    itemDistribution?: Distribution | null;
    origin?: FeedRow['incident']['origin'];
    originPeerId?: string | null;
    mode?: 'live' | 'exercise';
    federation?: { id: string; originHub: string; path: string[]; from: string };
  } = {},
): FeedRow {
  return {
    eventId: '42',
    cursor: { tx: '900', id: '42' },
    type,
    at: new Date('2026-12-07T08:00:00Z'),
    data: {
      itemId: '00000000-0000-4000-8000-000000000001',
      platformKey: 'videoshare',
      status: 'acknowledged',
      text: 'hello',
      ...(opts.federation ? { federation: opts.federation } : {}),
    },
    actorOrganisationId: 'o1',
    actorOrganisationName: 'Belgian authority',
    incident: {
      id: '00000000-0000-4000-8000-0000000000ff',
      ref: 'CH-2026-0001',
      title: 'Attack',
      summary: 'Spreading',
      category: 'terrorist_content',
      protocol: 'terrorist-content',
      level: 'crisis',
      mode: opts.mode ?? 'live',
      status: 'active',
      platforms: ['videoshare'],
      closingSummary: null,
      participants: [],
      criteria: [],
      rationale: null,
      reviewSummary: null,
      createdBy: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      closedAt: null,
      lastSeq: 1,
      configVersion: 0,
      distribution: opts.distribution ?? 'hub',
      origin: opts.origin ?? null,
      originPeerId: opts.originPeerId ?? null,
    },
    item:
      type === 'item.shared' || type === 'containment.updated' ? item(opts.itemDistribution ?? null) : null,
  };
}

describe('what a peer may have of the log', () => {
  it.each<[string, Distribution, Distribution | null, PeerRecord, boolean]>([
    ['hub never leaves', 'hub', null, B, false],
    ['connected reaches a direct peer', 'connected', null, B, true],
    ['all reaches a direct peer', 'all', null, B, true],
    ['a sharing group reaches the peers it names', { sharingGroup: GROUP }, null, B, true],
    ['a sharing group does not reach others', { sharingGroup: GROUP }, null, C, false],
    ['an item narrowed to hub stays in a connected incident', 'connected', 'hub', B, false],
    ['an item narrowed to hub stays in an all incident', 'all', 'hub', B, false],
    ['an item narrowed to a group reaches that group', 'all', { sharingGroup: GROUP }, B, true],
    ['an item narrowed to a group does not reach others', 'all', { sharingGroup: GROUP }, C, false],
  ])('%s', (_what, distribution, itemDistribution, to, expected) => {
    const events = feedFor(to, [row('item.shared', { distribution, itemDistribution })], ctx);
    expect(events.length).toBe(expected ? 1 : 0);
  });

  it('sends what goes on as `all` and what stops at the peer as `hub`, without personal metadata', () => {
    const [connected] = feedFor(B, [row('item.shared', { distribution: 'connected' })], ctx);
    const [all] = feedFor(B, [row('item.shared', { distribution: 'all' })], ctx);
    expect(connected.data).toMatchObject({ distribution: 'hub', metadata: { note: 'kept' } });
    expect((connected.data as { metadata: object }).metadata).not.toHaveProperty('uploaderHandle');
    expect(all.data).toMatchObject({ distribution: 'all' });
    expect(connected).toMatchObject({
      id: 'hub-a:42',
      originHub: 'hub-a',
      path: ['hub-a'],
      cursor: '900:42',
    });
  });

  it('keeps exercises home unless the peer is an exercise peer', () => {
    const exercise = row('item.shared', { distribution: 'connected', mode: 'exercise' });
    expect(feedFor(B, [exercise], ctx)).toHaveLength(0);
    expect(feedFor(peer('b', 'hub-b', true), [exercise], ctx)).toHaveLength(1);
  });

  it('never sends an event back to a hub it passed', () => {
    const relayed = row('item.shared', {
      distribution: 'all',
      origin: { hub: 'hub-c', id: '00000000-0000-4000-8000-0000000000cc', ref: 'C-1' },
      originPeerId: 'c',
      federation: { id: 'hub-c:7', originHub: 'hub-c', path: ['hub-c', 'hub-b', 'hub-a'], from: 'hub-b' },
    });
    expect(feedFor(B, [relayed], ctx)).toHaveLength(0);
    expect(feedFor(C, [relayed], ctx)).toHaveLength(0);
    const [onward] = feedFor(peer('d', 'hub-d'), [relayed], ctx);
    expect(onward).toMatchObject({ id: 'hub-c:7', originHub: 'hub-c', path: ['hub-c', 'hub-b', 'hub-a'] });
  });

  it('answers a mirror back to the peer it came from, never sideways; its own answers stay on its incident', () => {
    const origin = { hub: 'hub-b', id: '00000000-0000-4000-8000-0000000000bb', ref: 'B-1' };
    const answer = row('containment.updated', { distribution: 'all', origin, originPeerId: 'b' });
    expect(feedFor(B, [answer], ctx)).toHaveLength(1);
    expect(feedFor(C, [answer], ctx)).toHaveLength(0);
    expect(feedFor(B, [row('containment.updated', { distribution: 'connected' })], ctx)).toHaveLength(0);
  });

  it('leaves out what is no federation event', () => {
    expect(feedFor(B, [row('delivery.succeeded', { distribution: 'all' })], ctx)).toHaveLength(0);
  });
});

describe('distribution only narrows', () => {
  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof DomainError ? error.details[0]?.field : 'other';
    }
    return null;
  };
  it.each<[Distribution, Distribution, boolean]>([
    ['hub', 'hub', true],
    ['hub', 'all', true],
    ['connected', 'all', true],
    ['all', 'connected', false],
    ['connected', 'hub', false],
    [{ sharingGroup: GROUP }, 'connected', true],
    [{ sharingGroup: GROUP }, 'hub', false],
    [{ sharingGroup: GROUP }, { sharingGroup: GROUP }, true],
    [{ sharingGroup: GROUP }, { sharingGroup: '00000000-0000-4000-8000-0000000000bb' }, false],
    ['connected', { sharingGroup: GROUP }, false],
  ])('an item %j in an incident %j: %s', (itemDistribution, incident, ok) => {
    expect(field(() => assertNarrows(itemDistribution, incident))).toBe(ok ? null : 'distribution');
  });
});

describe('a peer event is input like any other', () => {
  const valid = {
    id: 'hub-b:7',
    originHub: 'hub-b',
    path: ['hub-b'],
    incident: { hub: 'hub-b', id: '00000000-0000-4000-8000-0000000000bb', ref: 'B-1' },
    type: 'message',
    at: '2026-12-07T08:00:00.000Z',
    data: { text: 'hello', organisation: 'Authority' },
    cursor: '900:7',
  };
  it('is accepted whole', () => {
    expect(parseFederationEvent(valid, 'events[0]')).toMatchObject({ id: 'hub-b:7', type: 'message' });
  });
  it.each<[string, Record<string, unknown>, string]>([
    ['an id of another hub', { id: 'hub-c:7' }, 'events[0].id'],
    ['a path of no hubs', { path: [] }, 'events[0].path'],
    ['a bad hub name in the path', { path: ['Hub B!'] }, 'events[0].path[0]'],
    ['an unknown type', { type: 'delete' }, 'events[0].type'],
    ['a message too long', { data: { text: 'x'.repeat(10_001), organisation: 'A' } }, 'events[0].data.text'],
    ['a bad cursor', { cursor: 'soon' }, 'events[0].cursor'],
    [
      'an incident id that is no uuid',
      { incident: { hub: 'hub-b', id: 'x', ref: 'B-1' } },
      'events[0].incident.id',
    ],
  ])('refuses %s, naming the field', (_what, patch, fieldName) => {
    let caught: unknown;
    try {
      parseFederationEvent({ ...valid, ...patch }, 'events[0]');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).details[0]?.field).toBe(fieldName);
  });
});
