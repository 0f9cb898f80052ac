import type { Logger } from '@nestjs/common';
import { DomainError } from '@hub/domain';
import { UnrecoverableError, type Job } from 'bullmq';

/**
 * Runs one job's work. A domain refusal is not retried (it would be refused again): it fails the job for
 * good, with a warning; anything else is thrown for BullMQ to retry.
 */
export async function runJob<T>(logger: Logger, job: Job, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) {
      logger.warn(`${job.queueName} job ${job.id} refused: ${error.message}`);
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
}
