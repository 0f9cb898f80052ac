import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HIDDEN_EVENT_TYPE, type EventView } from '@hub/contracts';
import {
  eventView,
  eventViewFor,
  hiddenEventView,
  followAudiences,
  isRestrictedEvent,
  type Actor,
  type IncidentQueries,
  type ItemAudiences,
} from '@hub/domain';
import { EventFeed, INCIDENT_QUERIES, MetricsService } from '@hub/platform';
import type { EventsNotice } from '@hub/persistence';
import type { Namespace, Socket } from 'socket.io';

export const roomOf = (incidentId: string): string => `incident:${incidentId}`;

/** The one stand-in of an event among the views being grouped (every hidden socket gets the same). */
function hidden(view: EventView, byView: Map<EventView, string[]>): EventView {
  for (const key of byView.keys()) if (key.type === HIDDEN_EVENT_TYPE && key.seq === view.seq) return key;
  return hiddenEventView(view);
}

/**
 * Pushes each incident's events to the sockets of this instance, in seq order, once each.
 *
 * Every instance follows the log itself (NOTIFY, then a read of the new rows), so events written by any
 * api or worker process reach every socket, and the socket.io room of an incident holds, on this
 * instance, only sockets that are caught up. Per incident, notices and joins run one after another: a
 * join replays the backlog up to the instance's cursor and enters the room in the same step, so nothing
 * falls between backlog and live, and nothing is sent twice.
 */
