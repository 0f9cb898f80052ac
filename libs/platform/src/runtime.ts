import type { HubConfig } from './config/config.schema';
import { startEmbeddedPostgres } from './database/embedded-postgres';

/** Where the hub's backing services are, decided once at start-up. Nothing below the apps knows which. */
export interface HubRuntime {
  databaseUrl: string;
  redisUrl?: string;
  /** A prefix for every Redis key and BullMQ queue, so several hubs (or test files) can share one Redis. */
  keyPrefix: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function prepareRuntime(
  config: HubConfig,
  log: (line: string) => void = () => {},
): Promise<HubRuntime> {
  if (config.DATABASE_URL) {
    return {
      databaseUrl: config.DATABASE_URL,
      redisUrl: config.REDIS_URL,
      keyPrefix: config.HUB_KEY_PREFIX,
      embedded: false,
      close: async () => {},
    };
  }
  const db = await startEmbeddedPostgres(config.HUB_DATA_DIR, { port: config.HUB_EMBEDDED_PG_PORT, log });
  return {
    databaseUrl: db.url,
    redisUrl: config.REDIS_URL,
    keyPrefix: config.HUB_KEY_PREFIX,
    embedded: true,
    close: () => db.stop(),
  };
}
