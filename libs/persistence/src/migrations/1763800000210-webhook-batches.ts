import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A platform may take its deliveries in batches (`webhook.batch`, `exerciseWebhook.batch`): in a flood, the
 * events queued for it go out together in one signed POST rather than one POST each.
 */
export class WebhookBatches1763800000210 implements MigrationInterface {
  name = 'WebhookBatches1763800000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisations
        ADD COLUMN webhook_batch boolean NOT NULL DEFAULT false,
        ADD COLUMN exercise_webhook_batch boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP COLUMN webhook_batch, DROP COLUMN exercise_webhook_batch`);
  }
}
