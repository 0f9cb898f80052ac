import { anItem } from '@hub/testing';
import type { Actor } from '../core/actor';
import type { EventRecord, NewEvent } from '../events/event.model';
import type { IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentQueries, IncidentStore, IncidentTx } from '../incidents/incident.ports';
import { formatStoredVpdq, type VpdqFrame } from '../items/vpdq.frames';
import { MatchItemUseCase } from './match-item.use-case';
import { PdqMatcher } from './pdq.matcher';

/**
 * In-memory stand-ins for the ports matching uses, for unit tests only: just enough of each
 * (the integration tests run the real repositories on PostgreSQL).
 */
class FakeHub {
  readonly incidents = new Map<string, IncidentRecord>();
  readonly items = new Map<string, ItemRecord>();
  readonly events: EventRecord[] = [];
  readonly actors = new Map<string, Actor>();
  transactions = 0;

  incident(id: string, patch: Partial<IncidentRecord> = {}): IncidentRecord {
    const now = new Date('2025-01-01T00:00:00Z');
    const incident: IncidentRecord = {
      id,
      ref: `CH-2025-${id}`,
      title: id,
      summary: '',
      category: 'terrorist_content',
      protocol: 'default',
      level: 'crisis',
      mode: 'live',
      status: 'active',
      participants: [],
      platforms: [],
      criteria: [],
      rationale: null,
      closingSummary: null,
      reviewSummary: null,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      lastSeq: 0,
      configVersion: 0,
      ...patch,
    };
    this.incidents.set(id, incident);
    return incident;
  }

  item(id: string, incidentId: string, patch: Partial<ItemRecord> = {}): ItemRecord {
    const item = anItem({
      id,
      incidentId,
      kind: 'hash',
      dedupKey: `pdq:${id}`,
      hashAlgorithm: 'pdq',
      hashValue: '0'.repeat(64),
      hashQuality: 90,
      createdAt: new Date('2025-01-01T00:00:00Z'),
      ...patch,
    });
    this.items.set(id, item);
    return item;
  }

  actor(memberId: string, organisationId: string, role: Actor['role'] = 'authority'): Actor {
    const actor: Actor = {
      memberId,
      organisationId,
      displayName: memberId,
      role,
      organisationKind: role === 'liaison' ? 'platform' : 'authority',
    };
    this.actors.set(memberId, actor);
    return actor;
  }

  eventsOf(incidentId: string, type?: string): EventRecord[] {
    return this.events.filter((e) => e.incidentId === incidentId && (!type || e.type === type));
  }

  private append(incidentId: string, events: NewEvent[]): EventRecord[] {
    const incident = this.incidents.get(incidentId)!;
    return events.map((e) => {
      incident.lastSeq++;
      const record: EventRecord = {
        id: String(this.events.length + 1),
        incidentId,
        seq: incident.lastSeq,
        type: e.type,
        at: new Date(),
        actor: e.actor,
        data: e.data,
        prevHash: '',
        hash: '',
      };
      this.events.push(record);
      return record;
    });
  }

  private tx(incidentId: string): IncidentTx {
    const itemsOf = () => [...this.items.values()].filter((i) => i.incidentId === incidentId);
    return {
      incident: this.incidents.get(incidentId)!,
      append: async (events) => this.append(incidentId, events),
      findItem: async (itemId) => itemsOf().find((i) => i.id === itemId) ?? null,
      setVariantOf: async (itemId, variantOf) => {
        const item = itemsOf().find((i) => i.id === itemId);
        if (item && !item.variantOf) item.variantOf = variantOf;
      },
    } as Partial<IncidentTx> as IncidentTx;
  }

  readonly store = {
    find: async (id: string) => this.incidents.get(id) ?? null,
    withIncident: async <T>(id: string, work: (tx: IncidentTx) => Promise<T>): Promise<T> => {
      this.transactions++;
      return work(this.tx(id));
    },
  } as Partial<IncidentStore> as IncidentStore;

  readonly queries = {
    itemWithCells: async (incidentId: string, itemId: string) => {
      const item = this.items.get(itemId);
      return item && item.incidentId === incidentId ? { item, cells: [] } : null;
    },
    hasEvent: async (incidentId: string, type: string, key: string, value: string) =>
      this.eventsOf(incidentId, type).some((e) => e.data[key] === value),
  } as Partial<IncidentQueries> as IncidentQueries;

