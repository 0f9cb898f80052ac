import { Module } from '@nestjs/common';
import { ElectionBulletinUseCase, ResponseTimesUseCase } from '@hub/domain';
import { PgAnalyticsQueries } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { ANALYTICS_QUERIES, CLOCK } from '../tokens';

const providers = [
  provide(ANALYTICS_QUERIES, [DataSource], (db) => new PgAnalyticsQueries(db)),
  provide(ResponseTimesUseCase, [ANALYTICS_QUERIES, CLOCK], (q, clock) => new ResponseTimesUseCase(q, clock)),
  provide(
    ElectionBulletinUseCase,
    [ANALYTICS_QUERIES, CLOCK],
    (q, clock) => new ElectionBulletinUseCase(q, clock),
  ),
];

/** Platforms' response times across incidents, and elections' daily bulletins. */
@Module({ providers, exports: [ANALYTICS_QUERIES, ResponseTimesUseCase, ElectionBulletinUseCase] })
export class AnalyticsModule {}
