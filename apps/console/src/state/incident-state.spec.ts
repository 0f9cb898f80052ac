import type { EventView, IncidentView, ItemView } from '@hub/contracts';
import {
  applyEvent,
  bankNamesOf,
  itemLabel,
  initialState,
  matrixPlatforms,
  TIMELINE_SIZE,
  type RoomState,
} from './incident-state';

const incident: IncidentView = {
  id: 'inc-1',
  ref: 'CH-1',
  title: 'Attack livestream',
  summary: '',
  category: 'terrorist_content',
  protocol: 'crisis',
  level: 'crisis',
  mode: 'live',
  status: 'active',
  participants: [],
  platforms: ['videoshare', 'clipcast'],
  criteria: [],
  createdAt: '2026-11-23T00:00:00.000Z',
  updatedAt: '2026-11-23T00:00:00.000Z',
  lastSeq: 2,
};

let seq = 2;
function event(type: string, data: Record<string, unknown>, at = '2026-11-23T00:01:00.000Z'): EventView {
  seq += 1;
  return {
    id: `e${seq}`,
    incidentId: 'inc-1',
    seq,
    type,
    at,
    actor: { memberId: 'm1', organisationId: 'be' },
    data,
  };
}

function shared(itemId: string): EventView {
  return event('item.shared', {
    itemId,
    kind: 'url',
    url: `https://videoshare.example/v/${itemId}`,
    hash: null,
    account: null,
    channel: 'removal_order',
    legalReference: 'TCO art. 3',
    platformKey: 'videoshare',
    metadata: {},
    cells: [
      {
        platformKey: 'videoshare',
        ackDueAt: '2026-11-23T00:16:00.000Z',
        actionDueAt: '2026-11-23T01:01:00.000Z',
      },
    ],
  });
}

function start(items: ItemView[] = []): RoomState {
  seq = 2;
  return initialState(incident, items, []);
}