  readonly identities = {
    findActorByMemberId: async (memberId: string) => this.actors.get(memberId) ?? null,
  } as Partial<IdentityRepository> as IdentityRepository;
}

/** `hex` with its first `bits` bits flipped: a hash exactly that far away. */
const flipBits = (hex: string, bits: number): string => {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (let b = 0; b < bits; b++) digits[b >> 2] ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
};

// A real PDQ hash (of Meta's "bridge" picture): a repeating pattern could meet itself turned.
const BASE = 'd8f8f0cee0f4a84f06370222078f67f0b36e2ed596621e1d33e6b39c4e9c9b22';

describe('MatchItemUseCase', () => {
  let hub: FakeHub;
  let matcher: PdqMatcher;
  let useCase: MatchItemUseCase;

  const index = (...itemIds: string[]) => {
    for (const id of itemIds) {
      const item = hub.items.get(id)!;
      const { mode } = hub.incidents.get(item.incidentId)!;
      matcher.add({ itemId: id, incidentId: item.incidentId, value: item.hashValue!, quality: 90, mode });
    }
  };

  beforeEach(() => {
    hub = new FakeHub();
    matcher = new PdqMatcher();
    useCase = new MatchItemUseCase(hub.store, hub.queries, hub.identities, matcher);
    hub.actor('be-member', 'org-be');
    hub.actor('coord-member', 'org-coord', 'coordinator');
    hub.incident('A', { participants: ['org-be', 'org-fr'] });
    hub.incident('B', { participants: ['org-be'] });
    hub.incident('C', { participants: ['org-de'] });
    hub.incident('X', { participants: ['org-be'], mode: 'exercise' });
    hub.item('a1', 'A', { hashValue: flipBits(BASE, 20) });
    hub.item('b1', 'B', { hashValue: flipBits(BASE, 10) });
    hub.item('c1', 'C', { hashValue: flipBits(BASE, 5) });
    hub.item('x1', 'X', { hashValue: flipBits(BASE, 1) });
    hub.item('far', 'B', { hashValue: flipBits(BASE, 32) });
    index('a1', 'b1', 'c1', 'x1', 'far');
  });

  it('links a variant in the incidents its sharer can see, in both incidents, never across modes', async () => {
    hub.item('n', 'A', { hashValue: BASE, createdBy: 'be-member' });
    await expect(useCase.execute({ eventId: 'e1', incidentId: 'A', itemId: 'n' })).resolves.toBe('matched');

    const near = (distance: number) => ({ distance, transform: 'original', triggeredBy: 'e1' });
    expect(hub.eventsOf('A', 'item.matched').map((e) => e.data)).toEqual([
      { itemId: 'n', matchedItemId: 'b1', matchedIncidentId: 'B', ...near(10) },
      { itemId: 'n', matchedItemId: 'a1', matchedIncidentId: 'A', ...near(20) },
    ]);
    expect(hub.eventsOf('B', 'item.matched').map((e) => e.data)).toEqual([
      { itemId: 'b1', matchedItemId: 'n', matchedIncidentId: 'A', ...near(10) },
    ]);
    expect(hub.eventsOf('C')).toEqual([]);
    expect(hub.eventsOf('X')).toEqual([]);
    expect(JSON.stringify(hub.events)).not.toContain('c1');
    expect(hub.events.every((e) => e.actor.memberId === null)).toBe(true);
    // The nearest match in its own incident makes the new item its variant.
    expect(hub.items.get('n')!.variantOf).toBe('a1');
    expect(matcher.has('n')).toBe(true);
  });

  it('appends nothing when the same job runs again', async () => {
    hub.item('n', 'A', { hashValue: BASE, createdBy: 'be-member' });
    const job = { eventId: 'e1', incidentId: 'A', itemId: 'n' };
    await useCase.execute(job);
    const before = hub.events.length;
    await expect(useCase.execute(job)).resolves.toBe('matched');
    expect(hub.events).toHaveLength(before);
  });

  it('keeps an existing variant link', async () => {
    hub.item('n', 'A', { hashValue: BASE, createdBy: 'be-member', variantOf: 'elsewhere' });
    await useCase.execute({ eventId: 'e1', incidentId: 'A', itemId: 'n' });
    expect(hub.items.get('n')!.variantOf).toBe('elsewhere');
  });

  it('lets a coordinator sharer link every incident of the same mode', async () => {
    hub.item('n', 'A', { hashValue: BASE, createdBy: 'coord-member' });
    await useCase.execute({ eventId: 'e1', incidentId: 'A', itemId: 'n' });
    expect(hub.eventsOf('C', 'item.matched').map((e) => e.data.matchedItemId)).toEqual(['n']);
    expect(hub.eventsOf('X')).toEqual([]);
  });

  it('matches exercise items only with exercise items', async () => {
    hub.item('n', 'X', { hashValue: BASE, createdBy: 'be-member' });
    await expect(useCase.execute({ eventId: 'e2', incidentId: 'X', itemId: 'n' })).resolves.toBe('matched');
    expect(hub.eventsOf('X', 'item.matched').map((e) => e.data.matchedItemId)).toEqual(['x1']);
    expect(hub.events.filter((e) => e.incidentId !== 'X')).toEqual([]);
  });

  it('without a known sharer links only inside the item’s own incident', async () => {
    hub.item('n', 'A', { hashValue: BASE, createdBy: null });
    await useCase.execute({ eventId: 'e1', incidentId: 'A', itemId: 'n' });
    expect(hub.events.map((e) => [e.incidentId, e.data.matchedItemId])).toEqual([['A', 'a1']]);
  });

  it('answers no-match, and indexes the item for the next ones', async () => {
    hub.item('n', 'B', { hashValue: flipBits(BASE, 128), createdBy: 'be-member' });
    await expect(useCase.execute({ eventId: 'e1', incidentId: 'B', itemId: 'n' })).resolves.toBe('no-match');
    expect(hub.events).toEqual([]);
    expect(matcher.has('n')).toBe(true);
  });

  it('skips items that are gone, not PDQ, or of low quality', async () => {
    hub.item('md5', 'A', { hashAlgorithm: 'md5', hashValue: '0'.repeat(32), createdBy: 'be-member' });
    hub.item('poor', 'A', { hashValue: BASE, hashQuality: 49, createdBy: 'be-member' });
    for (const itemId of ['missing', 'md5', 'poor']) {
      await expect(useCase.execute({ eventId: 'e', incidentId: 'A', itemId })).resolves.toBe('skipped');
    }
    // An item asked for under the wrong incident is not found either.
    hub.item('n', 'A', { hashValue: BASE, createdBy: 'be-member' });
    await expect(useCase.execute({ eventId: 'e', incidentId: 'B', itemId: 'n' })).resolves.toBe('skipped');
    expect(hub.events).toEqual([]);
    expect(matcher.has('poor')).toBe(false);
  });
});

