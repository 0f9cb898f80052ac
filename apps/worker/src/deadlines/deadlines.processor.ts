import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type DeadlineJob } from '@hub/contracts';
import { CheckDeadlineUseCase, openCellDeadlineJobs, type IncidentQueries } from '@hub/domain';
import { INCIDENT_QUERIES, QueueFactory } from '@hub/platform';
import { runJob } from '../core/run-job';
import { JobEnqueuer } from '../relay/job-enqueuer';

/** Deadline checks at each cell's due times, and their resync after a level change. */
@Injectable()
export class DeadlinesProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('processors');

  constructor(
    private readonly queues: QueueFactory,
    private readonly deadlines: CheckDeadlineUseCase,
    private readonly enqueuer: JobEnqueuer,
    @Inject(INCIDENT_QUERIES) private readonly queries: IncidentQueries,
  ) {}

  onApplicationBootstrap(): void {
    this.queues.worker<DeadlineJob | { resync: string }>(
      QUEUES.deadlines,
      (job) =>
        runJob(this.logger, job, () =>
          'resync' in job.data ? this.resync(job.data.resync) : this.deadlines.execute(job.data),
        ),
      { concurrency: 4 },
    );
  }

  /** After a level change: deadline checks at the cells' new due times. */
  private async resync(incidentId: string): Promise<string> {
    const cells = await this.queries.cells(incidentId);
    const open = cells.filter((c) => !c.actedAt && !c.pausedAt);
    await this.enqueuer.enqueue(open.flatMap((c) => openCellDeadlineJobs(incidentId, c)));
    return `resynced ${open.length}`;
  }
}
