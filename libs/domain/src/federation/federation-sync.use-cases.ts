import {
  FEDERATION_LIMITS,
  type FederationPage,
  type FederationPush,
  type FederationReceipt,
} from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import { assertRole } from '../access/access.policy';
import { feedFor } from './federation-feed';
import {
  compareCursors,
  formatCursor,
  parseCursor,
  type FeedCursor,
  type PeerRecord,
} from './federation.model';
import type { FederationStore } from './federation.ports';
import type { ApplyFederationUseCase } from './apply-federation.use-case';

/** How this hub talks to a peer (libs/platform: HTTP with the token the peer issued). */
export interface PeerClient {
  push(peer: PeerRecord, page: FederationPush): Promise<FederationReceipt>;
  pull(peer: PeerRecord, after: string, limit: number): Promise<FederationPage>;
}

/** Events pushed at once: a page stays well under a request body's limit even with vPDQ hashes in it. */
const PUSH_PAGE = 200;

/** Scanned at most per page: a feed with nothing for this peer still moves on, a page at a time. */
const SCANS = 10;

/** This hub's feed as one peer may have it, and what that peer sends here. */
export class FederationFeedUseCase {
  constructor(
    private readonly store: FederationStore,
    private readonly apply: ApplyFederationUseCase,
    private readonly self: string,
  ) {}

  /** The peer a `peer` token stands for: registered here, or nothing. */
  async peerOf(actor: Actor): Promise<PeerRecord> {
    assertRole(actor, ['peer'], 'the federation feed');
    const peer = await this.store.findPeerByOrganisation(actor.organisationId);
    if (!peer)
      throw new DomainError(
        ERROR_CODES.FORBIDDEN,
        'this hub has not registered the hub this token stands for as a peer (POST /peers)',
      );
    return peer;
  }

  async page(
    peer: PeerRecord,
    after: FeedCursor,
    limit: number = FEDERATION_LIMITS.page,
  ): Promise<FederationPage> {
    const groups = new Map((await this.store.listGroups()).map((g) => [g.id, g.peers]));
    const ctx = { self: this.self, groupPeers: (id: string) => groups.get(id) ?? [] };
    let cursor = after;
    const events: FederationPage['events'] = [];
    let more = false;
    for (let scan = 0; scan < SCANS && events.length < limit; scan++) {
      const read = await this.store.feedAfter(cursor, FEDERATION_LIMITS.page);
      more = read.more;
      let full = false;
      for (const row of read.rows) {
        events.push(...feedFor(peer, [row], ctx));
        if (events.length >= limit) {
          cursor = row.cursor;
          full = true;
          more = true;
          break;
        }
      }
      if (!full) cursor = read.end;
      if (!more || events.length > 0) break;
    }
    return { hub: this.self, events, cursor: formatCursor(cursor), more };
  }

  /** A push from a peer; `gap` when it began past what this hub has (nothing applied). */
  async receive(actor: Actor, push: FederationPush): Promise<{ receipt: FederationReceipt; gap: boolean }> {
    const peer = await this.peerOf(actor);
    return this.apply.applyPage(peer, {
      hub: push.hub,
      events: push.events,
      cursor: push.cursor,
      after: push.after,
    });
  }
}

/** The worker's side: push to each peer what it lacks, read from each what this hub lacks. */
export class FederationSyncUseCase {
  constructor(
    private readonly store: FederationStore,
    private readonly feed: FederationFeedUseCase,
    private readonly apply: ApplyFederationUseCase,
    private readonly client: PeerClient,
    private readonly clock: Clock,
  ) {}

  /**
   * The push the relay planned for a read of the log ending at `eventId`. A peer whose cursor is already
   * past that event was sent all of it by a push that began later (under a steady flow of shares the
   * relay plans pushes faster than they run, and each sends everything pending): it is left alone, so a
   * backlog of such jobs costs a lookup each instead of a read of the feed and a request. A peer that
   * failed lately is left to the next catch-up pass (`resting`), so each share does not wait on it again.
   */
  async pushFor(eventId: string, maxPages = 50): Promise<{ sent: number; failed: string[] }> {
    const upTo = await this.store.cursorOfEvent(eventId);
    return this.pushAll({ maxPages, upTo: upTo ?? undefined, skipResting: true });
  }

