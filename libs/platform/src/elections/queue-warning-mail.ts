import { QUEUES, type WarningMailJob } from '@hub/contracts';
import type { WarningMailQueue } from '@hub/domain';
import type { QueueFactory } from '../queues/queue.factory';
import { webhookBackoff } from '../webhooks/fetch-webhook.sender';

/** The queue id of a warning's e-mail job: one per warning, so a repeated enqueue adds nothing. */
export const warningMailJobId = (warningId: string): string => `warning-mail_${warningId}`;

/** Warning e-mails on the queue, retried like the other e-mail (a mail server down a while loses nothing). */
export class QueueWarningMail implements WarningMailQueue {
  private readonly backoff: ReturnType<typeof webhookBackoff>;

  constructor(
    private readonly queues: QueueFactory,
    /** `SMTP_URL` is set: without a mail server, no e-mail is owed. */
    readonly enabled: boolean,
    backoffMs: number,
  ) {
    this.backoff = webhookBackoff(backoffMs);
  }

  async enqueue(warningIds: string[]): Promise<void> {
    if (!this.enabled || warningIds.length === 0) return;
    await this.queues.queue<WarningMailJob>(QUEUES.warningMail).addBulk(
      warningIds.map((warningId) => ({
        name: 'warningMail',
        data: { warningId },
        opts: {
          jobId: warningMailJobId(warningId),
          attempts: this.backoff.attempts,
          backoff: { type: 'webhook' },
          // Kept a day: the sweep's re-enqueue of the same id is then a no-op.
          removeOnComplete: { age: 86_400 },
          removeOnFail: { age: 7 * 86_400 },
        },
      })),
    );
  }
}
