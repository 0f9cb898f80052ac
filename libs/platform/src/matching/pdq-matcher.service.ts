import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PdqMatcher, type PdqItemEntry, type PdqSource } from '@hub/domain';
import { Refresher } from '../core/refresher';
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
  private newest = new Date(0);
  private readonly refresher = new Refresher(() => this.pickUp(), this.log);

  constructor(
    readonly matcher: PdqMatcher,
    @Inject(PDQ_SOURCE) private readonly source: PdqSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.load();
    this.refresher.every(PDQ_REFRESH_MS);
  }

  onApplicationShutdown(): void {
    this.refresher.stop();
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

  /** Adds the hashes shared before this call and not yet held; answers how many were new. */
  refresh(): Promise<number> {
    return this.refresher.refresh();
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
