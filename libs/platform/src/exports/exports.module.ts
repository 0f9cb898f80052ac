import { Module } from '@nestjs/common';
import { ShareItemDto } from '@hub/contracts';
import {
  ExportIncidentUseCase,
  ImportItemsUseCase,
  IncidentQueriesUseCase,
  ShareItemsUseCase,
} from '@hub/domain';
import { provide } from '../core/provide';
import { validatePayload } from '../http/validation';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { IDENTITY_REPOSITORY, INCIDENT_QUERIES } from '../tokens';

const providers = [
  provide(
    ExportIncidentUseCase,
    [IncidentQueriesUseCase, INCIDENT_QUERIES, IDENTITY_REPOSITORY],
    (incidents, queries, ids) => new ExportIncidentUseCase(incidents, queries, ids),
  ),
  // Each imported share is checked by the same rules and limits as one sent to the bulk route.
  provide(
    ImportItemsUseCase,
    [ShareItemsUseCase, IncidentQueriesUseCase],
    (share, incidents) =>
      new ImportItemsUseCase(share, incidents, (raw) => validatePayload(ShareItemDto, raw)),
  ),
];

/** Evidence out and back in: STIX 2.1 bundles, MISP events and ThreatExchange lines. */
@Module({
  imports: [IncidentsModule, IdentityModule],
  providers,
  exports: [ExportIncidentUseCase, ImportItemsUseCase],
})
export class ExportsModule {}
