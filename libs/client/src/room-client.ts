import { io, type Socket } from 'socket.io-client';
import {
  ROOM_NAMESPACE,
  type Ack,
  type CellView,
  type ClientToServerEvents,
  type EventView,
  type PresenceView,
  type ServerToClientEvents,
  type SocketContainmentPayload,
  type WarningAcknowledgedEvent,
  type WarningView,
} from '@hub/contracts';

export interface RoomClientOptions {
  /** Base URL of the hub, e.g. http://localhost:3000 */
  url: string;
  /** A member's token; without one, a browser's session cookie (the console signed in by its provider). */
  token?: string;
  /**
   * The language the reader reads refusals in (`error.localizedMessage`), asked at every connection: a
   * browser cannot set a WebSocket's Accept-Language.
   */
  language?: () => string | undefined;
  /** socket.io-client options (transports, reconnection delays) for special needs such as tests. */
  socketOptions?: Record<string, unknown>;
}

type EventListener = (event: EventView) => void;

/**
 * A typed client of the incident room. It tracks the last seq delivered per incident, hands events to
 * listeners exactly once and in order, and heals any gap (a missed push, a reconnect) by joining again
 * with `sinceSeq`: a client never sees seq 7 before 6.
 */
export class RoomClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly lastSeq = new Map<string, number>();
  private readonly joined = new Set<string>();
  private readonly listeners = new Set<EventListener>();
  private readonly presenceListeners = new Set<(p: PresenceView) => void>();
  private readonly rejoining = new Map<string, Promise<void>>();

  constructor(options: RoomClientOptions) {
    this.socket = io(`${options.url}${ROOM_NAMESPACE}`, {
      auth: (send: (auth: object) => void) => {
        const language = options.language?.();
        send({
          ...(options.token === undefined ? {} : { token: options.token }),
          ...(language ? { language } : {}),
        });
      },
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 2_000,
      ...options.socketOptions,
    });
    this.socket.on('incident:event', (event) => this.receive(event));
    this.socket.on('presence', (presence) => this.presenceListeners.forEach((l) => l(presence)));
    // Every connection after the first (automatic or not) rejoins what was joined, from the last seq seen.
    let connectedBefore = false;
    this.socket.on('connect', () => {
      if (connectedBefore) for (const incidentId of this.joined) void this.rejoin(incidentId);
      connectedBefore = true;
    });
  }

  /** Resolves when connected; rejects with the server's reason when the handshake is refused. */
  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const ok = () => (cleanup(), resolve());
      const fail = (error: Error) => (cleanup(), reject(error));
      const cleanup = () => {
        this.socket.off('connect', ok);
        this.socket.off('connect_error', fail);
      };
      this.socket.once('connect', ok);
      this.socket.once('connect_error', fail);
    });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onPresence(listener: (presence: PresenceView) => void): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /** Election warnings to the member's organisation: they arrive without joining anything. */
  onWarning(listener: (warning: WarningView) => void): () => void {
    this.socket.on('election:warning', listener);
    return () => void this.socket.off('election:warning', listener);
  }

  /** Acknowledgements of the warnings the member's organisation issued. */
  onWarningAcknowledged(listener: (event: WarningAcknowledgedEvent) => void): () => void {
    this.socket.on('election:warning_acknowledged', listener);
    return () => void this.socket.off('election:warning_acknowledged', listener);
  }

  seqOf(incidentId: string): number {
    return this.lastSeq.get(incidentId) ?? 0;
  }

  /** Joins an incident and replays everything after `sinceSeq` (default: what this client has seen). */
  async join(incidentId: string, sinceSeq = this.seqOf(incidentId)): Promise<{ lastSeq: number }> {
    this.lastSeq.set(incidentId, sinceSeq);
    this.joined.add(incidentId);
    for (;;) {
      const answer = await this.socket.emitWithAck('incident:join', {
        incidentId,
        sinceSeq: this.seqOf(incidentId),
      });
      if (!answer.ok) {
        this.joined.delete(incidentId);
        throw Object.assign(new Error(answer.error.message), { statusCode: answer.error.statusCode });
      }
      // The server replays at most a page per join; ask again from where the replay stopped.
      if (!answer.more) return { lastSeq: answer.lastSeq };
    }
  }

  async leave(incidentId: string): Promise<void> {
    this.joined.delete(incidentId);
    await this.socket.emitWithAck('incident:leave', { incidentId });
  }

  async updateContainment(payload: SocketContainmentPayload): Promise<Ack<{ cell: CellView }>> {
    return this.socket.emitWithAck('containment:update', payload);
  }

  async postMessage(incidentId: string, text: string): Promise<Ack<{ message: EventView }>> {
    return this.socket.emitWithAck('message:post', { incidentId, text });
  }

  close(): void {
    this.socket.close();
  }

  private receive(event: EventView): void {
    const last = this.seqOf(event.incidentId);
    if (event.seq <= last) return; // already delivered
    if (event.seq > last + 1) {
      void this.rejoin(event.incidentId); // a gap: the rejoin replays from `last`
      return;
    }
    this.lastSeq.set(event.incidentId, event.seq);
    for (const listener of this.listeners) listener(event);
  }

  private rejoin(incidentId: string): Promise<void> {
    let pending = this.rejoining.get(incidentId);
    if (!pending) {
      pending = this.join(incidentId)
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => this.rejoining.delete(incidentId));
      this.rejoining.set(incidentId, pending);
    }
    return pending;
  }
}
