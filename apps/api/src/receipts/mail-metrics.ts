import { Inject, Injectable } from '@nestjs/common';
import type { MailOutbox } from '@hub/domain';
import { MAIL_OUTBOX, MetricsService } from '@hub/platform';
import { Gauge } from 'prom-client';

/**
 * E-mails sent and failed, counted from the outbox (the workers that send them may be other processes):
 * `hub_emails_total{outcome="sent"|"failed"}`, a total that only grows.
 */
@Injectable()
export class MailMetrics {
  constructor(metrics: MetricsService, @Inject(MAIL_OUTBOX) outbox: MailOutbox) {
    new Gauge({
      name: 'hub_emails_total',
      help: 'E-mails to contact points accepted by the mail server (sent) or given up after retries (failed)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
      async collect() {
        const counts = await outbox.counts().catch(() => null);
        if (!counts) return;
        this.set({ outcome: 'sent' }, counts.sent);
        this.set({ outcome: 'failed' }, counts.failed);
      },
    });
  }
}
