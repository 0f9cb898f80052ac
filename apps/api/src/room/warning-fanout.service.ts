import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { WarningAcknowledgedEvent } from '@hub/contracts';
import { warningView, type WarningStore } from '@hub/domain';
import { EventFeed, WARNING_STORE } from '@hub/platform';
import type { WarningNotice } from '@hub/persistence';
import type { Namespace } from 'socket.io';
import { organisationRoom } from './organisation-room';

/**
 * Election warnings to the sockets of this instance. As with incident events, every instance hears each
 * committed warning from the database (NOTIFY) and pushes it to its own sockets only: sockets are in their
 * organisation's room from the handshake, so a member receives warnings without joining anything. A socket
 * that was away reads `GET /elections/:id/warnings` again.
 */
@Injectable()
export class WarningFanout implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('warnings');
  private namespace?: Namespace;
  private unsubscribe?: () => void;

  constructor(
    private readonly feed: EventFeed,
    @Inject(WARNING_STORE) private readonly warnings: WarningStore,
  ) {}

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  onModuleInit(): void {
    this.unsubscribe = this.feed.onWarning((notice) => {
      this.deliver(notice).catch((error: unknown) =>
        this.logger.warn(`warning ${notice.warningId} not pushed: ${String(error)}`),
      );
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private async deliver(notice: WarningNotice): Promise<void> {
    const namespace = this.namespace;
    if (!namespace) return;
    if (notice.kind === 'acknowledged') {
      const event: WarningAcknowledgedEvent = {
        warningId: notice.warningId,
        electionId: notice.electionId,
        organisationId: notice.organisationId,
        at: notice.at,
      };
      namespace.local.to(organisationRoom(notice.issuer)).emit('election:warning_acknowledged', event);
      return;
    }
    const rooms = notice.kind === 'issued' ? await this.recipientRooms(notice.warningId) : null;
    if (!rooms || rooms.rooms.length === 0) return;
    namespace.local.to(rooms.rooms).emit('election:warning', rooms.view);
  }

  /** The warning and the rooms of its recipients that have sockets here (none: no read at all). */
  private async recipientRooms(warningId: string) {
    const warning = await this.warnings.find(warningId);
    if (!warning) return null;
    const here = this.namespace!.adapter.rooms;
    return {
      view: warningView(warning),
      rooms: warning.recipients.map(organisationRoom).filter((room) => here.has(room)),
    };
  }
}
