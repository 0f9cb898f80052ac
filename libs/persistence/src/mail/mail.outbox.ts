import { randomBytes } from 'node:crypto';
import type { CellStatus, Channel, ItemKind } from '@hub/contracts';
import type { BatchCell, MailBatch, MailOutbox, MailRecord } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

interface MailRow {
  id: string;
  batch_key: string;
  contact_id: string;
  incident_id: string;
  platform_key: string;
  purpose: MailRecord['purpose'];
  tier: number;
  message_id: string;
  status: MailRecord['status'];
  attempts: number;
}

interface BatchCellRow {
  item_id: string;
  platform_key: string;
  kind: ItemKind;
  url: string | null;
  hash_algorithm: string | null;
  hash_value: string | null;
  account_handle: string | null;
  channel: Channel;
  legal_reference: string | null;
  status: CellStatus;
  ack_due_at: Date | null;
  action_due_at: Date | null;
  total: string;
}

const toMail = (r: MailRow): MailRecord => ({
  id: r.id,
  batchKey: r.batch_key,
  contactId: r.contact_id,
  incidentId: r.incident_id,
  platformKey: r.platform_key,
  purpose: r.purpose,
  tier: r.tier,
  messageId: r.message_id,
  status: r.status,
  attempts: r.attempts,
});

/** The name under which the receipt links' key is kept when `HUB_LINK_SECRET` is not set. */
const LINK_KEY = 'receipt-links';

export class PgMailOutbox implements MailOutbox {
  private readonly db: SqlClient;
  private key?: Promise<Buffer>;

  constructor(
    dataSource: DataSource,
    /** `HUB_LINK_SECRET`, when set: it signs the links instead of the stored key. */
    private readonly configuredKey?: string,
  ) {
    this.db = SqlClient.of(dataSource);
  }

  async claim(batch: MailBatch, opts: { failedWebhooksOnly: boolean }): Promise<void> {
    // Nothing is added to a batch that already holds cells: a retry mails what the first attempt would have.
    const unclaimed = sql`NOT EXISTS (SELECT 1 FROM mail_batch_cells b WHERE b.batch_key = ${batch.key}::text)`;
    if (batch.purpose === 'new') {
      const failedOnly = opts.failedWebhooksOnly
        ? sql`AND EXISTS (SELECT 1 FROM deliveries d WHERE d.delivery_id = c.item_id::text || ':' || c.platform_key
                           AND d.outcome = 'failed')`
        : sql.empty;
      await this.db.run(sql`
        INSERT INTO mail_batch_cells (source_key, batch_key, incident_id, item_id, platform_key, position)
        SELECT 'new:' || c.item_id || ':' || c.platform_key, ${batch.key}::text, c.incident_id, c.item_id,
               c.platform_key, row_number() OVER (ORDER BY c.created_at, c.item_id)
          FROM containment_cells c
         WHERE c.incident_id = ${batch.incidentId}::uuid AND c.platform_key = ${batch.platformKey}::text
           AND c.acknowledged_at IS NULL AND c.acted_at IS NULL ${failedOnly}
           AND NOT EXISTS (SELECT 1 FROM mail_batch_cells m
                            WHERE m.source_key = 'new:' || c.item_id || ':' || c.platform_key)
           AND ${unclaimed}
        ON CONFLICT (source_key) DO NOTHING`);
      return;
    }
    const open = batch.purpose === 'ack' ? sql`c.acknowledged_at IS NULL` : sql`c.acted_at IS NULL`;
    await this.db.run(sql`
      INSERT INTO mail_batch_cells (source_key, batch_key, incident_id, item_id, platform_key, position)
      SELECT 'overdue:' || e.id, ${batch.key}::text, e.incident_id, c.item_id, c.platform_key,
             row_number() OVER (ORDER BY e.id)
        FROM incident_events e
        JOIN containment_cells c ON c.item_id = (e.data->>'itemId')::uuid AND c.platform_key = e.data->>'platformKey'
       WHERE e.incident_id = ${batch.incidentId}::uuid AND e.type = 'containment.overdue'
         AND e.data->>'platformKey' = ${batch.platformKey}::text AND e.data->>'kind' = ${batch.purpose}::text
         AND ${open} AND c.paused_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM mail_batch_cells m WHERE m.source_key = 'overdue:' || e.id)
         AND ${unclaimed}
      ON CONFLICT (source_key) DO NOTHING`);
  }

