import type { ThrottlerStorage } from '@nestjs/throttler';
import IORedis from 'ioredis';

// One round trip: count the hit, start the window on the first one, and report the remaining time.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return { hits, ttl }`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters shared by every api instance. Every hit is counted in Redis; a client far below its
 * limit (by the last count Redis gave, plus this process's hits since) is answered without waiting for
 * the count, so a request does not pay a Redis round trip until its client nears the limit.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: IORedis;
  /** Per counter: the last count Redis gave plus this process's hits since, and when its window ends. */
  private readonly recent = new Map<string, { hits: number; endsAt: number }>();

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new IORedis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.redis.on('error', () => {});
    // Sent by its SHA (EVALSHA) after the first call, not as text with every request.
    this.redis.defineCommand('hubThrottleIncrement', { numberOfKeys: 1, lua: INCREMENT });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    const redis = this.redis as IORedis & {
      hubThrottleIncrement(key: string, ttl: string): Promise<[number, number]>;
    };
    const counter = `${this.prefix}:throttle:${name}:${key}`;
    const counted = redis.hubThrottleIncrement(counter, String(ttl)).then(([hits, pttl]) => {
      if (this.recent.size > 10_000) this.recent.clear();
      this.recent.set(counter, { hits, endsAt: Date.now() + pttl });
      return [hits, pttl] as const;
    });
    const known = this.recent.get(counter);
    const now = Date.now();
    if (known && known.endsAt > now && known.hits + 1 < limit / 2) {
      known.hits += 1;
      counted.catch(() => {}); // a lost count errs on the client's side, far below its limit
      return {
        totalHits: known.hits,
        timeToExpire: Math.ceil((known.endsAt - now) / 1000),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
    const [hits, pttl] = await counted;
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
