import { parentPort } from 'node:worker_threads';
import { queryPdqSnapshot } from '@hub/domain';
import type { PdqQueryReply, PdqQueryRequest } from './pdq-query.pool';

// One thread of the PDQ query pool: probes the snapshot it is sent (shared memory, not a copy).
parentPort?.on('message', ({ id, snapshot, hexes, maxDistance }: PdqQueryRequest) => {
  let reply: PdqQueryReply;
  try {
    reply = { id, found: queryPdqSnapshot(snapshot, hexes, maxDistance) };
  } catch (error) {
    reply = { id, failed: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
