import { Module } from '@nestjs/common';
import {
  BankHitFinder,
  BankHitsForCaller,
  BankPdqIndex,
  BanksUseCases,
  BankVisibilityUseCase,
  CheckItemAgainstBanksUseCase,
  ImportSignalsUseCase,
} from '@hub/domain';
import { PgBankRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { BANK_REPOSITORY, IDENTITY_REPOSITORY, INCIDENT_QUERIES, INCIDENT_STORE } from '../tokens';
import { BankImportSweeper } from './bank-import-sweeper.service';
import { BankIndexService } from './bank-index.service';

const providers = [
  provide(BANK_REPOSITORY, [DataSource], (db) => new PgBankRepository(db)),
  // One index of bank PDQ signals per process, loaded at start and kept in step by BankIndexService.
  provide(BankPdqIndex, [], () => new BankPdqIndex()),
  provide(BankHitFinder, [BANK_REPOSITORY, BankPdqIndex], (banks, index) => new BankHitFinder(banks, index)),
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
  imports: [IncidentsModule, IdentityModule],
  providers: [...providers, BankIndexService, BankImportSweeper],
  exports: [
    BanksUseCases,
    ImportSignalsUseCase,
    BankHitsForCaller,
    CheckItemAgainstBanksUseCase,
    BankIndexService,
  ],
})
export class BanksModule {}