  /**
   * Pushes to every peer at once (those past `upTo` excepted): one that is slow or away delays no other. A
   * peer that fails is recorded, and named in `failed`.
   */
  async pushAll(
    options: { maxPages?: number; upTo?: FeedCursor; skipResting?: boolean } = {},
  ): Promise<{ sent: number; failed: string[] }> {
    const now = this.clock.now();
    const peers = (await this.store.listPeers()).filter(
      (p) =>
        !(options.upTo && compareCursors(p.pushed, options.upTo) >= 0) &&
        !(options.skipResting && isResting(p, now)),
    );
    const results = await Promise.all(
      peers.map(async (peer) => {
        try {
          return { sent: await this.push(peer, options.maxPages ?? 50) };
        } catch (error) {
          await this.store.recordFailure(peer.id, messageOf(error), this.clock.now());
          return { sent: 0, failed: peer.name };
        }
      }),
    );
    return {
      sent: results.reduce((n, r) => n + r.sent, 0),
      failed: results.flatMap((r) => (r.failed ? [r.failed] : [])),
    };
  }

  async push(peer: PeerRecord, maxPages: number): Promise<number> {
    let cursor = peer.pushed;
    let sent = 0;
    for (let n = 0; n < maxPages; n++) {
      const page = await this.feed.page(peer, cursor, PUSH_PAGE);
      const end = parseCursor(page.cursor);
      if (page.events.length === 0) {
        if (compareCursors(end, cursor) > 0) await this.store.savePushed(peer.id, end);
        if (!page.more) return sent;
        cursor = end;
        continue;
      }
      const receipt = await this.client.push(peer, { ...page, after: formatCursor(cursor) });
      sent += receipt.applied;
      const theirs = parseCursor(receipt.cursor);
      await this.store.savePushed(peer.id, theirs);
      await this.store.recordContact(peer.id, this.clock.now());
      // Behind what was sent (it lost a page, or a restore took it back): start again from its word. Ahead
      // (it read this hub's feed meanwhile, as a peer catching up does): go on from there, not resend it.
      cursor = theirs;
      if (!page.more && compareCursors(theirs, end) >= 0) return sent;
    }
    return sent;
  }

  /** Reads from every peer at once what this hub lacks (a catch-up after either side was away). */
  async pullAll(maxPages = 100): Promise<{ applied: number; failed: string[] }> {
    const results = await Promise.all(
      (await this.store.listPeers()).map(async (peer) => {
        try {
          return { applied: await this.pull(peer, maxPages) };
        } catch (error) {
          await this.store.recordFailure(peer.id, messageOf(error), this.clock.now());
          return { applied: 0, failed: peer.name };
        }
      }),
    );
    return {
      applied: results.reduce((n, r) => n + r.applied, 0),
      failed: results.flatMap((r) => (r.failed ? [r.failed] : [])),
    };
  }

  /**
   * Reads the peer's feed page by page from this hub's cursor. The next page is asked for (from where the
   * page in hand ends) while that page is applied: a catch-up of thousands of events waits for the peer's
   * reads and its own writes at once rather than in turn. Pages are still applied in order, each once.
   */
  async pull(peer: PeerRecord, maxPages: number): Promise<number> {
    let applied = 0;
    let next = this.client.pull(peer, formatCursor(peer.received), FEDERATION_LIMITS.page);
    for (let n = 0; n < maxPages; n++) {
      const page = await next;
      const more = page.more && n + 1 < maxPages;
      if (more) {
        next = this.client.pull(peer, page.cursor, FEDERATION_LIMITS.page);
        // Settled below, or never awaited when applying fails: either way not an unhandled rejection.
        next.catch(() => undefined);
      }
      const { receipt } = await this.apply.applyPage(peer, {
        hub: page.hub,
        events: page.events,
        cursor: page.cursor,
        after: null,
      });
      applied += receipt.applied;
      if (!more) break;
    }
    return applied;
  }
}

/** A peer whose last exchanges failed rests a while (2, 4, 8 ... up to 60 s) before pushes try it again. */
function isResting(peer: PeerRecord, now: Date): boolean {
  if (!peer.failures || !peer.lastErrorAt) return false;
  const rest = Math.min(60_000, 1_000 * 2 ** Math.min(peer.failures, 6));
  return now.getTime() - peer.lastErrorAt.getTime() < rest;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
