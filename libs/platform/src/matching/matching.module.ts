import { Module } from '@nestjs/common';
import { BankHitsForCaller, HashMatchUseCase, MatchItemUseCase, PdqMatcher } from '@hub/domain';
import { PgPdqSource } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { BanksModule } from '../banks/banks.module';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { IDENTITY_REPOSITORY, INCIDENT_QUERIES, INCIDENT_STORE, PDQ_SOURCE } from '../tokens';
import { PdqMatcherService } from './pdq-matcher.service';
import { PdqQueryPool } from './pdq-query.pool';
import { PdqQueryPoolModule } from './pdq-query-pool.module';

const providers = [
  // One matcher per process, loaded at start and kept in step by PdqMatcherService.
  provide(PdqMatcher, [PdqQueryPool], (pool) => new PdqMatcher(pool)),
  provide(PDQ_SOURCE, [DataSource], (db) => new PgPdqSource(db)),
  provide(
    MatchItemUseCase,
    [INCIDENT_STORE, INCIDENT_QUERIES, IDENTITY_REPOSITORY, PdqMatcher],
    (store, queries, ids, matcher) => new MatchItemUseCase(store, queries, ids, matcher),
  ),
  provide(
    HashMatchUseCase,
    [INCIDENT_STORE, PdqMatcher, BankHitsForCaller, INCIDENT_QUERIES],
    (store, matcher, banks, queries) => new HashMatchUseCase(store, matcher, banks, queries),
  ),
];

/**
 * Hash matching: each process keeps an index of the PDQ hashes shared so far; a hash query (`/hashes`)
 * and each newly shared PDQ item (a worker's match job) are looked up in it.
 */
@Module({
  imports: [IncidentsModule, IdentityModule, BanksModule, PdqQueryPoolModule],
  providers: [...providers, PdqMatcherService],
  exports: [MatchItemUseCase, HashMatchUseCase],
})
export class MatchingModule {}
