import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { bankPartitionQueue, type BankPartitionJob, type BankPartitionResult } from '@hub/contracts';
import { answerPartitionJob, HASHES_PER_PARTITION_JOB } from '@hub/domain';
import { BankIndexService, QueueFactory } from '@hub/platform';
import { UnrecoverableError } from 'bullmq';

/**
 * On a worker holding a partition of the bank PDQ index (`HUB_BANK_PARTITION`): answers its queue's jobs
 * from the partition, once it is loaded. A job whose asker has stopped waiting is skipped.
 */
@Injectable()
export class BankPartitionProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('BankPartition');

  constructor(
    private readonly queues: QueueFactory,
    private readonly bankIndex: BankIndexService,
  ) {}

  onApplicationBootstrap(): void {
    const held = this.bankIndex.held;
    if (typeof held !== 'object') return;
    void this.bankIndex.ready.then(() => {
      // One at a time: a job is a tight loop over the index, and a second would only wait for the core.
      this.queues.worker<BankPartitionJob>(
        bankPartitionQueue(held.index),
        async (job) => this.answer(job.data, held.index),
        {
          concurrency: 1,
        },
      );
      this.logger.log(`answering bank partition ${held.index} of ${held.count}`);
    });
  }

  private answer(job: BankPartitionJob, partition: number): BankPartitionResult {
    if (!Array.isArray(job.hashes) || job.hashes.length > HASHES_PER_PARTITION_JOB) {
      throw new UnrecoverableError(`a partition job holds 1 to ${HASHES_PER_PARTITION_JOB} hashes`);
    }
    if (Date.now() > job.deadline) return { partition, size: this.bankIndex.index.size, found: [] };
    return answerPartitionJob(this.bankIndex.index, partition, job);
  }
}
