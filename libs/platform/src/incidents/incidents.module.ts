import { Module } from '@nestjs/common';
import {
  CreateIncidentUseCase,
  GiveFeedbackUseCase,
  IncidentActionUseCase,
  IncidentQueriesUseCase,
  loadProtocolsFile,
  loadUrlRulesFile,
  PostMessageUseCase,
  ResolveIncidentUseCase,
  ShareItemsUseCase,
  UpdateContainmentUseCase,
} from '@hub/domain';
import { PgIncidentQueries, PgIncidentRefs, PgIncidentStore } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { ElectionsModule } from '../elections/elections.module';
import { FederationStoreModule } from '../federation/federation-store.module';
import { EventFeed } from '../realtime/event-feed.service';
import {
  CLOCK,
  ELECTION_STORE,
  FEDERATION_STORE,
  HUB_CONFIG,
  IDENTITY_REPOSITORY,
  INCIDENT_QUERIES,
  INCIDENT_STORE,
  PROTOCOLS,
  URL_RULES,
} from '../tokens';

const providers = [
  provide(PROTOCOLS, [HUB_CONFIG], (config) => {
    const set = loadProtocolsFile(config.HUB_PROTOCOL_FILE);
    return () => set;
  }),
  // Read (and validated) once at start, like the protocols: a bad file stops the hub.
  provide(URL_RULES, [HUB_CONFIG], (config) => loadUrlRulesFile(config.HUB_URL_RULES_FILE)),
  // A commit is told to this process's listeners (the room, the relay) at once, ahead of its NOTIFY.
  provide(
    INCIDENT_STORE,
    [DataSource, CLOCK, EventFeed],
    (db, clock, feed) => new PgIncidentStore(db, clock, (notice) => feed.announce(notice)),
  ),
  provide(INCIDENT_QUERIES, [DataSource], (db) => new PgIncidentQueries(db)),
  provide(
    CreateIncidentUseCase,
    [INCIDENT_STORE, IDENTITY_REPOSITORY, PROTOCOLS, CLOCK, ELECTION_STORE, FEDERATION_STORE],
    (store, ids, protocols, clock, elections, federation) =>
      new CreateIncidentUseCase(store, ids, protocols, clock, elections, federation),
  ),
  provide(
    IncidentActionUseCase,
    [INCIDENT_STORE, IDENTITY_REPOSITORY, PROTOCOLS, CLOCK],
    (store, ids, protocols, clock) => new IncidentActionUseCase(store, ids, protocols, clock),
  ),
  provide(
    ShareItemsUseCase,
    [INCIDENT_STORE, IDENTITY_REPOSITORY, PROTOCOLS, CLOCK, URL_RULES],
    (store, ids, protocols, clock, urlRules) => new ShareItemsUseCase(store, ids, protocols, clock, urlRules),
  ),
  provide(
    UpdateContainmentUseCase,
    [INCIDENT_STORE, CLOCK],
    (store, clock) => new UpdateContainmentUseCase(store, clock),
  ),
  provide(PostMessageUseCase, [INCIDENT_STORE], (store) => new PostMessageUseCase(store)),
  provide(GiveFeedbackUseCase, [INCIDENT_STORE], (store) => new GiveFeedbackUseCase(store)),
  provide(
    IncidentQueriesUseCase,
    [INCIDENT_STORE, INCIDENT_QUERIES, CLOCK],
    (store, queries, clock) => new IncidentQueriesUseCase(store, queries, clock),
  ),
  provide(ResolveIncidentUseCase, [DataSource], (db) => new ResolveIncidentUseCase(new PgIncidentRefs(db))),
];

/**
 * Incidents and their containment: the protocol set, the incident store (the event log's writer) and its
 * read side, and the use cases people call: declare, act, share, acknowledge, message, feedback, read.
 */
@Module({
  imports: [IdentityModule, ElectionsModule, FederationStoreModule],
  providers,
  exports: providers.map((p) => p.provide),
})
export class IncidentsModule {}
