import { Inject, Injectable } from '@nestjs/common';
import { QUEUES } from '@hub/contracts';
import type { PlannedJob } from '@hub/domain';
import { HUB_CONFIG, QueueFactory, webhookBackoff, type HubConfig } from '@hub/platform';

/** Puts planned jobs on their queues; a job id already there is not added again. */
@Injectable()
export class JobEnqueuer {
  private readonly backoff: ReturnType<typeof webhookBackoff>;
  /** The e-mail batching window; null without a mail server (`SMTP_URL`): no e-mail is planned. */
  readonly mailWindowMs: number | null;

  constructor(
    private readonly queues: QueueFactory,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.backoff = webhookBackoff(config.HUB_WEBHOOK_BACKOFF_MS);
    this.mailWindowMs = config.SMTP_URL ? Math.round(config.HUB_MAIL_BATCH_SECONDS * 1000) : null;
  }

  /** Removes jobs that are no longer wanted (waiting or delayed); an id that is not there is nothing to do. */
  async withdraw(queue: keyof typeof QUEUES, ids: string[]): Promise<void> {
    const target = this.queues.queue(QUEUES[queue]);
    await Promise.all(ids.map((id) => target.remove(id)));
  }

  async enqueue(jobs: PlannedJob[], now = Date.now()): Promise<void> {
    const byQueue = new Map<keyof typeof QUEUES, PlannedJob[]>();
    for (const job of jobs) {
      const list = byQueue.get(job.queue);
      if (list) list.push(job);
      else byQueue.set(job.queue, [job]);
    }
    for (const [queue, list] of byQueue) {
      // E-mail retries like a webhook: a mail server down for a while loses nothing.
      const backsOff = queue === 'deliveries' || queue === 'webhookBatches' || queue === 'mail';
      await this.queues.queue(QUEUES[queue]).addBulk(
        list.map((job) => ({
          name: queue,
          data: job.data,
          opts: {
            jobId: job.id,
            delay: job.delayUntil ? Math.max(0, job.delayUntil.getTime() - now) : undefined,
            attempts: backsOff ? this.backoff.attempts : 5,
            backoff: backsOff ? { type: 'webhook' } : { type: 'exponential', delay: 1_000 },
            // Finished jobs are kept a day, so re-enqueueing the same id (relay replays, reconciliation) is a no-op.
            // A lane's kick is not a delivery (the lane holds those), nor is a push to the peers (their
            // cursors hold what they have): nothing to keep once it ran.
            removeOnComplete: queue === 'webhookBatches' || queue === 'federation' ? true : { age: 86_400 },
            removeOnFail: { age: 7 * 86_400 },
          },
        })),
      );
    }
  }
}
