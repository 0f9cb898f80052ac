import { Module } from '@nestjs/common';
import { IncidentQueriesUseCase, IncidentReportUseCase } from '@hub/domain';
import { provide } from '../core/provide';
import { ExercisesModule } from '../exercises/exercises.module';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { CLOCK, EXERCISE_REPORTS, IDENTITY_REPOSITORY, INCIDENT_QUERIES } from '../tokens';

const providers = [
  provide(
    IncidentReportUseCase,
    [IncidentQueriesUseCase, INCIDENT_QUERIES, IDENTITY_REPOSITORY, CLOCK, EXERCISE_REPORTS],
    (incidents, queries, ids, clock, exercises) =>
      new IncidentReportUseCase(incidents, queries, ids, clock, exercises),
  ),
];

/** Incident reports (JSON, Markdown, HTML, CSV), with the exercise part for an exercise's incident. */
@Module({
  imports: [IncidentsModule, IdentityModule, ExercisesModule],
  providers,
  exports: [IncidentReportUseCase],
})
export class ReportsModule {}
