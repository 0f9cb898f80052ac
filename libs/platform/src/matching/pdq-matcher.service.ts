import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PdqMatcher, type PdqItemEntry, type PdqSource } from '@hub/domain';
import { PDQ_SOURCE } from '../tokens';

/** How often each process picks up hashes shared through other processes. */
export const PDQ_REFRESH_MS = 5_000;
/**
 * Items carry the time their share was prepared, and commit a little later: each refresh looks this far
 * back past the newest item it has seen, so one committed late is still picked up.
 */
const LATE_COMMIT_MARGIN_MS = 60_000;

/**
 * Keeps this process's `PdqMatcher` in step with the database: all PDQ hashes and vPDQ videos loaded at
 * start, then every few seconds the ones shared since (through this process or another).
 */
@Injectable()
export class PdqMatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('PdqMatcher');
  private timer?: NodeJS.Timeout;
  private newest = new Date(0);
  private running?: Promise<number>;

  constructor(
    readonly matcher: PdqMatcher,
    @Inject(PDQ_SOURCE) private readonly source: PdqSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.load();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.log.warn(`refresh failed: ${String(error)}`));
    }, PDQ_REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async load(): Promise<number> {
    let newest = new Date(0);
    const source = this.source;
    await this.matcher.loadPages(
      (async function* () {
        for await (const page of source.pdqItemPages()) {
          newest = newestOf(page, newest);
          yield page;
        }
      })(),
    );
    this.newest = newest;
    this.log.log(`${this.matcher.size} PDQ pictures and vPDQ videos indexed`);
    return this.matcher.size;
  }

  /** Adds the hashes shared since the last look; answers how many were new. One refresh at a time. */
  refresh(): Promise<number> {
    this.running ??= this.pickUp().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pickUp(): Promise<number> {
    const since = new Date(this.newest.getTime() - LATE_COMMIT_MARGIN_MS);
    const entries = await this.source.pdqItemsSince(since);
    let added = 0;
    for (const entry of entries) {
      // Hashes never change once shared: re-adding one already known would only churn the index.
      if (!this.matcher.has(entry.itemId) && this.matcher.add(entry)) added++;
    }
    this.newest = newestOf(entries, this.newest);
    return added;
  }
}

function newestOf(entries: PdqItemEntry[], from: Date): Date {
  let newest = from;
  for (const e of entries) if (e.createdAt > newest) newest = e.createdAt;
  return newest;
}
