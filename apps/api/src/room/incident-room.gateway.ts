import { Inject, Logger, UseFilters } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  JoinIncidentPayload,
  LeaveIncidentPayload,
  MAX_REPLAY_PER_JOIN,
  ROOM_NAMESPACE,
  SocketContainmentPayload,
  SocketMessagePayload,
  type Ack,
  type CellView,
  type EventView,
  type PresenceView,
} from '@hub/contracts';
import {
  AuthenticateSessionUseCase,
  AuthenticateUseCase,
  cellView,
  DomainError,
  ERROR_CODES,
  eventView,
  IncidentQueriesUseCase,
  PostMessageUseCase,
  UpdateContainmentUseCase,
  type Actor,
} from '@hub/domain';
import { HUB_CONFIG, MetricsService, sessionSecretOf, validatePayload, type HubConfig } from '@hub/platform';
import type { Namespace, Socket } from 'socket.io';
import { organisationRoom } from './organisation-room';
import { RoomFanout, roomOf } from './room-fanout.service';
import { WarningFanout } from './warning-fanout.service';
import { answer, RoomExceptionFilter } from './socket-errors';
import { fromAcceptLanguage, languageOfTag, type Language } from '@hub/i18n';

interface RoomSocketData {
  actor: Actor;
  /** Set when the socket came with the console's session cookie: logging out disconnects it. */
  sessionId?: string;
  incidents: Set<string>;
  bucket: { tokens: number; at: number };
  /** The language refusals are told in too (`localizedMessage`): the handshake's, when the hub has it. */
  language?: Language;
}

type RoomSocket = Socket & { data: RoomSocketData };

/** Client messages a socket may send per second (sustained), and in one burst. */
const RATE = { perSecond: 20, burst: 40 };

/**
 * A socket's language: the one its client names in `auth.language` (a browser cannot set a WebSocket's
 * headers), else the handshake's Accept-Language; none when neither names one of the hub's.
 */
function languageOf(socket: Socket): Language | undefined {
  const named = (socket.handshake.auth as { language?: unknown } | undefined)?.language;
  return (
    (typeof named === 'string' ? languageOfTag(named) : undefined) ??
    fromAcceptLanguage(socket.handshake.headers['accept-language'])
  );
}

export const memberRoom = (memberId: string): string => `member:${memberId}`;
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
export { organisationRoom };

/**
 * The incident room: authenticated on handshake with the same token verifier as HTTP; the server alone
 * decides which rooms a socket is in. Handlers parse, call one use case, and answer.
 */
