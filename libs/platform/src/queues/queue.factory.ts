import {
  Queue,
  QueueEvents,
  Worker,
  createPostgresBackend,
  runMigrations as runQueueMigrations,
  type Processor,
  type WorkerOptions,
} from 'bullmq';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import type { QueueName } from '@hub/contracts';
import type { HubRuntime } from '../runtime';

/**
 * BullMQ on Redis when REDIS_URL is set, else on BullMQ's PostgreSQL backend in the hub's own database.
 * Processors and producers never know which.
 */
// The backend type differs per wiring; callers only use the backend-neutral API.
type AnyQueue = Queue<any, any, string, any, any, string, any, any>;
type AnyWorker = Worker<any, any, string, any, any, any>;

export class QueueFactory {
  private readonly queues = new Map<string, AnyQueue>();
  private readonly workers: AnyWorker[] = [];
  private readonly events = new Map<string, { events: QueueEvents; connection: IORedis }>();
  private redis?: IORedis;
  private pgPool?: Pool;

  constructor(private readonly runtime: HubRuntime) {}

  get backend(): 'redis' | 'postgres' {
    return this.runtime.redisUrl ? 'redis' : 'postgres';
  }

  async init(): Promise<void> {
    if (this.runtime.redisUrl) {
      this.redis = new IORedis(this.runtime.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
      this.redis.on('error', () => {}); // reconnects by itself; readiness reports the outage
      return;
    }
    this.pgPool = new Pool({
      connectionString: this.runtime.databaseUrl,
      max: 10,
      application_name: 'crisis-hub-queues',
    });
    this.pgPool.on('error', () => {}); // an idle client lost: the pool replaces it on next use
    const client = await this.pgPool.connect();
    try {
      await runQueueMigrations(client);
    } finally {
      client.release();
    }
  }

  private name(queue: QueueName): string {
    return `${this.runtime.keyPrefix}-${queue}`;
  }

  /** The PostgreSQL backend's connection: a small pool of its own per queue or worker. */
  private postgresConnection() {
    return { connectionString: this.runtime.databaseUrl, max: 5 };
  }

  queue<T = unknown>(name: QueueName): Queue<T> {
    let queue = this.queues.get(name);
    if (!queue) {
      const created: AnyQueue = this.redis
        ? new Queue(this.name(name), { connection: this.redis, prefix: this.runtime.keyPrefix })
        : new Queue(this.name(name), { connection: this.postgresConnection() }, createPostgresBackend);
      created.on('error', () => {});
      this.queues.set(name, created);
      queue = created;
    }
    return queue as unknown as Queue<T>;
  }

  worker<T = unknown>(
    name: QueueName,
    processor: Processor<T>,
    options: Partial<WorkerOptions> = {},
  ): Worker<T> {
    const worker: AnyWorker = this.redis
      ? new Worker<T>(this.name(name), processor, {
          ...options,
          connection: this.redis,
          prefix: this.runtime.keyPrefix,
        })
      : new Worker(
          this.name(name),
          processor as Processor,
          { ...options, connection: this.postgresConnection() },
          createPostgresBackend,
        );
    this.workers.push(worker);
    return worker as unknown as Worker<T>;
  }

  /**
   * A queue's completions and failures, to wait for a job's result. Redis only; each listens on a
   * connection of its own (it blocks reading the queue's event stream).
   */
  queueEvents(name: QueueName): QueueEvents {
    if (!this.redis) throw new Error('queue events need REDIS_URL');
    let entry = this.events.get(name);
    if (!entry) {
      const connection = new IORedis(this.runtime.redisUrl!, { maxRetriesPerRequest: null });
      connection.on('error', () => {});
      const events = new QueueEvents(this.name(name), { connection, prefix: this.runtime.keyPrefix });
      events.on('error', () => {});
      entry = { events, connection };
      this.events.set(name, entry);
    }
    return entry.events;
  }

  /** Readiness: the queue store answers. */
  async ping(): Promise<void> {
    if (this.redis) {
      await this.redis.ping();
      return;
    }
    await this.pgPool!.query('SELECT 1');
  }

  async counts(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [name, queue] of this.queues) {
      out[name] = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    }
    return out;
  }

  /** Workers first (they finish or release their jobs), then producers, then connections. */
  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    await Promise.allSettled([...this.events.values()].map(({ events }) => events.close()));
    await Promise.allSettled([...this.events.values()].map(({ connection }) => connection.quit()));
    await this.redis?.quit().catch(() => {});
    await this.pgPool?.end().catch(() => {});
  }
}
