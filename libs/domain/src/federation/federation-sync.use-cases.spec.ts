import type { FederationPage, FederationPush, FederationReceipt } from '@hub/contracts';
import type { ApplyFederationUseCase } from './apply-federation.use-case';
import { formatCursor, parseCursor, type FeedCursor, type PeerRecord } from './federation.model';
import type { FederationStore } from './federation.ports';
import {
  FederationSyncUseCase,
  type FederationFeedUseCase,
  type PeerClient,
} from './federation-sync.use-cases';

const at = (id: number): FeedCursor => ({ tx: String(id), id: String(id) });

const peer = (name: string, pushed: number, received = 0): PeerRecord => ({
  id: `${name}-id`,
  name,
  url: `http://${name}.example`,
  token: 't',
  organisationId: `${name}-org`,
  exercise: false,
  pushed: at(pushed),
  received: at(received),
  lastContactAt: null,
  lastError: null,
  lastErrorAt: null,
  failures: 0,
  refusals: 0,
  createdAt: new Date(0),
});

/** A feed of events 1..`last` (one per transaction), paged as the real one is; the peer takes all of it. */
function setup(peers: PeerRecord[], last: number) {
  const saved: { peer: string; cursor: string }[] = [];
  const store = {
    listPeers: async () => peers,
    cursorOfEvent: async (id: string) => (Number(id) <= last ? at(Number(id)) : null),
    savePushed: async (peerId: string, c: FeedCursor) =>
      void saved.push({ peer: peerId, cursor: formatCursor(c) }),
    recordContact: async () => undefined,
    recordFailure: async () => undefined,
  } as unknown as FederationStore;
  const feed = {
    page: async (_p: PeerRecord, after: FeedCursor, limit: number): Promise<FederationPage> => {
      const from = Number(after.id);
      const to = Math.min(last, from + limit);
      const events = Array.from({ length: to - from }, (_, k) => ({ id: `a:${from + k + 1}` })) as never[];
      return { hub: 'a', events, cursor: formatCursor(at(to)), more: to < last };
    },
  } as unknown as FederationFeedUseCase;
  const pushes: { to: string; after: string; events: number }[] = [];
  const client: PeerClient = {
    push: async (p: PeerRecord, page: FederationPush): Promise<FederationReceipt> => {
      pushes.push({ to: p.name, after: page.after, events: page.events.length });
      // A peer that caught up meanwhile answers with where it is: ahead of this page.
      const theirs = p.name === 'ahead' ? formatCursor(at(last)) : page.cursor;
      return { applied: page.events.length, refused: [], cursor: theirs };
    },
    pull: async () => {
      throw new Error('not in this test');
    },
  };
  const clock = { now: () => new Date(0) };
  const sync = new FederationSyncUseCase(store, feed, {} as ApplyFederationUseCase, client, clock);
  return { sync, pushes, saved };
}

describe('FederationSyncUseCase', () => {
  it('leaves alone a peer already past the event a push job was planned for, and pushes to one behind it', async () => {
    // 'past' has event 8 (a push that began later sent it); 9 and 10 have jobs of their own.
    const { sync, pushes } = setup([peer('past', 8), peer('behind', 4)], 10);
    await sync.pushFor('8');
    expect(pushes).toEqual([{ to: 'behind', after: formatCursor(at(4)), events: 6 }]);
  });

  it('pushes to every peer when the event is not found', async () => {
    const { sync, pushes } = setup([peer('past', 10), peer('behind', 4)], 10);
    await sync.pushFor('99');
    expect(pushes.map((p) => p.to)).toEqual(['behind']);
    expect((await sync.pushAll()).failed).toEqual([]);
  });

  it('goes on from a peer’s cursor when it answers ahead of the page sent (it caught up meanwhile), resending nothing', async () => {
    const { sync, pushes, saved } = setup([peer('ahead', 0)], 1000);
    await sync.pushAll();
    expect(pushes).toEqual([{ to: 'ahead', after: formatCursor(at(0)), events: 200 }]);
    expect(saved).toEqual([{ peer: 'ahead-id', cursor: formatCursor(at(1000)) }]);
  });

  it('pulls page after page in order, asking for the next while the one in hand is applied', async () => {
    const pages = [1, 2, 3].map((n) => ({
      hub: 'a',
      events: [{ n }],
      cursor: formatCursor(at(n)),
      more: n < 3,
    }));
    const log: string[] = [];
    let release: () => void = () => undefined;
    const client: PeerClient = {
      push: async () => {
        throw new Error('not in this test');
      },
      pull: async (_p, after) => {
        log.push(`read after ${parseCursor(after).id}`);
        return pages[Number(parseCursor(after).id)] as unknown as FederationPage;
      },
    };
    const apply = {
      applyPage: async (_p: PeerRecord, page: { cursor: string }) => {
        log.push(`apply ${parseCursor(page.cursor).id} begins`);
        // The first page's application waits: the second page is asked for meanwhile.
        if (parseCursor(page.cursor).id === '1') await new Promise<void>((r) => (release = r));
        log.push(`apply ${parseCursor(page.cursor).id} ends`);
        return { receipt: { applied: 1, refused: [], cursor: page.cursor }, gap: false };
      },
    } as unknown as ApplyFederationUseCase;
    const store = { listPeers: async () => [peer('a', 0)] } as unknown as FederationStore;
    const sync = new FederationSyncUseCase(store, {} as FederationFeedUseCase, apply, client, {
      now: () => new Date(0),
    });
    const pulling = sync.pullAll();
    await new Promise((r) => setTimeout(r, 10));
    expect(log).toEqual(['read after 0', 'read after 1', 'apply 1 begins']);
    release();
    expect(await pulling).toEqual({ applied: 3, failed: [] });
    expect(log).toEqual([
      'read after 0',
      'read after 1',
      'apply 1 begins',
      'apply 1 ends',
      'read after 2',
      'apply 2 begins',
      'apply 2 ends',
      'apply 3 begins',
      'apply 3 ends',
    ]);
  });
});
