import { Module } from '@nestjs/common';
import { DeliverWebhookBatchUseCase, DeliverWebhookUseCase } from '@hub/domain';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import {
  CLOCK,
  HUB_CONFIG,
  IDENTITY_REPOSITORY,
  INCIDENT_QUERIES,
  INCIDENT_STORE,
  WEBHOOK_SENDER,
} from '../tokens';
import { FetchWebhookSender } from '../webhooks/fetch-webhook.sender';

const providers = [
  provide(
    WEBHOOK_SENDER,
    [HUB_CONFIG],
    (config) =>
      new FetchWebhookSender(config.HUB_WEBHOOK_TIMEOUT_MS, {
        allowPrivate: config.HUB_WEBHOOK_ALLOW_PRIVATE,
      }),
  ),
  provide(
    DeliverWebhookBatchUseCase,
    [INCIDENT_STORE, INCIDENT_QUERIES, IDENTITY_REPOSITORY, WEBHOOK_SENDER, CLOCK],
    (store, queries, ids, sender, clock) =>
      new DeliverWebhookBatchUseCase(store, queries, ids, sender, clock),
  ),
  provide(
    DeliverWebhookUseCase,
    [
      INCIDENT_STORE,
      INCIDENT_QUERIES,
      IDENTITY_REPOSITORY,
      WEBHOOK_SENDER,
      CLOCK,
      DeliverWebhookBatchUseCase,
    ],
    (store, queries, ids, sender, clock, batches) =>
      new DeliverWebhookUseCase(store, queries, ids, sender, clock, batches),
  ),
];

/** Deliveries: shared items and incident changes posted, signed, to the platforms' webhooks. */
@Module({
  imports: [IncidentsModule, IdentityModule],
  providers,
  exports: [DeliverWebhookUseCase, DeliverWebhookBatchUseCase],
})
export class DeliveriesModule {}
