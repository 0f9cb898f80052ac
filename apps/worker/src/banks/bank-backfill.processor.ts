import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES } from '@hub/contracts';
import { BackfillBankHitsUseCase } from '@hub/domain';
import { QueueFactory } from '@hub/platform';

/** How often a worker looks for signals added since the last pass over open incidents' items. */
export const BANK_BACKFILL_EVERY_MS = 5_000;

/**
 * Takes newly added bank signals back over the items of open incidents (a late `item.bank_matched` for an
 * item shared before the signal): one scheduled job every few seconds, one worker at a time.
 */
@Injectable()
export class BankBackfillProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('BankBackfill');

  constructor(
    private readonly queues: QueueFactory,
    private readonly backfill: BackfillBankHitsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queues.worker(
      QUEUES.bankBackfill,
      async () => {
        const appended = await this.backfill.execute();
        if (appended) this.logger.log(`${appended} late bank hits recorded`);
        return appended;
      },
      { concurrency: 1 },
    );
    // The scheduler is idempotent across workers: one job every few seconds, whoever takes it.
    await this.queues
      .queue(QUEUES.bankBackfill)
      .upsertJobScheduler('bank-backfill', { every: BANK_BACKFILL_EVERY_MS }, { name: 'backfill' });
  }
}
