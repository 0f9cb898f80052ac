import { Module } from '@nestjs/common';
import {
  BackfillBankHitsUseCase,
  BankHitFinder,
  BankHitRecorder,
  BankHitsForCaller,
  BankPdqIndex,
  BanksUseCases,
  BankVisibilityUseCase,
  CheckItemAgainstBanksUseCase,
  ImportSignalsUseCase,
  LocalBankPdqLookup,
  PartitionedBankPdqLookup,
  SignalReviewUseCases,
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
  URL_RULES,
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
  // A local lookup first brings the index up to the signals committed before it (a share just after an
  // import is checked against the import); partition workers do the same before each job.
  provide(
    BANK_PDQ_LOOKUP,
    [HUB_CONFIG, BankPdqIndex, QueueFactory, BankIndexService],
    (config, index, queues, service) =>
      config.HUB_BANK_PARTITIONS > 1
        ? new PartitionedBankPdqLookup(
            new QueueBankPartitions(queues, config.HUB_BANK_PARTITIONS, config.HUB_BANK_PARTITION_TIMEOUT_MS),
          )
        : new LocalBankPdqLookup(index, () => service.ensureFresh()),
  ),
  provide(
    BankHitRecorder,
    [INCIDENT_STORE, BANK_REPOSITORY, HUB_CONFIG],
    (store, banks, config) =>
      new BankHitRecorder(store, banks, { hits: config.HUB_FLOOD_HITS, minutes: config.HUB_FLOOD_MINUTES }),
  ),
  provide(BankHitFinder, [BANK_REPOSITORY, BANK_PDQ_LOOKUP], (banks, pdq) => new BankHitFinder(banks, pdq)),
  provide(BankVisibilityUseCase, [BANK_REPOSITORY], (banks) => new BankVisibilityUseCase(banks)),
  provide(
    BanksUseCases,
    [BANK_REPOSITORY, BankVisibilityUseCase, IDENTITY_REPOSITORY, URL_RULES],
    (banks, visibility, ids, rules) => new BanksUseCases(banks, visibility, ids, rules),
  ),
  provide(
    ImportSignalsUseCase,
    [BANK_REPOSITORY, BankVisibilityUseCase, URL_RULES],
    (banks, visibility, rules) => new ImportSignalsUseCase(banks, visibility, rules),
  ),
  provide(
    SignalReviewUseCases,
    [BANK_REPOSITORY, BankVisibilityUseCase, INCIDENT_STORE],
    (banks, visibility, store) => new SignalReviewUseCases(banks, visibility, store),
  ),
  provide(
    BankHitsForCaller,
    [BankHitFinder, BankVisibilityUseCase],
    (finder, visibility) => new BankHitsForCaller(finder, visibility),
  ),
  provide(
    CheckItemAgainstBanksUseCase,
    [INCIDENT_STORE, INCIDENT_QUERIES, BANK_REPOSITORY, BankHitFinder, BankHitRecorder],
    (store, queries, banks, finder, recorder) =>
      new CheckItemAgainstBanksUseCase(store, queries, banks, finder, recorder),
  ),
  provide(
    BackfillBankHitsUseCase,
    [BANK_REPOSITORY, INCIDENT_QUERIES, BankHitFinder, BankHitRecorder, BankIndexService],
    (banks, queries, finder, recorder, service) =>
      new BackfillBankHitsUseCase(banks, queries, finder, recorder, () => service.ensureFresh()),
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
    BackfillBankHitsUseCase,
    SignalReviewUseCases,
    BankIndexService,
  ],
})
export class BanksModule {}
