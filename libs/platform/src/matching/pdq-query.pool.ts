import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { PdqIndexSnapshot, PdqQueryThreads } from '@hub/domain';
import { packageRoot } from '../package-root';

export interface PdqQueryRequest {
  id: number;
  snapshot: PdqIndexSnapshot;
  hexes: readonly string[];
  maxDistance: number;
}
export type PdqQueryReply = { id: number; found: number[][] } | { id: number; failed: string };

interface Pending {
  resolve: (found: number[][]) => void;
  reject: (error: Error) => void;
  thread: PoolThread;
}
interface PoolThread {
  worker: Worker;
  inFlight: number;
}

export interface PdqQueryPoolOptions {
  /** Threads; default one per core. */
  size?: number;
  /** The compiled worker script; default `pdq-query.worker.js` beside this file, or in `dist/` under Jest. */
  workerScript?: string;
}

/** A part smaller than this is not worth a thread of its own: the batch probe gains from many queries. */
const MIN_PART = 256;
const SCRIPT = 'pdq-query.worker.js';

function defaultScript(): string {
  const beside = join(__dirname, SCRIPT);
  if (existsSync(beside)) return beside;
  return join(packageRoot(), 'dist/libs/platform/src/matching', SCRIPT);
}

/**
 * Worker threads that probe PDQ index snapshots (`queryPdqSnapshot`) for batches: a batch is cut into one
 * part a thread, so `POST /hashes/match` with `values` uses every core while this thread stays free. The
 * threads start on the first batch and never keep the process alive when idle; a thread that fails takes
 * its requests with it (the index then answers them on the calling thread) and is replaced on the next
 * batch. Closed with the application.
 */
@Injectable()
export class PdqQueryPool implements PdqQueryThreads, OnApplicationShutdown {
  readonly size: number;
  private readonly log = new Logger('PdqQueryPool');
  private readonly threads: (PoolThread | undefined)[];
  private readonly pending = new Map<number, Pending>();
  private readonly script: string;
  private nextId = 1;
  private closed = false;

  constructor(options: PdqQueryPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.script = options.workerScript ?? defaultScript();
    this.threads = Array.from({ length: this.size }, () => undefined);
  }

  async query(
    snapshot: PdqIndexSnapshot,
    hexes: readonly string[],
    maxDistance: number,
  ): Promise<number[][]> {
    if (this.closed) throw new Error('the PDQ query pool was closed');
    const parts = Math.max(1, Math.min(this.size, Math.floor(hexes.length / MIN_PART)));
    const per = Math.ceil(hexes.length / parts);
    const answers = await Promise.all(
      Array.from({ length: parts }, (_, p) =>
        this.ask({ id: this.nextId++, snapshot, hexes: hexes.slice(p * per, (p + 1) * per), maxDistance }),
      ),
    );
    return answers.flat();
  }

  /** Ends the threads; what was in flight is rejected (and answered by the calling thread). */
  async close(): Promise<void> {
    this.closed = true;
    const closed = new Error('the PDQ query pool was closed');
    for (const pending of this.pending.values()) pending.reject(closed);
    this.pending.clear();
    const threads = this.threads.splice(0).filter((t): t is PoolThread => t !== undefined);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private ask(request: PdqQueryRequest): Promise<number[][]> {
    return new Promise<number[][]>((resolve, reject) => {
      const thread = this.leastBusy();
      thread.inFlight++;
      if (thread.inFlight === 1) thread.worker.ref();
      this.pending.set(request.id, { resolve, reject, thread });
      thread.worker.postMessage(request);
    });
  }

  private leastBusy(): PoolThread {
    let best = -1;
    for (let i = 0; i < this.threads.length; i++) {
      const thread = this.threads[i];
      if (!thread) {
        if (!existsSync(this.script)) throw new Error(`${this.script} is missing (npm run build:server)`);
        return (this.threads[i] = this.spawn());
      }
      if (best < 0 || thread.inFlight < this.threads[best]!.inFlight) best = i;
    }
    return this.threads[best]!;
  }

  private settle(thread: PoolThread, reply: PdqQueryReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    thread.inFlight--;
    if (thread.inFlight === 0) thread.worker.unref();
    if ('found' in reply) pending.resolve(reply.found);
    else pending.reject(new Error(reply.failed));
  }

  private spawn(): PoolThread {
    const thread: PoolThread = { worker: new Worker(this.script, { name: 'pdq-query' }), inFlight: 0 };
    let failure: Error | undefined;
    thread.worker.on('message', (reply: PdqQueryReply) => this.settle(thread, reply));
    thread.worker.on('error', (error) => (failure = error));
    thread.worker.on('exit', (code) => this.drop(thread, failure ?? new Error(`exited with code ${code}`)));
    // An idle pool must not keep the process alive.
    thread.worker.unref();
    return thread;
  }

  /** A thread that ended takes its requests with it: they fail, and the next batch starts a new thread. */
  private drop(thread: PoolThread, error: Error): void {
    for (const [id, pending] of this.pending) {
      if (pending.thread !== thread) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads[index] = undefined;
    if (!this.closed) this.log.warn(`a PDQ query thread ended: ${error.message}`);
  }
}
