import { Module } from '@nestjs/common';
import { DeliverWebhookBatchUseCase, DeliverWebhookUseCase, RunWebhookLaneUseCase } from '@hub/domain';
import { PgWebhookLanes } from '@hub/persistence';
import { DataSource } from 'typeorm';
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
import { QueueFactory } from '../queues/queue.factory';
import { FetchWebhookSender, webhookBackoff } from '../webhooks/fetch-webhook.sender';
import { QueueLaneKicks } from './queue-lane-kicks';

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
  provide(PgWebhookLanes, [DataSource], (db) => new PgWebhookLanes(db)),
  provide(
    RunWebhookLaneUseCase,
    [PgWebhookLanes, QueueFactory, DeliverWebhookBatchUseCase, HUB_CONFIG, CLOCK],
    (lanes, queues, batches, config, clock) =>
      new RunWebhookLaneUseCase(
        lanes,
        new QueueLaneKicks(queues),
        batches,
        webhookBackoff(config.HUB_WEBHOOK_BACKOFF_MS),
        clock,
        config.HUB_WEBHOOK_GATHER_MS,
      ),
  ),
  provide(
    DeliverWebhookUseCase,
    [INCIDENT_STORE, INCIDENT_QUERIES, IDENTITY_REPOSITORY, WEBHOOK_SENDER, CLOCK, RunWebhookLaneUseCase],
    (store, queries, ids, sender, clock, lanes) =>
      new DeliverWebhookUseCase(store, queries, ids, sender, clock, lanes),
  ),
];

/** Deliveries: shared items and incident changes posted, signed, to the platforms' webhooks. */
@Module({
  imports: [IncidentsModule, IdentityModule],
  providers,
  exports: [DeliverWebhookUseCase, DeliverWebhookBatchUseCase, RunWebhookLaneUseCase, PgWebhookLanes],
})
export class DeliveriesModule {}