  async batchCells(batchKey: string, limit: number): Promise<{ total: number; cells: BatchCell[] }> {
    const rows = await this.db.rows(sql<BatchCellRow>`
      WITH batch AS (SELECT * FROM mail_batch_cells WHERE batch_key = ${batchKey}::text)
      SELECT b.item_id, b.platform_key, i.kind, i.url, i.hash_algorithm, i.hash_value, i.account_handle,
             i.channel, i.legal_reference, c.status, c.ack_due_at, c.action_due_at,
             (SELECT count(*) FROM batch) AS total
        FROM batch b
        JOIN items i ON i.id = b.item_id
        JOIN containment_cells c ON c.item_id = b.item_id AND c.platform_key = b.platform_key
       ORDER BY b.position, b.item_id
       LIMIT ${limit}::int`);
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      cells: rows.map((r) => ({
        itemId: r.item_id,
        platformKey: r.platform_key,
        kind: r.kind,
        url: r.url,
        hashAlgorithm: r.hash_algorithm,
        hashValue: r.hash_value,
        accountHandle: r.account_handle,
        channel: r.channel,
        legalReference: r.legal_reference,
        status: r.status,
        ackDueAt: r.ack_due_at,
        actionDueAt: r.action_due_at,
      })),
    };
  }

  async batchMembers(
    batchKey: string,
  ): Promise<{ incidentId: string; itemId: string; platformKey: string }[]> {
    const rows = await this.db.rows(sql<{ incident_id: string; item_id: string; platform_key: string }>`
      SELECT DISTINCT ON (item_id, platform_key) incident_id, item_id, platform_key
        FROM mail_batch_cells WHERE batch_key = ${batchKey}::text
       ORDER BY item_id, platform_key`);
    return rows.map((r) => ({ incidentId: r.incident_id, itemId: r.item_id, platformKey: r.platform_key }));
  }

  async open(m: MailRecord): Promise<MailRecord> {
    await this.db.run(sql`
      INSERT INTO mails (id, batch_key, contact_id, incident_id, platform_key, purpose, tier, message_id, status)
      VALUES (${m.id}::uuid, ${m.batchKey}::text, ${m.contactId}::uuid, ${m.incidentId}::uuid, ${m.platformKey}::text,
              ${m.purpose}::text, ${m.tier}::smallint, ${m.messageId}::text, 'sending')
      ON CONFLICT (batch_key, contact_id) DO NOTHING`);
    const row = await this.db.one(sql<MailRow>`
      SELECT * FROM mails WHERE batch_key = ${m.batchKey}::text AND contact_id = ${m.contactId}::uuid`);
    return toMail(row!);
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.db.run(sql`
      UPDATE mails SET status = 'sent', sent_at = ${at}::timestamptz, attempts = attempts + 1 WHERE id = ${id}::uuid`);
  }

  async markAttempt(id: string, failed: boolean): Promise<void> {
    await this.db.run(sql`
      UPDATE mails SET attempts = attempts + 1, status = CASE WHEN ${failed}::boolean THEN 'failed' ELSE status END
       WHERE id = ${id}::uuid AND status = 'sending'`);
  }

  async threadRoot(incidentId: string, contactId: string, exceptId: string): Promise<string | null> {
    const row = await this.db.one(sql<{ message_id: string }>`
      SELECT message_id FROM mails
       WHERE incident_id = ${incidentId}::uuid AND contact_id = ${contactId}::uuid AND id <> ${exceptId}::uuid
         AND status = 'sent'
       ORDER BY sent_at, id LIMIT 1`);
    return row?.message_id ?? null;
  }

  linkKey(): Promise<Buffer> {
    if (this.configuredKey) return Promise.resolve(Buffer.from(this.configuredKey, 'utf8'));
    this.key ??= this.storedKey();
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }

  private async storedKey(): Promise<Buffer> {
    await this.db.run(sql`
      INSERT INTO hub_secrets (name, value) VALUES (${LINK_KEY}::text, ${randomBytes(32).toString('base64')}::text)
      ON CONFLICT (name) DO NOTHING`);
    const row = await this.db.one(
      sql<{ value: string }>`SELECT value FROM hub_secrets WHERE name = ${LINK_KEY}::text`,
    );
    return Buffer.from(row!.value, 'base64');
  }

  async counts(): Promise<{ sent: number; failed: number }> {
    const rows = await this.db.rows(sql<{ status: string; n: string }>`
      SELECT status, count(*) AS n FROM mails WHERE status IN ('sent', 'failed') GROUP BY status`);
    const of = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
    return { sent: of('sent'), failed: of('failed') };
  }
}
