import type { HashedPicture, HashJob, HashReply } from './media-hash.messages';

/** The worker script's hashed name under /assets, set by apps/console/build.js. */
declare const MEDIA_HASH_WORKER_URL: string;

type Pending = { resolve: (picture: HashedPicture) => void; reject: (error: Error) => void };
type Queued = { job: HashJob; transfer: Transferable[] } & Pending;

/** One worker per core the browser reports, within reason: the page keeps its own thread free. */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores));
}

/**
 * A pool of hashing workers fed from one queue, one job per worker at a time (so a long video cannot pile
 * a thousand frames into one worker while the others idle). Workers start on the first job and end with
 * `close()`.
 */
export class MediaHasher {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, number>();
  private readonly queue: Queued[] = [];
  private readonly pending = new Map<number, Pending>();
  private waiters: { limit: number; resolve: () => void }[] = [];
  private started = 0;
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size = defaultPoolSize(),
    private readonly scriptUrl = MEDIA_HASH_WORKER_URL,
  ) {}

  /** Decodes and hashes a picture file in a worker; `thumbnail` is the longer side of the preview, 0 for none. */
  hashFile(file: Blob, thumbnail = 0): Promise<HashedPicture> {
    return this.enqueue({ id: this.nextId++, kind: 'file', file, thumbnail }, []);
  }

  /** Hashes a frame the page drew; the bitmap moves to the worker (and is closed there). */
  hashBitmap(
    bitmap: ImageBitmap,
    opts: { thumbnail?: number; wholeFrame?: boolean } = {},
  ): Promise<HashedPicture> {
    const job = { thumbnail: opts.thumbnail ?? 0, wholeFrame: opts.wholeFrame ?? false };
    return this.enqueue({ id: this.nextId++, kind: 'bitmap', bitmap, ...job }, [bitmap]);
  }

  /** Jobs waiting for a worker or in one. */
  get backlog(): number {
    return this.queue.length + this.busy.size;
  }

  /** Resolves once fewer than `limit` jobs wait or run: a producer (a video being drawn) holds back. */
  roomFor(limit: number): Promise<void> {
    if (this.backlog < limit || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ limit, resolve }));
  }

  close(): void {
    this.closed = true;
    for (const worker of [...this.idle, ...this.busy.keys()]) worker.terminate();
    for (const { reject } of [...this.queue, ...this.pending.values()]) reject(new Error('hashing stopped'));
    this.idle.length = 0;
    this.busy.clear();
    this.queue.length = 0;
    this.pending.clear();
    this.wake();
  }

  private enqueue(job: HashJob, transfer: Transferable[]): Promise<HashedPicture> {
    if (this.closed) return Promise.reject(new Error('hashing stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, transfer, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.startWorker() : undefined);
      if (!worker) return;
      const { job, transfer, resolve, reject } = this.queue.shift()!;
      this.pending.set(job.id, { resolve, reject });
      this.busy.set(worker, job.id);
      worker.postMessage(job, transfer);
    }
  }

  private startWorker(): Worker {
    this.started++;
    const worker = new Worker(this.scriptUrl, { name: 'media-hash' });
    worker.onmessage = (event: MessageEvent<HashReply>) => {
      const { id, ...answer } = event.data;
      this.finish(worker, id, answer.ok ? { answer } : { error: new Error(answer.message) });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      // A worker that fails to load or throws outside a job: its job fails, and it is replaced.
      const id = this.busy.get(worker);
      this.busy.delete(worker);
      worker.terminate();
      this.started--;
      if (id !== undefined)
        this.finish(null, id, { error: new Error(event.message || 'the hashing worker failed') });
      else this.dispatch();
    };
    return worker;
  }

  private finish(
    worker: Worker | null,
    id: number,
    outcome: { answer: HashedPicture & { ok: true } } | { error: Error },
  ): void {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (worker) {
      this.busy.delete(worker);
      if (!this.closed) this.idle.push(worker);
    }
    if ('error' in outcome) pending?.reject(outcome.error);
    else {
      const { ok: _ok, ...picture } = outcome.answer;
      pending?.resolve(picture);
    }
    this.dispatch();
    this.wake();
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => this.closed || this.backlog < w.limit);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}
