import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type MatchJob } from '@hub/contracts';
import { MatchItemUseCase } from '@hub/domain';
import { QueueFactory } from '@hub/platform';
import { runJob } from '../core/run-job';

/** Hash matching of a shared item against the other items (variants). */
@Injectable()
export class MatchingProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('processors');

  constructor(
    private readonly queues: QueueFactory,
    private readonly match: MatchItemUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.queues.worker<MatchJob>(
      QUEUES.matching,
      (job) => runJob(this.logger, job, () => this.match.execute(job.data)),
      { concurrency: 2 },
    );
  }
}
