import { Module } from '@nestjs/common';
import { CheckDeadlineUseCase } from '@hub/domain';
import { provide } from '../core/provide';
import { IncidentsModule } from '../incidents/incidents.module';
import { CLOCK, HUB_CONFIG, INCIDENT_STORE } from '../tokens';

const providers = [
  provide(
    CheckDeadlineUseCase,
    [INCIDENT_STORE, CLOCK, HUB_CONFIG],
    (store, clock, config) => new CheckDeadlineUseCase(store, clock, config.HUB_OVERDUE_REPEAT_MINUTES),
  ),
];

/** Containment deadlines: a cell still open at its due time goes overdue, and is reminded of again. */
@Module({ imports: [IncidentsModule], providers, exports: [CheckDeadlineUseCase] })
export class DeadlinesModule {}
