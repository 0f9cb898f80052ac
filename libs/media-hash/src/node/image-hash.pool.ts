import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PdqResult } from '../pdq.hasher';
import type { Dihedral } from '../pixels';
import type { DecodeOptions } from './image.decoder';
import { UnsupportedMediaError, type UnsupportedMediaReason } from './unsupported-media.error';

export interface ImageHashRequest {
  id: number;
  path: string;
  dihedral: boolean;
  orientation?: DecodeOptions['orientation'];
}
export type ImageHashReply =
  | { id: number; result: PdqResult | { quality: number; hashes: Record<Dihedral, string> } }
  | { id: number; unsupported: { path: string; reason: UnsupportedMediaReason; detail: string } }
  | { id: number; failed: string };

interface Pending {
  resolve: (value: any) => void;
  reject: (error: Error) => void;
  worker: PoolWorker;
}
interface PoolWorker {
  thread: Worker;
  inFlight: number;
}

export interface ImageHashPoolOptions {
  /** Threads; default one per core. */
  size?: number;
  /**
   * Files a thread holds at once; default 2: while sharp decodes one on libuv's threads, the thread
   * hashes the other, so it keeps its core busy. 1: strictly one file at a time per thread.
   */
  inFlightPerThread?: number;
  /** The compiled worker script; default `image-hash.worker.js` beside this file (the build). */
  workerScript?: string;
}

/**
 * Hashes many picture files on all cores with worker threads (the CLI's `hub hash` over folders). Each
 * call resolves with the file's hash or rejects with `UnsupportedMediaError`, as `hashImageFile` does;
 * requests beyond what the threads hold wait in order. `close()` ends the threads.
 *
 * Worth it even for one thread: each decoded picture is a large buffer outside V8's heap, and every few
 * of them V8 runs a full collection of the heap. A thread's heap holds only the hasher, so that costs
 * next to nothing; in a process that has loaded much more (the CLI, a server) it costs more than the
 * hash itself (bench/hash: about 10 ms a picture with a 60 MB heap).
 */
export class ImageHashPool {
  readonly size: number;
  private readonly workers: PoolWorker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly queue: { request: ImageHashRequest; settle: Omit<Pending, 'worker'> }[] = [];
  private readonly script: string;
  private readonly inFlightPerThread: number;
  private nextId = 1;
  private closed = false;

  constructor(options: ImageHashPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.inFlightPerThread = Math.max(1, Math.floor(options.inFlightPerThread ?? 2));
    this.script = options.workerScript ?? join(__dirname, 'image-hash.worker.js');
    if (!existsSync(this.script))
      throw new Error(`${this.script} is missing: the pool runs the built worker (npm run build:server)`);
    for (let i = 0; i < this.size; i++) this.workers.push(this.spawn());
  }

  hash(path: string, options: DecodeOptions = {}): Promise<PdqResult> {
    return this.submit(path, false, options);
  }

  hashDihedral(
    path: string,
    options: DecodeOptions = {},
  ): Promise<{ quality: number; hashes: Record<Dihedral, string> }> {
    return this.submit(path, true, options);
  }

  /** Ends the threads; what was still queued or in flight is rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const closed = new Error('the hash pool was closed');
    for (const { settle } of this.queue.splice(0)) settle.reject(closed);
    for (const pending of this.pending.values()) pending.reject(closed);
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }

  private submit<T>(path: string, dihedral: boolean, options: DecodeOptions): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the hash pool was closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        request: { id: this.nextId++, path, dihedral, orientation: options.orientation },
        settle: { resolve, reject },
      });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      if (worker.inFlight >= this.inFlightPerThread) return;
      const { request, settle } = this.queue.shift()!;
      worker.inFlight++;
      if (worker.inFlight === 1) worker.thread.ref();
      this.pending.set(request.id, { ...settle, worker });
      worker.thread.postMessage(request);
    }
  }

  private settle(worker: PoolWorker, reply: ImageHashReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    this.release(worker);
    if ('result' in reply) pending.resolve(reply.result);
    else if ('unsupported' in reply) {
      const { path, reason, detail } = reply.unsupported;
      pending.reject(new UnsupportedMediaError(path, reason, detail));
    } else pending.reject(new Error(reply.failed));
    this.dispatch();
  }

  private spawn(): PoolWorker {
    const worker: PoolWorker = { thread: new Worker(this.script), inFlight: 0 };
    let failure: Error | undefined;
    worker.thread.on('message', (reply: ImageHashReply) => this.settle(worker, reply));
    worker.thread.on('error', (error) => (failure = error));
    worker.thread.on('exit', (code) =>
      this.replace(worker, failure ?? new Error(`a hash thread exited with code ${code}`)),
    );
    // An idle pool must not keep the process alive.
    worker.thread.unref();
    return worker;
  }

  /** A thread that died takes its requests with it: they fail, and a new thread takes its place. */
  private replace(worker: PoolWorker, error: Error): void {
    for (const [id, pending] of this.pending)
      if (pending.worker === worker) {
        this.pending.delete(id);
        pending.reject(error);
      }
    const index = this.workers.indexOf(worker);
    if (this.closed || index < 0) return;
    this.workers[index] = this.spawn();
    this.dispatch();
  }

  private release(worker: PoolWorker): void {
    worker.inFlight--;
    if (worker.inFlight === 0) worker.thread.unref();
  }
}
