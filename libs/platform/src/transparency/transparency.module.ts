import { Module } from '@nestjs/common';
import { IncidentQueriesUseCase, StatementsOfReasonsUseCase } from '@hub/domain';
import { provide } from '../core/provide';
import { IncidentsModule } from '../incidents/incidents.module';
import { INCIDENT_QUERIES } from '../tokens';

const providers = [
  provide(
    StatementsOfReasonsUseCase,
    [IncidentQueriesUseCase, INCIDENT_QUERIES],
    (incidents, queries) => new StatementsOfReasonsUseCase(incidents, queries),
  ),
];

/** Drafts of the DSA statements of reasons a platform files for what it did in an incident. */
@Module({ imports: [IncidentsModule], providers, exports: [StatementsOfReasonsUseCase] })
export class TransparencyModule {}