describe('MatchItemUseCase: turned pictures and videos', () => {
  // Meta's "bridge" picture and its copy rotated by 90 degrees (hashes of its reference PNGs; BSD licence,
  // Copyright (c) Meta Platforms, Inc. and affiliates, ThreatExchange commit baefb4e).
  const ORIGINAL = 'd8f8f0cee0f4a84f06370222078f67f0b36e2ed596621e1d33e6b39c4e9c9b22';
  const ROTATED = '30a10efdf1c83f429013d48d0ffffc52e34e0e35ada952a9d29605215aa9e5af';
  /** Random-looking hashes, about 128 bits apart from one another (xorshift32 from the seed). */
  const randomHash = (seed: number): string => {
    let x = seed * 2_654_435_761 || 1;
    let hex = '';
    for (let i = 0; i < 8; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      hex += (x >>> 0).toString(16).padStart(8, '0');
    }
    return hex;
  };
  /** A made-up video: 20 frames a second apart, each showing something else. */
  const clip: VpdqFrame[] = Array.from({ length: 20 }, (_, i) => ({
    frame: i * 30,
    quality: 90,
    hash: randomHash(i + 1),
    seconds: i,
  }));
  let hub: FakeHub;
  let matcher: PdqMatcher;
  let useCase: MatchItemUseCase;
  const share = (id: string, incidentId: string, patch: Partial<ItemRecord>) => {
    hub.item(id, incidentId, { createdBy: 'be-member', ...patch });
    return useCase.execute({ eventId: `shared-${id}`, incidentId, itemId: id });
  };
  const video = (frames: VpdqFrame[]): Partial<ItemRecord> => ({
    hashAlgorithm: 'vpdq',
    hashValue: formatStoredVpdq(frames),
    hashQuality: null,
  });
  const matched = (incidentId: string) => hub.eventsOf(incidentId, 'item.matched').map((e) => e.data);

  beforeEach(() => {
    hub = new FakeHub();
    matcher = new PdqMatcher();
    useCase = new MatchItemUseCase(hub.store, hub.queries, hub.identities, matcher);
    hub.actor('be-member', 'org-be');
    hub.incident('A', { participants: ['org-be'] });
    hub.incident('B', { participants: ['org-be'] });
  });

  it('matches a rotated re-upload and names the turn from each side', async () => {
    await expect(share('original', 'A', { hashValue: ORIGINAL })).resolves.toBe('no-match');
    await expect(share('rotated', 'B', { hashValue: ROTATED })).resolves.toBe('matched');
    const [mine] = matched('B');
    expect(mine).toMatchObject({ itemId: 'rotated', matchedItemId: 'original', transform: 'rotate90' });
    expect(mine.distance).toBe(14); // the turn derived from the hash alone is a few bits off
    // From the original's side the rotated copy is turned back the other way.
    expect(matched('A')).toEqual([
      {
        ...mine,
        itemId: 'original',
        matchedItemId: 'rotated',
        matchedIncidentId: 'B',
        transform: 'rotate270',
      },
    ]);
  });

  it('matches a picture of a video’s frame, naming the frame, from either side', async () => {
    await expect(share('clip', 'A', video(clip))).resolves.toBe('no-match');
    const still = flipBits(clip[5].hash, 3);
    await expect(share('still', 'B', { hashValue: still })).resolves.toBe('matched');
    expect(matched('B')).toEqual([
      {
        itemId: 'still',
        matchedItemId: 'clip',
        matchedIncidentId: 'A',
        distance: 3,
        transform: 'original',
        frame: 150,
        seconds: 5,
        triggeredBy: 'shared-still',
      },
    ]);
    expect(matched('A')).toEqual([
      { ...matched('B')[0], itemId: 'clip', matchedItemId: 'still', matchedIncidentId: 'B' },
    ]);
    // A picture is not a variant of a video.
    expect(hub.items.get('still')!.variantOf).toBeNull();
  });

  it('matches a video shared after a picture of one of its frames', async () => {
    await share('still', 'A', { hashValue: clip[7].hash });
    await expect(share('clip', 'A', video(clip))).resolves.toBe('matched');
    expect(matched('A')).toEqual([
      expect.objectContaining({
        itemId: 'clip',
        matchedItemId: 'still',
        distance: 0,
        frame: 210,
        seconds: 7,
      }),
    ]);
  });

  it('matches two videos sharing most of their frames, with both percentages, from each side', async () => {
    await share('clip', 'A', video(clip));
    // Every other frame, slightly re-encoded: all of its frames are in the clip, half of the clip's in it.
    const half = clip.filter((_, i) => i % 2 === 0).map((f) => ({ ...f, hash: flipBits(f.hash, 2) }));
    await expect(share('half', 'B', video(half))).resolves.toBe('no-match');
    // Most of it: 18 of 20 frames.
    const most = clip.slice(1, 19);
    await expect(share('most', 'A', video(most))).resolves.toBe('matched');
    expect(matched('A').filter((d) => d.itemId === 'most')).toEqual([
      {
        itemId: 'most',
        matchedItemId: 'clip',
        matchedIncidentId: 'A',
        queryMatchPercent: 100,
        comparedMatchPercent: 90,
        triggeredBy: 'shared-most',
      },
    ]);
    expect(matched('A').filter((d) => d.itemId === 'clip')).toEqual([]);
    // The nearest video in its own incident makes it a variant.
    expect(hub.items.get('most')!.variantOf).toBe('clip');
    expect(matched('B')).toEqual([]);
  });

  it('mirrors the percentages into the other incident', async () => {
    await share('clip', 'A', video(clip));
    await share('most', 'B', video(clip.slice(0, 17)));
    expect(matched('B')).toEqual([
      expect.objectContaining({ queryMatchPercent: 100, comparedMatchPercent: 85 }),
    ]);
    expect(matched('A')).toEqual([
      expect.objectContaining({
        itemId: 'clip',
        matchedItemId: 'most',
        queryMatchPercent: 85,
        comparedMatchPercent: 100,
      }),
    ]);
  });

  it('skips a video without frames of quality 50 and an opaque vPDQ value', async () => {
    const poor = clip.map((f) => ({ ...f, quality: 30 }));
    await expect(share('poor', 'A', video(poor))).resolves.toBe('skipped');
    await expect(share('opaque', 'A', { hashAlgorithm: 'vpdq', hashValue: 'abc' })).resolves.toBe('skipped');
    expect(matcher.size).toBe(0);
  });
});
