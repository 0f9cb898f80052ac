import { Logger } from '@nestjs/common';
import { bankPartitionQueue, type BankPartitionJob, type BankPartitionResult } from '@hub/contracts';
import type { BankPartitionTransport } from '@hub/domain';
import type { QueueFactory } from '../queues/queue.factory';

/** Partition jobs and their results are kept a minute: long enough to be read, short enough not to pile up. */
const KEEP = { age: 60 };

/**
 * Asks the bank index partitions through their BullMQ queues (`hub-bank-partition-<p>`): one job per
 * partition, each answered by the worker holding it, waited for until the request's deadline. A partition
 * that fails or does not answer by then counts as missing (null); the asker says the answer is partial.
 */
export class QueueBankPartitions implements BankPartitionTransport {
  private readonly log = new Logger('BankPartitions');

  constructor(
    private readonly queues: QueueFactory,
    readonly partitions: number,
    readonly timeoutMs: number,
  ) {
    // Listening from the start: the first lookup does not wait for the event streams to be joined.
    for (let p = 0; p < partitions; p++) queues.queueEvents(bankPartitionQueue(p));
  }

  async fanOut(job: BankPartitionJob): Promise<(BankPartitionResult | null)[]> {
    const asked = Array.from({ length: this.partitions }, (_, p) => this.ask(p, job));
    return Promise.all(asked);
  }

  private async ask(partition: number, data: BankPartitionJob): Promise<BankPartitionResult | null> {
    const name = bankPartitionQueue(partition);
    try {
      const job = await this.queues
        .queue<BankPartitionJob>(name)
        .add('lookup', data, { removeOnComplete: KEEP, removeOnFail: KEEP, attempts: 1 });
      // A wait of 0 would be no limit at all.
      const wait = Math.max(1, data.deadline - Date.now());
      const result = (await job.waitUntilFinished(
        this.queues.queueEvents(name),
        wait,
      )) as BankPartitionResult;
      if (result?.partition !== partition || result.found?.length !== data.hashes.length) {
        throw new Error(`answered ${JSON.stringify(result)?.slice(0, 100)}`);
      }
      return result;
    } catch (error) {
      this.log.warn(
        `bank partition ${partition} of ${this.partitions} did not answer ${data.hashes.length} hashes within ${this.timeoutMs} ms: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    }
  }
}
