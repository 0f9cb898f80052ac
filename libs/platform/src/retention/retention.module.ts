import { Module } from '@nestjs/common';
import { PurgePersonalDataUseCase } from '@hub/domain';
import { provide } from '../core/provide';
import { IncidentsModule } from '../incidents/incidents.module';
import { INCIDENT_STORE } from '../tokens';

const providers = [
  provide(PurgePersonalDataUseCase, [INCIDENT_STORE], (store) => new PurgePersonalDataUseCase(store)),
];

/** Retention: personal data of incidents closed long enough ago is purged (daily, by the worker). */
@Module({ imports: [IncidentsModule], providers, exports: [PurgePersonalDataUseCase] })
export class RetentionModule {}
