import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type DeliveryBatchJob, type DeliveryJob } from '@hub/contracts';
import { DeliverWebhookUseCase, RunWebhookLaneUseCase } from '@hub/domain';
import { HUB_CONFIG, QueueFactory, webhookBackoff, type HubConfig } from '@hub/platform';
import type { Job } from 'bullmq';
import { runJob } from '../core/run-job';

/**
 * Platform webhooks: one job per single delivery, retried with backoff until its last attempt; and, for
 * platforms that batch, kicks of their webhook lanes: the lane (in PostgreSQL) holds the deliveries in
 * order, and whoever takes its lease sends them one batch after another, a failed batch holding the lane.
 */
@Injectable()
export class DeliveriesProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('processors');

  constructor(
    private readonly queues: QueueFactory,
    private readonly deliver: DeliverWebhookUseCase,
    private readonly lanes: RunWebhookLaneUseCase,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    const backoff = webhookBackoff(this.config.HUB_WEBHOOK_BACKOFF_MS);
    const settings = { backoffStrategy: (attemptsMade: number) => backoff.delay(attemptsMade) };
    this.queues.worker<DeliveryJob>(
      QUEUES.deliveries,
      (job) => runJob(this.logger, job, () => this.deliver.execute(job.data, attemptOf(job))),
      { concurrency: 16, settings },
    );
    this.queues.worker<DeliveryBatchJob>(
      QUEUES.webhookBatches,
      (job) =>
        runJob(this.logger, job, async () => {
          const { platformKey, mode, deliveries } = job.data;
          // A batch job queued before lanes existed: its deliveries join the end of the lane first.
          if (deliveries?.length) await this.lanes.queue(deliveries.map((d) => ({ ...d, mode })));
          return this.lanes.execute({ platformKey, mode });
        }),
      { concurrency: 8, settings },
    );
  }
}

const attemptOf = (job: Job) => ({
  number: job.attemptsMade + 1,
  last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
});
