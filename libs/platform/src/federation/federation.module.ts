import { Module } from '@nestjs/common';
import {
  ApplyFederationUseCase,
  FederationFeedUseCase,
  FederationSyncUseCase,
  PeersUseCases,
} from '@hub/domain';
import { provide } from '../core/provide';
import { FederationStoreModule } from './federation-store.module';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import {
  CLOCK,
  FEDERATION_STORE,
  HUB_CONFIG,
  IDENTITY_REPOSITORY,
  INCIDENT_STORE,
  PEER_CLIENT,
  PROTOCOLS,
} from '../tokens';
import { HttpPeerClient } from './http-peer.client';

const providers = [
  provide(PEER_CLIENT, [HUB_CONFIG], (config) => new HttpPeerClient(config.HUB_WEBHOOK_TIMEOUT_MS)),
  provide(
    PeersUseCases,
    [FEDERATION_STORE, IDENTITY_REPOSITORY, CLOCK, HUB_CONFIG],
    (store, ids, clock, config) => new PeersUseCases(store, ids, clock, config.HUB_NAME),
  ),
  provide(
    ApplyFederationUseCase,
    [FEDERATION_STORE, INCIDENT_STORE, IDENTITY_REPOSITORY, PROTOCOLS, CLOCK, HUB_CONFIG],
    (store, incidents, ids, protocols, clock, config) =>
      new ApplyFederationUseCase(store, incidents, ids, protocols, clock, config.HUB_NAME),
  ),
  provide(
    FederationFeedUseCase,
    [FEDERATION_STORE, ApplyFederationUseCase, HUB_CONFIG],
    (store, apply, config) => new FederationFeedUseCase(store, apply, config.HUB_NAME),
  ),
  provide(
    FederationSyncUseCase,
    [FEDERATION_STORE, FederationFeedUseCase, ApplyFederationUseCase, PEER_CLIENT, CLOCK],
    (store, feed, apply, client, clock) => new FederationSyncUseCase(store, feed, apply, client, clock),
  ),
];

/**
 * Federation: the peer hubs, the sharing groups, this hub's feed as each peer may have it, and what
 * peers send here, applied once each (docs/federation.md).
 */
@Module({
  imports: [FederationStoreModule, IdentityModule, IncidentsModule],
  providers,
  exports: [...providers.map((p) => p.provide), FederationStoreModule],
})
export class FederationModule {}
