import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { hashFrame, type FrameHashes, type FrameJob } from './video-frame.hasher';

const WORKER = join(__dirname, 'video-frame.worker.js');

/**
 * Hashes video frames on worker threads while the caller keeps reading ffmpeg's pipe: decoding, reading
 * and hashing overlap, and every core hashes. Where the compiled worker is absent (the TypeScript sources
 * run directly, as under Jest) or only one core exists, frames are hashed on the calling thread instead.
 */
export class VideoFramePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (r: FrameHashes) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private turn = 0;

  constructor(size = Math.min(4, availableParallelism())) {
    if (size < 2 || !existsSync(WORKER)) return;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER);
      worker.on('message', ({ id, result }: { id: number; result: FrameHashes }) => {
        this.pending.get(id)?.resolve(result);
        this.pending.delete(id);
      });
      worker.on('error', (error) => {
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      });
      this.workers.push(worker);
    }
  }

  /** How many frames may be in flight: enough to keep every worker busy, few enough to bound memory. */
  get capacity(): number {
    return Math.max(1, this.workers.length * 2);
  }

  /** Hashes a frame; `data` is handed over (transferred to a worker), not to be used afterwards. */
  hash(job: FrameJob): Promise<FrameHashes> {
    if (this.workers.length === 0) return Promise.resolve(hashFrame(job));
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, job }, [job.data.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
