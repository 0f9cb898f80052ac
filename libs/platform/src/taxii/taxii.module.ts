import { Module } from '@nestjs/common';
import {
  BankObjects,
  BankVisibilityUseCase,
  ImportSignalsUseCase,
  IncidentObjects,
  IncidentQueriesUseCase,
  TaxiiImportUseCase,
  TaxiiUseCases,
} from '@hub/domain';
import { PgTaxiiRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { BanksModule } from '../banks/banks.module';
import { provide, token } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { CLOCK, IDENTITY_REPOSITORY } from '../tokens';

const TAXII_REPOSITORY = token<PgTaxiiRepository>('TAXII_REPOSITORY');

const providers = [
  provide(TAXII_REPOSITORY, [DataSource], (db) => new PgTaxiiRepository(db)),
  provide(
    IncidentObjects,
    [TAXII_REPOSITORY, IDENTITY_REPOSITORY],
    (taxii, ids) => new IncidentObjects(taxii, ids),
  ),
  provide(BankObjects, [TAXII_REPOSITORY], (taxii) => new BankObjects(taxii)),
  provide(
    TaxiiUseCases,
    [IncidentQueriesUseCase, BankVisibilityUseCase, IncidentObjects, BankObjects],
    (incidents, banks, incidentObjects, bankObjects) =>
      new TaxiiUseCases(incidents, banks, incidentObjects, bankObjects),
  ),
  // Envelopes go into banks through the bank import itself: the same rules, counts and bank events.
  provide(
    TaxiiImportUseCase,
    [TaxiiUseCases, ImportSignalsUseCase, TAXII_REPOSITORY, CLOCK],
    (taxii, imports, statuses, clock) => new TaxiiImportUseCase(taxii, imports, statuses, clock),
  ),
];

/** TAXII 2.1: incidents and banks as collections of STIX objects, and envelopes written into banks. */
@Module({
  imports: [IncidentsModule, IdentityModule, BanksModule],
  providers,
  exports: [TaxiiUseCases, TaxiiImportUseCase],
})
export class TaxiiModule {}
