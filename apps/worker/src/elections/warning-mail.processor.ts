import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { QUEUES, type WarningMailJob } from '@hub/contracts';
import { SendWarningMailUseCase, type WarningMailOutbox, type WarningMailQueue } from '@hub/domain';
import {
  HUB_CONFIG,
  QueueFactory,
  WARNING_MAIL_OUTBOX,
  WARNING_MAIL_QUEUE,
  webhookBackoff,
  type HubConfig,
} from '@hub/platform';

/** How long a warning's e-mail may wait for its job before the sweep enqueues it again. */
const STALLED_MS = 30_000;

/**
 * The warnings' e-mail queue: each job mails one warning to the receiving organisations' tier-1 contacts.
 * Retried with the webhooks' backoff; the outbox keeps a retry from mailing twice. A sweep enqueues again
 * the warnings whose e-mail is owed but whose job never made it to the queue (a crash after the commit).
 */
@Injectable()
export class WarningMailProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('warning-mail');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly queues: QueueFactory,
    private readonly send: SendWarningMailUseCase,
    @Inject(WARNING_MAIL_OUTBOX) private readonly outbox: WarningMailOutbox,
    @Inject(WARNING_MAIL_QUEUE) private readonly queue: WarningMailQueue,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SMTP_URL) return;
    const backoff = webhookBackoff(this.config.HUB_WEBHOOK_BACKOFF_MS);
    this.queues.worker<WarningMailJob>(
      QUEUES.warningMail,
      (job) =>
        this.send.execute(job.data.warningId, { last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
      {
        concurrency: 4,
        settings: { backoffStrategy: (attemptsMade: number) => backoff.delay(attemptsMade) },
      },
    );
    this.timer = setInterval(() => void this.sweep(), STALLED_MS);
    this.timer.unref();
    void this.sweep();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    try {
      const stalled = await this.outbox.stalled(new Date(Date.now() - STALLED_MS), 500);
      await this.queue.enqueue(stalled);
    } catch (error) {
      this.logger.warn(`warning e-mail sweep failed: ${(error as Error).message}`);
    }
  }
}
