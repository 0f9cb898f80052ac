import type { ThrottlerStorage } from '@nestjs/throttler';
import IORedis from 'ioredis';

// One round trip: count the hit, start the window on the first one, and report the remaining time.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return { hits, ttl }`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Rate-limit counters shared by every api instance. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: IORedis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new IORedis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.redis.on('error', () => {});
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    const [hits, pttl] = (await this.redis.eval(
      INCREMENT,
      1,
      `${this.prefix}:throttle:${name}:${key}`,
      String(ttl),
    )) as [number, number];
    const timeToExpire = Math.max(0, Math.ceil(pttl / 1000));
    return {
      totalHits: hits,
      timeToExpire,
      isBlocked: hits > limit,
      timeToBlockExpire: hits > limit ? timeToExpire : 0,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => {});
  }
}
