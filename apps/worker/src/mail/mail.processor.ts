import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type MailJob } from '@hub/contracts';
import { SendMailBatchUseCase } from '@hub/domain';
import { HUB_CONFIG, QueueFactory, webhookBackoff, type HubConfig } from '@hub/platform';

/**
 * The mail queue: each job sends one batch (one e-mail per contact). Retried with the webhooks' backoff, so
 * a mail server refusing mail for a while loses nothing; the outbox keeps a retry from mailing twice.
 */
@Injectable()
export class MailProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueFactory,
    private readonly send: SendMailBatchUseCase,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SMTP_URL) return;
    const backoff = webhookBackoff(this.config.HUB_WEBHOOK_BACKOFF_MS);
    this.queues.worker<MailJob>(
      QUEUES.mail,
      (job) => this.send.execute(job.data, { last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
      {
        concurrency: 4,
        settings: { backoffStrategy: (attemptsMade: number) => backoff.delay(attemptsMade) },
      },
    );
  }
}
