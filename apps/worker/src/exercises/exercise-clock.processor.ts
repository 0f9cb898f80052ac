import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type ExerciseTickJob } from '@hub/contracts';
import { DomainError, ExerciseClockUseCase } from '@hub/domain';
import { QueueFactory, tickKeyOf } from '@hub/platform';
import { UnrecoverableError } from 'bullmq';

/**
 * The exercise clock: each tick job fires what is due for one run and schedules the next tick. Runs live
 * in the database, so at start every running run gets a tick: a worker killed mid-run is replaced by
 * whichever worker starts (or is still running) next, and each inject still fires once.
 */
@Injectable()
export class ExerciseClockProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('exercise-clock');

  constructor(
    private readonly queues: QueueFactory,
    private readonly clock: ExerciseClockUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queues.worker<ExerciseTickJob>(
      QUEUES.exercises,
      async (job) => {
        try {
          return await this.clock.tick(job.data.runId, tickKeyOf(job.id, job.data.runId));
        } catch (error) {
          if (error instanceof DomainError) {
            this.logger.warn(`exercise tick ${job.id} refused: ${error.message}`);
            throw new UnrecoverableError(error.message);
          }
          throw error;
        }
      },
      // A killed worker's tick is picked up again within seconds, not the default half minute.
      { concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000 },
    );
    const woken = await this.clock.wakeRunning();
    if (woken > 0) this.logger.log(`woke ${woken} running exercise${woken === 1 ? '' : 's'}`);
  }
}
