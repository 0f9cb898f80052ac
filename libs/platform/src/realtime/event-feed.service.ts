import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import {
  EVENTS_CHANNEL,
  IDENTITY_CHANNEL,
  WARNINGS_CHANNEL,
  type EventsNotice,
  type WarningNotice,
} from '@hub/persistence';
import type { HubRuntime } from '../runtime';
import { HUB_RUNTIME } from '../tokens';

/**
 * Follows commits to the event log: one dedicated connection LISTENs on the channel that
 * `hub_append_events` notifies. Subscribers get `{ incidentId, fromSeq, toSeq }` in commit order, and a
 * `reconnected` signal after an outage (during which notices may have been missed: catch up from the log).
 * The same connection hears of administrative changes (`onIdentityChange`), so that every instance drops
 * the tokens it has resolved as soon as a member or organisation is switched off.
 */
@Injectable()
export class EventFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EventFeed.name);
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client?: Client;
  private closing = false;
  private retryMs = 250;
  /** Per incident, the highest seq told of: a notice of nothing newer is dropped. */
  private readonly toldSeq = new Map<string, number>();

  constructor(@Inject(HUB_RUNTIME) private readonly runtime: HubRuntime) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  onNotice(listener: (notice: EventsNotice) => void): () => void {
    this.emitter.on('notice', listener);
    return () => this.emitter.off('notice', listener);
  }

  /**
   * A commit made by this process, told at once: its listeners act without waiting for the NOTIFY, which
   * follows and repeats it and is then not passed on.
   */
  announce(notice: EventsNotice): void {
    this.tell(notice);
  }

  /**
   * Passes a notice on unless a newer one for its incident already was: a commit older than that one
   * committed before it, so whoever acted on the newer notice (reading the log up to it) has it too.
   */
  private tell(notice: EventsNotice): void {
    if ((this.toldSeq.get(notice.incidentId) ?? 0) >= notice.toSeq) return;
    if (this.toldSeq.size > 10_000) this.toldSeq.clear();
    this.toldSeq.set(notice.incidentId, notice.toSeq);
    this.emitter.emit('notice', notice);
  }

  /** A committed change to who may act (a deactivation, an edit of an organisation or a member). */
  onIdentityChange(listener: () => void): () => void {
    this.emitter.on('identity', listener);
    return () => this.emitter.off('identity', listener);
  }

  /** A committed election warning or acknowledgement, from whichever process made it. */
  onWarning(listener: (notice: WarningNotice) => void): () => void {
    this.emitter.on('warning', listener);
    return () => this.emitter.off('warning', listener);
  }

  onReconnect(listener: () => void): () => void {
    this.emitter.on('reconnected', listener);
    return () => this.emitter.off('reconnected', listener);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.runtime.databaseUrl,
      application_name: 'crisis-hub-feed',
    });
    client.on('notification', (message) => {
      if (message.channel === IDENTITY_CHANNEL) return void this.emitter.emit('identity');
      if (message.channel === WARNINGS_CHANNEL && message.payload) {
        try {
          return void this.emitter.emit('warning', JSON.parse(message.payload) as WarningNotice);
        } catch {
          return; // only the hub's own statements notify on this channel
        }
      }
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      try {
        this.tell(JSON.parse(message.payload) as EventsNotice);
      } catch {
        // A malformed payload cannot come from hub_append_events; ignore it.
      }
    });
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      await client.query(`LISTEN ${IDENTITY_CHANNEL}`);
      await client.query(`LISTEN ${WARNINGS_CHANNEL}`);
      const wasDown = this.client !== undefined;
      this.client = client;
      this.retryMs = 250;
      if (wasDown) this.emitter.emit('reconnected');
    } catch (error) {
      this.logger.warn(`event feed cannot listen yet: ${(error as Error).message}`);
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: Client): void {
    if (this.closing) return;
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    client.on('error', () => {});
    client.end().catch(() => {});
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
    setTimeout(() => void this.connect(), delay).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.emitter.removeAllListeners();
    await this.client?.end().catch(() => {});
  }
}
