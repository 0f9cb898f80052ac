import { Module } from '@nestjs/common';
import { PublicAccountUseCase } from '@hub/domain';
import { AnalyticsModule } from '../analytics/analytics.module';
import { provide } from '../core/provide';
import { ANALYTICS_QUERIES, CLOCK, HUB_CONFIG } from '../tokens';

const providers = [
  provide(
    PublicAccountUseCase,
    [ANALYTICS_QUERIES, CLOCK, HUB_CONFIG],
    (q, clock, config) =>
      new PublicAccountUseCase(q, clock, {
        enabled: config.HUB_PUBLIC_TRANSPARENCY,
        delayDays: config.HUB_TRANSPARENCY_DELAY_DAYS,
      }),
  ),
];

/** The public account of platforms' response times (HUB_PUBLIC_TRANSPARENCY), one per process, cached. */
@Module({ imports: [AnalyticsModule], providers, exports: [PublicAccountUseCase] })
export class PublicAccountModule {}
