import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type DeliveryJob } from '@hub/contracts';
import { DeliverWebhookUseCase } from '@hub/domain';
import { HUB_CONFIG, QueueFactory, webhookBackoff, type HubConfig } from '@hub/platform';
import { runJob } from '../core/run-job';

/** Platform webhooks: one job per delivery, retried with backoff until its last attempt. */
@Injectable()
export class DeliveriesProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('processors');

  constructor(
    private readonly queues: QueueFactory,
    private readonly deliver: DeliverWebhookUseCase,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    const backoff = webhookBackoff(this.config.HUB_WEBHOOK_BACKOFF_MS);
    this.queues.worker<DeliveryJob>(
      QUEUES.deliveries,
      (job) =>
        runJob(this.logger, job, () =>
          this.deliver.execute(job.data, {
            number: job.attemptsMade + 1,
            last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
          }),
        ),
      {
        concurrency: 16,
        settings: { backoffStrategy: (attemptsMade: number) => backoff.delay(attemptsMade) },
      },
    );
  }
}
