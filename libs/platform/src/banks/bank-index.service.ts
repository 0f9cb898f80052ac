import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BankPdqIndex, type BankPartition, type BankRepository } from '@hub/domain';
import type { HubConfig } from '../config/config.schema';
import { Refresher } from '../core/refresher';
import { BANK_REPOSITORY, HUB_CONFIG } from '../tokens';

/** How often each process picks up bank signals added through other processes. */
export const BANK_INDEX_REFRESH_MS = 5_000;
/** Signals are read this many `seq`s at a time, at start and after: the table never sits in one answer. */
const PAGE = 50_000;
/**
 * Signals commit out of `seq` order when imports run side by side: while signals keep arriving, each
 * refresh reads again this many `seq`s below the newest it holds, so one committed late is still picked up
 * (known ones are skipped). Once a few refreshes in a row found nothing new, nothing is in flight.
 */
const LATE_COMMIT_SEQS = 20_000;
const QUIET_REFRESHES = 3;

/**
 * What this process holds of the bank PDQ index: all of it (`HUB_BANK_PARTITIONS` 1), one partition (a
 * worker with `HUB_BANK_PARTITION`), or nothing (partitioned, and it asks the workers holding them).
 */
export function heldBankPartition(config: HubConfig): BankPartition | 'all' | 'none' {
  if (config.HUB_BANK_PARTITIONS === 1) return 'all';
  if (config.HUB_BANK_PARTITION === undefined) return 'none';
  return { index: config.HUB_BANK_PARTITION, count: config.HUB_BANK_PARTITIONS };
}

/**
 * Keeps this process's `BankPdqIndex` in step with the database: every matchable PDQ signal (or those of
 * the partition it holds) loaded at start, in pages, then every few seconds the ones added since. Removed
 * signals stay in the index and are left out when a lookup reads its hits from the database. A process
 * that holds no partition of a partitioned index loads nothing.
 */
@Injectable()
export class BankIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('BankIndex');
  private readonly refresher = new Refresher(() => this.pickUp(), this.log);
  private quiet = 0;
  /** The newest `seq`, of any signal, read past: only a newer one can be a PDQ signal not held yet. */
  private readThrough = 0;
  private loaded!: () => void;
  /** Resolves once the signals held here are loaded (a partition is answered from then on). */
  readonly ready = new Promise<void>((resolve) => (this.loaded = resolve));
  readonly held: BankPartition | 'all' | 'none';

  constructor(
    readonly index: BankPdqIndex,
    @Inject(BANK_REPOSITORY) private readonly banks: BankRepository,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.held = heldBankPartition(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.held === 'none') {
      this.log.log('bank PDQ index partitioned: lookups ask the workers holding the partitions');
      return;
    }
    await this.refresh();
    this.index.compact();
    this.loaded();
    const what = this.held === 'all' ? '' : ` (partition ${this.held.index} of ${this.held.count})`;
    this.log.log(`${this.index.size} bank PDQ signals indexed${what}`);
    this.refresher.every(BANK_INDEX_REFRESH_MS);
  }

  onApplicationShutdown(): void {
    this.refresher.stop();
  }

  /** Adds the signals committed before this call and not yet held; answers how many were new. */
  refresh(): Promise<number> {
    if (this.held === 'none') return Promise.resolve(0);
    return this.refresher.refresh();
  }

  /**
   * Holds every signal committed before this call (a share is checked against all of them): refreshes
   * first when the database holds a newer signal than was read. One `max(seq)` on the key when it does not.
   */
  async ensureFresh(): Promise<void> {
    if (this.held === 'none') return;
    if ((await this.banks.newestSignalSeq()) > this.readThrough) await this.refresh();
  }

  private get partition(): BankPartition | undefined {
    return typeof this.held === 'object' ? this.held : undefined;
  }

  private async pickUp(): Promise<number> {
    const newest = await this.banks.newestSignalSeq();
    const lookBack = this.quiet < QUIET_REFRESHES ? LATE_COMMIT_SEQS : 0;
    let added = 0;
    for (let after = Math.max(0, this.readThrough - lookBack); after < newest; after += PAGE) {
      const page = await this.banks.matchablePdqSignals(
        after,
        Math.min(after + PAGE, newest),
        this.partition,
      );
      for (const { seq, value } of page) if (this.index.add(seq, value)) added++;
    }
    this.readThrough = Math.max(this.readThrough, newest);
    this.quiet = added ? 0 : this.quiet + 1;
    return added;
  }
}
