import { QUEUES, type ExerciseTickJob } from '@hub/contracts';
import type { Clock, ExerciseTicks } from '@hub/domain';
import type { QueueFactory } from '../queues/queue.factory';

const PREFIX = 'tick_';

/** `tick_<runId>_<key>`: the same key for the same run is one job, however often it is scheduled. */
export const tickJobId = (runId: string, key: string): string => `${PREFIX}${runId}_${key}`;

/** The key a tick job was scheduled with, so the tick does not schedule its own id again. */
export function tickKeyOf(jobId: string | undefined, runId: string): string | undefined {
  const prefix = `${PREFIX}${runId}_`;
  return jobId?.startsWith(prefix) ? jobId.slice(prefix.length) : undefined;
}

/** The exercise clock's timer: delayed jobs on the exercises queue (BullMQ on Redis or PostgreSQL). */
export class QueueExerciseTicks implements ExerciseTicks {
  constructor(
    private readonly queues: QueueFactory,
    private readonly clock: Clock,
  ) {}

  async schedule(runId: string, at: Date, key: string): Promise<void> {
    await this.queues.queue<ExerciseTickJob>(QUEUES.exercises).add(
      'tick',
      { runId },
      {
        jobId: tickJobId(runId, key),
        delay: Math.max(0, Math.ceil(at.getTime() - this.clock.now().getTime())),
        attempts: 10,
        backoff: { type: 'exponential', delay: 500 },
        // Kept a day, so scheduling the same key again (a replayed tick) stays a no-op.
        removeOnComplete: { age: 86_400 },
        removeOnFail: { age: 7 * 86_400 },
      },
    );
  }
}
