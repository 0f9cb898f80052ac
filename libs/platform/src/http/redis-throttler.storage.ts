import type { ThrottlerStorage } from '@nestjs/throttler';
import IORedis from 'ioredis';

// One round trip: add the hits, start the window with the first ones, and report the remaining time.
const INCREMENT = `
local hits = redis.call('INCRBY', KEYS[1], ARGV[2])
if hits == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return { hits, ttl }`;

/** How often hits answered without waiting are added to the shared counts. */
const FLUSH_MS = 100;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type Counting = IORedis & {
  hubThrottleIncrement(key: string, ttl: string, hits: number): Promise<[number, number]>;
};

/**
 * Rate-limit counters shared by every api instance, in Redis. A client far below its limit (by the last
 * count Redis gave, plus this process's hits since) is answered at once, and its hits are added to the
 * shared count within `FLUSH_MS`; near its limit every request waits for the exact count. So a request
 * pays no Redis round trip until its client nears the limit, and the limit holds across instances.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: Counting;
  /** Per counter: the last count Redis gave plus this process's hits since, and when its window ends. */
  private readonly recent = new Map<string, { hits: number; endsAt: number }>();
  /** Per counter: hits answered at once and not yet added in Redis, with the counter's window. */
  private readonly unsent = new Map<string, { hits: number; ttl: number }>();
  private flushing?: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    const redis = new IORedis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    redis.on('error', () => {});
    // Sent by its SHA (EVALSHA) after the first call, not as text with every request.
    redis.defineCommand('hubThrottleIncrement', { numberOfKeys: 1, lua: INCREMENT });
    this.redis = redis as Counting;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    const counter = `${this.prefix}:throttle:${name}:${key}`;
    const now = Date.now();
    const known = this.recent.get(counter);
    if (known && known.endsAt > now && known.hits + 1 < limit / 2) {
      known.hits += 1;
      const unsent = this.unsent.get(counter);
      if (unsent) unsent.hits += 1;
      else this.unsent.set(counter, { hits: 1, ttl });
      this.flushing ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
      return {
        totalHits: known.hits,
        timeToExpire: Math.ceil((known.endsAt - now) / 1000),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
    // Near the limit (or not known here yet): this hit and any not yet sent, counted exactly.
    const pending = this.unsent.get(counter)?.hits ?? 0;
    this.unsent.delete(counter);
    const [hits, pttl] = await this.count(counter, ttl, pending + 1);
    const timeToExpire = Math.max(0, Math.ceil(pttl / 1000));
    return {
      totalHits: hits,
      timeToExpire,
      isBlocked: hits > limit,
      timeToBlockExpire: hits > limit ? timeToExpire : 0,
    };
  }

  private async count(counter: string, ttl: number, hits: number): Promise<[number, number]> {
    const [total, pttl] = await this.redis.hubThrottleIncrement(counter, String(ttl), hits);
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(counter, { hits: total, endsAt: Date.now() + pttl });
    return [total, pttl];
  }

  /** Adds the hits answered at once to the shared counts (a count lost to an outage errs for the client). */
  private flush(): void {
    this.flushing = undefined;
    const batch = [...this.unsent];
    this.unsent.clear();
    for (const [counter, { hits, ttl }] of batch) this.count(counter, ttl, hits).catch(() => {});
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    clearTimeout(this.flushing);
    this.flush();
    await this.redis.quit().catch(() => {});
  }
}
