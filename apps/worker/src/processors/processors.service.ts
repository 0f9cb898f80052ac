import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type DeadlineJob, type DeliveryJob, type MatchJob } from '@hub/contracts';
import {
  CheckDeadlineUseCase,
  CheckItemAgainstBanksUseCase,
  DeliverWebhookUseCase,
  DomainError,
  MatchItemUseCase,
  openCellDeadlineJobs,
  PurgePersonalDataUseCase,
  type IncidentQueries,
} from '@hub/domain';
import { HUB_CONFIG, INCIDENT_QUERIES, QueueFactory, webhookBackoff, type HubConfig } from '@hub/platform';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobEnqueuer } from '../relay/job-enqueuer';

/**
 * The queue processors. Each is a few lines calling one use case; a job whose subject is gone is skipped,
 * and a domain refusal is not retried (it would be refused again).
 */
@Injectable()
export class ProcessorsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('processors');

  constructor(
    private readonly queues: QueueFactory,
    private readonly deliver: DeliverWebhookUseCase,
    private readonly deadlines: CheckDeadlineUseCase,
    private readonly match: MatchItemUseCase,
    private readonly banks: CheckItemAgainstBanksUseCase,
    private readonly purge: PurgePersonalDataUseCase,
    private readonly enqueuer: JobEnqueuer,
    @Inject(INCIDENT_QUERIES) private readonly queries: IncidentQueries,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const backoff = webhookBackoff(this.config.HUB_WEBHOOK_BACKOFF_MS);
    this.queues.worker<DeliveryJob>(
      QUEUES.deliveries,
      (job) =>
        this.run(job, () =>
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
    this.queues.worker<DeadlineJob | { resync: string }>(
      QUEUES.deadlines,
      (job) =>
        this.run(job, () =>
          'resync' in job.data ? this.resync(job.data.resync) : this.deadlines.execute(job.data),
        ),
      { concurrency: 4 },
    );
    this.queues.worker<MatchJob>(
      QUEUES.matching,
      (job) => this.run(job, () => this.match.execute(job.data)),
      { concurrency: 2 },
    );
    this.queues.worker<MatchJob>(
      QUEUES.banks,
      (job) =>
        this.run(job, () =>
          this.banks.execute(job.data, {
            lastTry: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
            warn: (line) => this.logger.warn(line),
          }),
        ),
      { concurrency: 2 },
    );
    this.queues.worker(
      QUEUES.maintenance,
      (job) => this.run(job, () => this.purge.execute(new Date(), this.config.HUB_RETENTION_DAYS)),
      {
        concurrency: 1,
      },
    );
    // Retention runs daily; the scheduler is idempotent across workers.
    await this.queues
      .queue(QUEUES.maintenance)
      .upsertJobScheduler('retention', { every: 86_400_000 }, { name: 'retention' });
  }

  /** After a level change: deadline checks at the cells' new due times. */
  private async resync(incidentId: string): Promise<string> {
    const cells = await this.queries.cells(incidentId);
    const open = cells.filter((c) => !c.actedAt && !c.pausedAt);
    await this.enqueuer.enqueue(open.flatMap((c) => openCellDeadlineJobs(incidentId, c)));
    return `resynced ${open.length}`;
  }

  private async run<T>(job: Job, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError) {
        this.logger.warn(`${job.queueName} job ${job.id} refused: ${error.message}`);
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  }
}
