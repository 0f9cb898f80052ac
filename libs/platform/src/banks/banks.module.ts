import { Module } from '@nestjs/common';
import {
  BankHitFinder,
  BankHitsForCaller,
  BankPdqIndex,
  BanksUseCases,
  BankVisibilityUseCase,
  CheckItemAgainstBanksUseCase,
  ImportSignalsUseCase,
  LocalBankPdqLookup,
  PartitionedBankPdqLookup,
} from '@hub/domain';
import { PgBankRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { QueueFactory } from '../queues/queue.factory';
import {
  BANK_PDQ_LOOKUP,
  BANK_REPOSITORY,
  HUB_CONFIG,
  IDENTITY_REPOSITORY,
  INCIDENT_QUERIES,
  INCIDENT_STORE,
} from '../tokens';
import { BankImportSweeper } from './bank-import-sweeper.service';
import { BankIndexService } from './bank-index.service';
import { PdqQueryPool } from '../matching/pdq-query.pool';
import { PdqQueryPoolModule } from '../matching/pdq-query-pool.module';
import { QueueBankPartitions } from './queue-bank-partitions';

const providers = [
  provide(BANK_REPOSITORY, [DataSource], (db) => new PgBankRepository(db)),
  // One index of bank PDQ signals per process (all of them, one partition, or none), kept in step by
  // BankIndexService; large batches are probed on the pool's threads.
  provide(BankPdqIndex, [PdqQueryPool], (pool) => new BankPdqIndex(pool)),
  // Partitioned: every process asks the workers holding the partitions, even one that holds one itself.
  provide(BANK_PDQ_LOOKUP, [HUB_CONFIG, BankPdqIndex, QueueFactory], (config, index, queues) =>
    config.HUB_BANK_PARTITIONS > 1
      ? new PartitionedBankPdqLookup(
          new QueueBankPartitions(queues, config.HUB_BANK_PARTITIONS, config.HUB_BANK_PARTITION_TIMEOUT_MS),
        )
      : new LocalBankPdqLookup(index),
  ),
  provide(BankHitFinder, [BANK_REPOSITORY, BANK_PDQ_LOOKUP], (banks, pdq) => new BankHitFinder(banks, pdq)),
  provide(BankVisibilityUseCase, [BANK_REPOSITORY], (banks) => new BankVisibilityUseCase(banks)),
  provide(
    BanksUseCases,
    [BANK_REPOSITORY, BankVisibilityUseCase, IDENTITY_REPOSITORY],
    (banks, visibility, ids) => new BanksUseCases(banks, visibility, ids),
  ),
  provide(
    ImportSignalsUseCase,
    [BANK_REPOSITORY, BankVisibilityUseCase],
    (banks, visibility) => new ImportSignalsUseCase(banks, visibility),
  ),
  provide(
    BankHitsForCaller,
    [BankHitFinder, BankVisibilityUseCase],
    (finder, visibility) => new BankHitsForCaller(finder, visibility),
  ),
  provide(
    CheckItemAgainstBanksUseCase,
    [INCIDENT_STORE, INCIDENT_QUERIES, BANK_REPOSITORY, BankHitFinder],
    (store, queries, banks, finder) => new CheckItemAgainstBanksUseCase(store, queries, banks, finder),
  ),
];

/**
 * Hash banks: standing lists of known content (signals with their provenance), filled by hand or by
 * imports, and looked up by every share (a worker's bank job) and by `/hashes/match`.
 */
@Module({
  imports: [IncidentsModule, IdentityModule, PdqQueryPoolModule],
  providers: [...providers, BankIndexService, BankImportSweeper],
  exports: [
    BanksUseCases,
    BankVisibilityUseCase,
    ImportSignalsUseCase,
    BankHitsForCaller,
    CheckItemAgainstBanksUseCase,
    BankIndexService,
  ],
})
export class BanksModule {}
