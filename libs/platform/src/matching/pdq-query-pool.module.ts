import { Module } from '@nestjs/common';
import { provide } from '../core/provide';
import { PdqQueryPool } from './pdq-query.pool';

/**
 * One pool of PDQ query threads per process, shared by the items' matcher and the banks' index: batches
 * of `POST /hashes/match` are probed there, single lookups on the calling thread.
 */
@Module({
  providers: [provide(PdqQueryPool, [], () => new PdqQueryPool())],
  exports: [PdqQueryPool],
})
export class PdqQueryPoolModule {}
