import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { LIMITS } from '@hub/contracts';
import type { HubRuntime } from '@hub/platform';
import IORedis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io with bounded messages and heartbeats that drop a dead client within 30 s (ping every 10 s,
 * 10 s to answer). With Redis, rooms span api instances through the Redis adapter (plain pub/sub: presence
 * and disconnects need no persistence, and events do not travel through it: every instance reads the log).
 */
export class HubIoAdapter extends IoAdapter {
  private clients: IORedis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly runtime: HubRuntime,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: LIMITS.socketMessageBytes,
      pingInterval: 10_000,
      pingTimeout: 10_000,
      cors: { origin: false },
      serveClient: false,
    } as ServerOptions);
    if (this.runtime.redisUrl) {
      const pub = new IORedis(this.runtime.redisUrl, { maxRetriesPerRequest: null });
      const sub = pub.duplicate();
      // The adapter publishes without waiting for the answer. A publish after this client quit (a
      // disconnect's presence update during shutdown) must not become an unhandled rejection.
      const publish = pub.publish.bind(pub) as (channel: string, message: string) => Promise<number>;
      pub.publish = ((channel: string, message: string) => {
        const sent = publish(channel, message);
        sent.catch(() => {});
        return sent;
      }) as typeof pub.publish;
      pub.on('error', () => {});
      sub.on('error', () => {});
      this.clients.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: `${this.runtime.keyPrefix}:io` }));
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.map((c) => c.quit().catch(() => {})));
  }
}
