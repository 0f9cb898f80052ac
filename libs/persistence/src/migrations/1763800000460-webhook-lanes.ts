import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook lanes: one per platform and webhook (live or exercise). The relay writes each delivery owed to a
 * platform into its lane (`webhook_outbox`, in the order of the incident logs) in the statement that moves
 * its cursor, so a delivery is queued exactly once whatever the queue store keeps; one worker at a time
 * holds a lane (`webhook_lanes`' lease) and sends its head, then the next, so a platform gets its events in
 * order, and a failed head holds the lane (`retry_at`) until it succeeds or its retries are spent.
 */
export class WebhookLanes1763800000460 implements MigrationInterface {
  name = 'WebhookLanes1763800000460';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_outbox (
        id bigserial PRIMARY KEY,
        platform_key text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('live', 'exercise')),
        incident_id uuid NOT NULL,
        item_id uuid NOT NULL,
        event_id text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('item', 'overdue')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_outbox_lane ON webhook_outbox (platform_key, mode, id)`);
    await q.query(`CREATE INDEX webhook_outbox_item ON webhook_outbox (item_id, platform_key)`);
    await q.query(`
      CREATE TABLE webhook_lanes (
        platform_key text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('live', 'exercise')),
        attempt integer NOT NULL DEFAULT 0,
        retry_at timestamptz,
        leased_until timestamptz,
        lease_token text,
        PRIMARY KEY (platform_key, mode)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_lanes`);
    await q.query(`DROP TABLE webhook_outbox`);
  }
}
