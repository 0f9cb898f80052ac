import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES } from '@hub/contracts';
import { PurgePersonalDataUseCase } from '@hub/domain';
import { HUB_CONFIG, QueueFactory, type HubConfig } from '@hub/platform';
import { runJob } from '../core/run-job';

/** The daily purge of personal metadata past the retention period. */
@Injectable()
export class RetentionProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('processors');

  constructor(
    private readonly queues: QueueFactory,
    private readonly purge: PurgePersonalDataUseCase,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queues.worker(
      QUEUES.maintenance,
      (job) => runJob(this.logger, job, () => this.purge.execute(new Date(), this.config.HUB_RETENTION_DAYS)),
      { concurrency: 1 },
    );
    // Retention runs daily; the scheduler is idempotent across workers.
    await this.queues
      .queue(QUEUES.maintenance)
      .upsertJobScheduler('retention', { every: 86_400_000 }, { name: 'retention' });
  }
}
