import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { systemClock, type Clock } from '@hub/domain';
import { createDataSource } from '@hub/persistence';
import { DataSource } from 'typeorm';
import type { HubConfig } from '../config/config.schema';
import { QueueFactory } from '../queues/queue.factory';
import { EventFeed } from '../realtime/event-feed.service';
import type { HubRuntime } from '../runtime';
import { CLOCK, HUB_CONFIG, HUB_RUNTIME } from '../tokens';
import { provide } from './provide';

/** Closes what the core opened, after the apps' own shutdown hooks have run. */
@Injectable()
class CoreShutdown implements OnApplicationShutdown {
  constructor(
    private readonly db: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/**
 * What every feature stands on, one of each per process: the configuration, the clock, the database, the
 * queues and the feed of commits to the event log. Global, so a feature module imports only the features
 * it uses; the features themselves are imported by name.
 */
@Global()
@Module({})
export class HubCoreModule {
  static forRoot(config: HubConfig, runtime: HubRuntime, clock: Clock = systemClock): DynamicModule {
    const providers = [
      provide(HUB_CONFIG, [], () => config),
      provide(HUB_RUNTIME, [], () => runtime),
      provide(CLOCK, [], () => clock),
      provide(DataSource, [], async () => {
        const db = createDataSource({ url: runtime.databaseUrl, applicationName: 'crisis-hub' });
        await db.initialize();
        return db;
      }),
      provide(QueueFactory, [], async () => {
        const queues = new QueueFactory(runtime);
        await queues.init();
        return queues;
      }),
    ];
    return {
      module: HubCoreModule,
      global: true,
      providers: [...providers, EventFeed, CoreShutdown],
      exports: [HUB_CONFIG, HUB_RUNTIME, CLOCK, DataSource, QueueFactory, EventFeed],
    };
  }
}