describe('the room state, moved forward by events', () => {
  it('names the hash banks an item was found in, once each, from the timeline and then live', () => {
    let state = applyEvent(start(), shared('i1')).state;
    const hit = (bankName: string) => event('item.bank_matched', { itemId: 'i1', bankName, distance: 0 });
    state = applyEvent(state, hit('Known attack content')).state;
    state = applyEvent(state, hit('Known attack content')).state;
    state = applyEvent(state, hit('NGO list')).state;
    expect(state.bankHits).toEqual({ i1: ['Known attack content', 'NGO list'] });
    const reopened = initialState({ ...incident, lastSeq: state.lastSeq }, state.items, state.timeline);
    expect(reopened.bankHits).toEqual(state.bankHits);
    // What the badge of the matrix and of the queue says.
    expect(bankNamesOf(state.bankHits, 'i1')).toBe('Known attack content, NGO list');
    expect(bankNamesOf(state.bankHits, 'i2')).toBe('');
    expect(bankNamesOf(undefined, 'i1')).toBe('');
  });

  it('adds a shared item with a pending cell per concerned platform and its deadlines', () => {
    const { state } = applyEvent(start(), shared('i1'));
    expect(state.items).toHaveLength(1);
    expect(state.items[0]).toMatchObject({
      id: 'i1',
      channel: 'removal_order',
      reporters: ['be'],
      containment: [{ platformKey: 'videoshare', status: 'pending', ackDueAt: '2026-11-23T00:16:00.000Z' }],
    });
    expect(state.lastSeq).toBe(3);
    expect(state.timeline.map((e) => e.seq)).toEqual([3]);
  });

  it('adds a shared narrative with its claim and techniques, labelled by its title', () => {
    const narrative = {
      title: 'Marking two boxes counts double',
      keywords: [],
      languages: ['fr'],
      examples: [],
    };
    const { state } = applyEvent(
      start(),
      event('item.shared', {
        itemId: 'n1',
        kind: 'narrative',
        url: null,
        channel: 'referral',
        metadata: {},
        narrative,
        techniques: ['T0022'],
        cells: [{ platformKey: 'videoshare' }, { platformKey: 'clipcast' }],
      }),
    );
    expect(state.items[0]).toMatchObject({ kind: 'narrative', narrative, techniques: ['T0022'] });
    expect(state.items[0]!.containment).toHaveLength(2);
    expect(itemLabel(state.items[0]!)).toBe('“Marking two boxes counts double”');
    const tagged = applyEvent(
      state,
      event('item.reported_again', { itemId: 'n1', organisationId: 'fr', techniques: ['T0002'] }),
    ).state;
    expect(tagged.items[0]).toMatchObject({ reporters: ['be', 'fr'], techniques: ['T0022', 'T0002'] });
  });

  it('ignores an event it has already applied, and a share it already holds', () => {
    const initial = start();
    const share = shared('i1');
    const once = applyEvent(initial, share).state;
    const twice = applyEvent(once, share).state;
    expect(twice.items).toHaveLength(1);
    expect(twice.timeline).toHaveLength(1);
    expect(twice.lastSeq).toBe(3);
  });

  it('moves a cell through delivery, acknowledgement and outcome', () => {
    let state = applyEvent(start(), shared('i1')).state;
    state = applyEvent(state, event('delivery.succeeded', { itemId: 'i1', platformKey: 'videoshare' })).state;
    expect(state.items[0]!.containment[0]!.status).toBe('notified');
    state = applyEvent(
      state,
      event('containment.updated', {
        itemId: 'i1',
        platformKey: 'videoshare',
        from: 'notified',
        status: 'acknowledged',
        acknowledgedAt: '2026-11-23T00:05:00.000Z',
        ackDueAt: '2026-11-23T00:16:00.000Z',
        actionDueAt: '2026-11-23T01:01:00.000Z',
      }),
    ).state;
    expect(state.items[0]!.containment[0]).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: '2026-11-23T00:05:00.000Z',
    });
    // A late delivery never moves an acknowledged cell back.
    state = applyEvent(state, event('delivery.succeeded', { itemId: 'i1', platformKey: 'videoshare' })).state;
    expect(state.items[0]!.containment[0]!.status).toBe('acknowledged');
  });

  it('marks every cell a webhook batch told of notified, from its one event', () => {
    let state = applyEvent(applyEvent(start(), shared('i1')).state, shared('i2')).state;
    state = applyEvent(
      state,
      event('delivery.succeeded', {
        batch: true,
        platformKey: 'videoshare',
        itemIds: ['i1', 'i2'],
        itemCount: 2,
      }),
    ).state;
    expect(state.items.map((i) => i.containment[0]!.status)).toEqual(['notified', 'notified']);
  });

  it('marks an overdue cell only while its status is the one the deadline found', () => {
    let state = applyEvent(start(), shared('i1')).state;
    state = applyEvent(
      state,
      event('containment.overdue', { itemId: 'i1', platformKey: 'videoshare', status: 'pending' }),
    ).state;
    expect(state.items[0]!.containment[0]!.overdue).toBe(true);
    state = applyEvent(
      state,
      event('containment.overdue', { itemId: 'i1', platformKey: 'videoshare', status: 'acknowledged' }),
    ).state;
    expect(state.items[0]!.containment[0]!.overdue).toBe(true);
  });

  it('adds the cells a new platform gets, and asks for the incident again', () => {
    const state = applyEvent(start(), shared('i1')).state;
    const result = applyEvent(
      state,
      event('incident.participant_added', {
        organisationIds: [],
        platformKeys: ['socialnet'],
        cells: [{ itemId: 'i1', platformKey: 'socialnet', ackDueAt: null, actionDueAt: null }],
      }),
    );
    expect(result.refetch).toBe('incident');
    expect(result.state.items[0]!.containment.map((c) => c.platformKey)).toEqual(['videoshare', 'socialnet']);
    expect(matrixPlatforms(result.state)).toEqual(['videoshare', 'clipcast', 'socialnet']);
  });

  it('asks for items and incident again when the level moved the deadlines', () => {
    expect(
      applyEvent(start(), event('incident.level_changed', { from: 'crisis', to: 'incident' })).refetch,
    ).toBe('items');
    expect(applyEvent(start(), event('incident.standing_down', {})).refetch).toBe('incident');
    expect(applyEvent(start(), event('message.posted', { text: 'hi' })).refetch).toBeUndefined();
  });

  it('ignores events of another incident and keeps the timeline bounded and in seq order', () => {
    let state = start();
    expect(applyEvent(state, { ...shared('x'), incidentId: 'other' }).state).toBe(state);
    for (let i = 0; i < TIMELINE_SIZE + 20; i++)
      state = applyEvent(state, event('message.posted', { text: `m${i}` })).state;
    expect(state.timeline).toHaveLength(TIMELINE_SIZE);
    const seqs = state.timeline.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[seqs.length - 1]).toBe(state.lastSeq);
  });
});