@Injectable()
export class RoomFanout implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('room');
  private namespace?: Namespace;
  /**
   * Per incident with sockets here: the last seq broadcast to its room, the work queue, and the audiences
   * of its `coordination` items as of the cursor (kept current from the log itself as it goes by).
   */
  private readonly incidents = new Map<
    string,
    { cursor: number; chain: Promise<unknown>; audiences: ItemAudiences }
  >();
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly feed: EventFeed,
    @Inject(INCIDENT_QUERIES) private readonly queries: IncidentQueries,
    private readonly metrics: MetricsService,
  ) {}

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  onModuleInit(): void {
    this.unsubscribe = [
      this.feed.onNotice((notice) => this.push(notice.incidentId, () => this.deliver(notice))),
      // After a lost connection, notices may be missing: read every followed incident's log again.
      this.feed.onReconnect(() => {
        for (const incidentId of this.incidents.keys()) this.push(incidentId, () => this.catchUp(incidentId));
      }),
    ];
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
  }

  /** Runs a push in the incident's turn; a failed read is logged, and the next notice catches up. */
  private push(incidentId: string, task: () => Promise<void>): void {
    this.enqueue(incidentId, task).catch((error: unknown) =>
      this.logger.warn(`room of ${incidentId} not pushed: ${String(error)}`),
    );
  }

  private enqueue<T>(incidentId: string, task: () => Promise<T>): Promise<T> {
    const state = this.incidents.get(incidentId);
    if (!state) return task();
    const run = state.chain.then(task, task);
    state.chain = run.catch(() => undefined);
    return run;
  }

  /** Broadcast the events a notice carries; anything missing is read from the log. */
  private async deliver(notice: EventsNotice): Promise<void> {
    const state = this.incidents.get(notice.incidentId);
    if (!state || !this.namespace) return;
    if (!notice.events || notice.fromSeq > state.cursor + 1)
      return this.catchUp(notice.incidentId, notice.toSeq);
    for (const event of notice.events) {
      if (event.seq !== state.cursor + 1) continue;
      const { id, ...rest } = event;
      const view: EventView = { id, incidentId: notice.incidentId, ...rest };
      this.broadcast(notice.incidentId, view, state.audiences);
      state.cursor = event.seq;
    }
  }

  /**
   * One event to the room. Whether it is restricted (it speaks of a `coordination` item) is decided once;
   * only then is each socket asked whether its member may see it (others get the stand-in, so seq keeps
   * counting without a gap). The audiences follow the event first: a share's item is judged by its own
   * audience, a reporter sees its own report, a platform that joins the cells it got.
   */
  private broadcast(incidentId: string, view: EventView, audiences: ItemAudiences): void {
    followAudiences(audiences, view);
    const room = roomOf(incidentId);
    if (!isRestrictedEvent(view, audiences)) {
      this.namespace!.local.to(room).emit('incident:event', view);
    } else {
      // Sockets grouped by the view they get, so each view is encoded once (a socket is a room of its id).
      const byView = new Map<EventView, string[]>();
      for (const socketId of this.namespace!.adapter.rooms.get(room) ?? []) {
        const actor = (this.namespace!.sockets.get(socketId)?.data as { actor?: Actor } | undefined)?.actor;
        if (!actor) continue;
        const seen = eventViewFor(actor, view, audiences);
        const key = seen === view ? view : seen.type === HIDDEN_EVENT_TYPE ? hidden(view, byView) : seen;
        const sockets = byView.get(key);
        if (sockets) sockets.push(socketId);
        else byView.set(key, [socketId]);
      }
      for (const [seen, socketIds] of byView)
        this.namespace!.local.to(socketIds).emit('incident:event', seen);
    }
    this.metrics.roomEvents.inc();
  }

  /** Broadcast what the log holds past the cursor (up to `toSeq` when given). */
  private async catchUp(incidentId: string, toSeq?: number): Promise<void> {
    const state = this.incidents.get(incidentId);
    if (!state || !this.namespace) return;
    if (toSeq !== undefined && toSeq <= state.cursor) return;
    for (;;) {
      const events = await this.queries.events(incidentId, state.cursor, 1_000);
      for (const event of events) {
        if (event.seq !== state.cursor + 1) break;
        this.broadcast(incidentId, eventView(event), state.audiences);
        state.cursor = event.seq;
      }
      if (events.length < 1_000) return;
    }
  }

  /**
   * Sends the socket every event after `sinceSeq` (at most `limit`), then, if it is caught up, puts it
   * in the room. Answers the last seq known and whether more backlog remains (the client asks again).
   */
  async join(
    socket: Socket,
    incidentId: string,
    sinceSeq: number,
    limit: number,
  ): Promise<{ lastSeq: number; replayedTo: number; more: boolean }> {
    if (!this.incidents.has(incidentId)) {
      // Start following at the log's head; set synchronously so a second join waits behind the first.
      const state = {
        cursor: 0,
        chain: Promise.resolve() as Promise<unknown>,
        audiences: new Map() as ItemAudiences,
      };
      // The head first, then the audiences: read after, they may know items past the head, which the
      // log's events then only confirm.
      state.chain = this.queries.lastSeq(incidentId).then(async (seq) => {
        state.cursor = seq;
        state.audiences = await this.queries.itemAudiences(incidentId);
      });
      this.incidents.set(incidentId, state);
    }
    return this.enqueue(incidentId, async () => {
      const state = this.incidents.get(incidentId)!;
      await this.catchUp(incidentId);
      let sent = sinceSeq;
      const replay: EventView[] = [];
      const actor = (socket.data as { actor?: Actor } | undefined)?.actor;
      while (sent < state.cursor && replay.length < limit) {
        const page = await this.queries.events(incidentId, sent, Math.min(1_000, limit - replay.length));
        if (page.length === 0) break;
        for (const event of page) {
          if (event.seq > state.cursor) break;
          // The audiences as of the cursor: what the member may see now.
          replay.push(actor ? eventViewFor(actor, eventView(event), state.audiences) : eventView(event));
          sent = event.seq;
        }
        if (page[page.length - 1].seq >= state.cursor) break;
      }
      for (const event of replay) socket.emit('incident:event', event);
      const more = sent < state.cursor;
      if (!more) await socket.join(roomOf(incidentId));
      return { lastSeq: state.cursor, replayedTo: sent, more };
    });
  }

  async leave(socket: Socket, incidentId: string): Promise<void> {
    await socket.leave(roomOf(incidentId));
    this.forgetIfEmpty(incidentId);
  }

  /** Stop following incidents no socket here watches any more. */
  forgetIfEmpty(incidentId: string): void {
    const room = this.namespace?.adapter.rooms.get(roomOf(incidentId));
    if (!room || room.size === 0) this.incidents.delete(incidentId);
  }
}
