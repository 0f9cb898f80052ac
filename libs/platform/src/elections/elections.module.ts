import { Module } from '@nestjs/common';
import { CreateElectionUseCase, ElectionQueriesUseCase, ExtendElectionUseCase } from '@hub/domain';
import { PgElectionStore } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { CLOCK, ELECTION_STORE, IDENTITY_REPOSITORY } from '../tokens';

const providers = [
  provide(ELECTION_STORE, [DataSource], (db) => new PgElectionStore(db)),
  provide(
    CreateElectionUseCase,
    [ELECTION_STORE, IDENTITY_REPOSITORY, CLOCK],
    (elections, ids, clock) => new CreateElectionUseCase(elections, ids, clock),
  ),
  provide(
    ElectionQueriesUseCase,
    [ELECTION_STORE, CLOCK],
    (elections, clock) => new ElectionQueriesUseCase(elections, clock),
  ),
  provide(
    ExtendElectionUseCase,
    [ELECTION_STORE, CLOCK],
    (elections, clock) => new ExtendElectionUseCase(elections, clock),
  ),
];

/** Elections: windows of at most 90 days, extended with a recorded reason, and their participants. */
@Module({ imports: [IdentityModule], providers, exports: providers.map((p) => p.provide) })
export class ElectionsModule {}
