import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { QUEUES, type FederationJob } from '@hub/contracts';
import { FederationSyncUseCase } from '@hub/domain';
import { HUB_CONFIG, QueueFactory, type HubConfig } from '@hub/platform';
import { runJob } from '../core/run-job';

/**
 * Federation's side effects. A push job (the relay plans one for a read of the log that touched a shared
 * incident) sends each peer what it lacks, tried again by the queue while a peer fails. Every
 * `HUB_FEDERATION_PULL_SECONDS`, and at start, this hub also reads from each peer what it lacks (a
 * catch-up after either side was away) and pushes again to peers that were failing.
 */
@Injectable()
export class FederationProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('federation');
  private timer?: NodeJS.Timeout;
  private passing = false;

  constructor(
    private readonly queues: QueueFactory,
    private readonly sync: FederationSyncUseCase,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.queues.worker<FederationJob>(
      QUEUES.federation,
      (job) =>
        runJob(this.logger, job, async () => {
          const { failed } = await this.sync.pushFor(job.data.eventId);
          if (failed.length) throw new Error(`push failed to ${failed.join(', ')}`);
        }),
      { concurrency: 1 },
    );
    this.timer = setInterval(() => void this.pass(), this.config.HUB_FEDERATION_PULL_SECONDS * 1000);
    this.timer.unref();
    void this.pass();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One catch-up: from every peer, then to every peer. A pass still running is not doubled. */
  async pass(): Promise<void> {
    if (this.passing) return;
    this.passing = true;
    try {
      const pulled = await this.sync.pullAll();
      const pushed = await this.sync.pushAll();
      if (pulled.applied || pushed.sent)
        this.logger.log(`federation: ${pulled.applied} applied, ${pushed.sent} sent`);
      const failed = [...new Set([...pulled.failed, ...pushed.failed])];
      if (failed.length) this.logger.warn(`federation: no exchange with ${failed.join(', ')}`);
    } catch (error) {
      this.logger.warn(`federation pass failed: ${(error as Error).message}`);
    } finally {
      this.passing = false;
    }
  }
}
