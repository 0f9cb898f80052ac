import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type DeliveryBatchJob, type DeliveryJob } from '@hub/contracts';
import { DeliverWebhookBatchUseCase, DeliverWebhookUseCase } from '@hub/domain';
import { HUB_CONFIG, QueueFactory, webhookBackoff, type HubConfig } from '@hub/platform';
import type { Job } from 'bullmq';
import { runJob } from '../core/run-job';

/**
 * Platform webhooks: one job per delivery, retried with backoff until its last attempt; and, for platforms
 * that batch, one job per batch. A platform's batches run one after another in this process, in the order
 * the queue hands them out (the log's), so they arrive in order while the platform answers.
 */
@Injectable()
export class DeliveriesProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('processors');
  /** Per platform and mode: the batch running or last run here, which the next one waits for. */
  private readonly lines = new Map<string, Promise<unknown>>();

  constructor(
    private readonly queues: QueueFactory,
    private readonly deliver: DeliverWebhookUseCase,
    private readonly deliverBatch: DeliverWebhookBatchUseCase,
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
        this.inLine(`${job.data.mode}:${job.data.platformKey}`, () =>
          runJob(this.logger, job, () => this.deliverBatch.execute(job.data, attemptOf(job))),
        ),
      { concurrency: 8, settings },
    );
  }

  /** Runs `work` after the platform's batch before it (whatever that one's outcome). */
  private inLine<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.lines.get(key) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    this.lines.set(key, settled);
    void settled.then(() => {
      if (this.lines.get(key) === settled) this.lines.delete(key);
    });
    return run;
  }
}

const attemptOf = (job: Job) => ({
  number: job.attemptsMade + 1,
  last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
});
