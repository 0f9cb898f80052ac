import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type MatchJob } from '@hub/contracts';
import { CheckItemAgainstBanksUseCase } from '@hub/domain';
import { QueueFactory } from '@hub/platform';
import { runJob } from '../core/run-job';

/** A shared item checked against the hash banks. */
@Injectable()
export class BankCheckProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('processors');

  constructor(
    private readonly queues: QueueFactory,
    private readonly banks: CheckItemAgainstBanksUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.queues.worker<MatchJob>(
      QUEUES.banks,
      (job) =>
        runJob(this.logger, job, () =>
          this.banks.execute(job.data, {
            lastTry: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
            warn: (line) => this.logger.warn(line),
          }),
        ),
      { concurrency: 2 },
    );
  }
}