@WebSocketGateway({ namespace: ROOM_NAMESPACE })
@UseFilters(RoomExceptionFilter)
export class IncidentRoomGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(IncidentRoomGateway.name);
  private namespace!: Namespace;

  constructor(
    private readonly authenticate: AuthenticateUseCase,
    private readonly authenticateSession: AuthenticateSessionUseCase,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly incidents: IncidentQueriesUseCase,
    private readonly containment: UpdateContainmentUseCase,
    private readonly messages: PostMessageUseCase,
    private readonly fanout: RoomFanout,
    private readonly warnings: WarningFanout,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(namespace: Namespace): void {
    this.namespace = namespace;
    this.fanout.attach(namespace);
    this.warnings.attach(namespace);
    namespace.use((socket, next) => {
      this.identify(socket)
        .then(({ actor, sessionId }) => {
          socket.data = {
            actor,
            sessionId,
            language: languageOf(socket),
            incidents: new Set<string>(),
            bucket: { tokens: RATE.burst, at: Date.now() },
          } satisfies RoomSocketData;
          next();
        })
        .catch((error: unknown) => {
          const message = error instanceof DomainError ? error.message : 'authentication unavailable';
          next(
            Object.assign(new Error(message), {
              data: { statusCode: error instanceof DomainError ? 401 : 503 },
            }),
          );
        });
    });
  }

  handleConnection(socket: RoomSocket): void {
    this.metrics.sockets.inc();
    void socket.join([
      memberRoom(socket.data.actor.memberId),
      organisationRoom(socket.data.actor.organisationId),
      ...(socket.data.sessionId ? [sessionRoom(socket.data.sessionId)] : []),
    ]);
  }

  /**
   * A token in `auth: { token }`, else the console's session cookie. A cookie is taken only from a page of
   * the hub itself (the Origin a browser sends with the handshake): another site could make the browser
   * send it.
   */
  private async identify(socket: Socket): Promise<{ actor: Actor; sessionId?: string }> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const secret = token === undefined ? sessionSecretOf(socket.handshake.headers.cookie) : undefined;
    if (!secret) {
      const actor = await this.authenticate.execute(typeof token === 'string' ? token : undefined);
      if (actor.role === 'peer')
        throw new DomainError(ERROR_CODES.FORBIDDEN, "a peer hub's token reaches only the federation routes");
      return { actor };
    }
    const origin = socket.handshake.headers.origin;
    if (origin !== undefined && !this.isOwnOrigin(origin, socket.handshake.headers.host))
      throw new DomainError(
        ERROR_CODES.UNAUTHENTICATED,
        "a session is accepted from the hub's own pages only",
      );
    const { actor, session } = await this.authenticateSession.execute(secret);
    return { actor, sessionId: session.id };
  }

  private isOwnOrigin(origin: string, host: string | undefined): boolean {
    try {
      const from = new URL(origin);
      if (this.config.HUB_PUBLIC_URL && from.origin === new URL(this.config.HUB_PUBLIC_URL).origin)
        return true;
      return host !== undefined && from.host === host;
    } catch {
      return false;
    }
  }

  handleDisconnect(socket: RoomSocket): void {
    this.metrics.sockets.dec();
    for (const incidentId of socket.data?.incidents ?? []) {
      this.fanout.forgetIfEmpty(incidentId);
      void this.broadcastPresence(incidentId);
    }
  }

  @SubscribeMessage('incident:join')
  join(
    @ConnectedSocket() socket: RoomSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ lastSeq: number; replayedTo: number; more: boolean }>> {
    return answer(async () => {
      this.spend(socket);
      const { incidentId, sinceSeq } = await validatePayload(JoinIncidentPayload, body);
      await this.incidents.get(socket.data.actor, incidentId);
      const joined = await this.fanout.join(socket, incidentId, sinceSeq ?? 0, MAX_REPLAY_PER_JOIN);
      if (!joined.more && !socket.data.incidents.has(incidentId)) {
        socket.data.incidents.add(incidentId);
        void this.broadcastPresence(incidentId);
      }
      return joined;
    }, socket.data.language);
  }

  @SubscribeMessage('incident:leave')
  leave(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: unknown): Promise<Ack> {
    return answer(async () => {
      this.spend(socket);
      const { incidentId } = await validatePayload(LeaveIncidentPayload, body);
      await this.fanout.leave(socket, incidentId);
      if (socket.data.incidents.delete(incidentId)) void this.broadcastPresence(incidentId);
      return {};
    }, socket.data.language);
  }

  @SubscribeMessage('containment:update')
  update(
    @ConnectedSocket() socket: RoomSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ cell: CellView }>> {
    return answer(async () => {
      this.spend(socket);
      const command = await validatePayload(SocketContainmentPayload, body);
      const { cell } = await this.containment.execute(socket.data.actor, command);
      return { cell: cellView(cell) };
    }, socket.data.language);
  }

  @SubscribeMessage('message:post')
  post(
    @ConnectedSocket() socket: RoomSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ message: EventView }>> {
    return answer(async () => {
      this.spend(socket);
      const { incidentId, text } = await validatePayload(SocketMessagePayload, body);
      // Not `event`: Nest would take an answer with an `event` key for an event to emit, not an acknowledgement.
      return { message: eventView(await this.messages.execute(socket.data.actor, incidentId, text)) };
    }, socket.data.language);
  }

  /** Disconnects the sockets opened with these console sessions, on every instance (signed out, ended). */
  disconnectSessions(sessionIds: string[]): void {
    for (const id of sessionIds) this.namespace?.in(sessionRoom(id)).disconnectSockets(true);
  }

  /** Disconnects every socket of a member, on every instance (a revoked token, a deactivated member). */
  disconnectMember(memberId: string): void {
    this.namespace?.in(memberRoom(memberId)).disconnectSockets(true);
  }

  /** Disconnects every socket of an organisation's members, on every instance (a deactivated organisation). */
  disconnectOrganisation(organisationId: string): void {
    this.namespace?.in(organisationRoom(organisationId)).disconnectSockets(true);
  }

  /** A token bucket per socket; an empty bucket answers 429. */
  private spend(socket: RoomSocket): void {
    const bucket = socket.data.bucket;
    const now = Date.now();
    bucket.tokens = Math.min(RATE.burst, bucket.tokens + ((now - bucket.at) / 1000) * RATE.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1)
      throw new DomainError(ERROR_CODES.RATE_LIMITED, 'too many messages on this socket; slow down');
    bucket.tokens -= 1;
  }

  /** Who is in the room, by organisation, from every instance. */
  private async broadcastPresence(incidentId: string): Promise<void> {
    try {
      const sockets = await this.namespace.in(roomOf(incidentId)).fetchSockets();
      const seen = new Map<string, PresenceView['members'][number]>();
      for (const s of sockets) {
        const actor = (s.data as RoomSocketData).actor;
        seen.set(actor.memberId, {
          memberId: actor.memberId,
          organisationId: actor.organisationId,
          displayName: actor.displayName,
        });
      }
      const presence: PresenceView = { incidentId, members: [...seen.values()] };
      this.namespace.to(roomOf(incidentId)).emit('presence', presence);
    } catch (error) {
      this.logger.warn(`presence of ${incidentId} not sent: ${(error as Error).message}`);
    }
  }
}
