import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Federation: the peer hubs this hub exchanges incidents with, sharing groups of them, how far each side
 * has the other's feed, what came from where (an incident's and an item's origin, a cell answered on a
 * peer) and the events applied from peers, once each by (origin hub, origin event).
 */
export class Federation1763800000500 implements MigrationInterface {
  name = 'Federation1763800000500';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['members', 'sso_mappings']) {
      await q.query(`
        ALTER TABLE ${table} DROP CONSTRAINT ${table}_role_check,
          ADD CONSTRAINT ${table}_role_check CHECK (role IN ('coordinator','authority','liaison','observer',
            'admin','flagger','peer'))`);
    }
    // `token` is the credential the peer issued to this hub: presented, so kept as given (never shown).
    // Cursors are positions in a hub's log, "<transaction id>:<event id>", compared as numbers.
    await q.query(`
      CREATE TABLE peers (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        url text NOT NULL,
        token text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        exercise boolean NOT NULL DEFAULT false,
        pushed_tx xid8 NOT NULL DEFAULT '0',
        pushed_id bigint NOT NULL DEFAULT 0,
        received_tx xid8 NOT NULL DEFAULT '0',
        received_id bigint NOT NULL DEFAULT 0,
        last_contact_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        failures integer NOT NULL DEFAULT 0,
        refusals integer NOT NULL DEFAULT 0,
        created_by uuid REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX peers_name_idx ON peers (name) WHERE deleted_at IS NULL`);
    await q.query(
      `CREATE UNIQUE INDEX peers_organisation_idx ON peers (organisation_id) WHERE deleted_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE sharing_groups (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        peers uuid[] NOT NULL,
        created_by uuid REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      ALTER TABLE incidents
        ADD COLUMN distribution text NOT NULL DEFAULT 'hub' CHECK (distribution IN ('hub','connected','all','group')),
        ADD COLUMN sharing_group_id uuid REFERENCES sharing_groups(id),
        ADD COLUMN origin_hub text,
        ADD COLUMN origin_id uuid,
        ADD COLUMN origin_ref text,
        ADD COLUMN origin_peer_id uuid REFERENCES peers(id),
        ADD CONSTRAINT incidents_group_check CHECK ((distribution = 'group') = (sharing_group_id IS NOT NULL)),
        ADD CONSTRAINT incidents_origin_check CHECK ((origin_hub IS NULL) = (origin_id IS NULL))`);
    await q.query(
      `CREATE UNIQUE INDEX incidents_origin_idx ON incidents (origin_hub, origin_id) WHERE origin_hub IS NOT NULL`,
    );
    // An item's own distribution narrows its incident's (null: the incident's); a mirrored item keeps
    // the id it has on its origin hub.
    await q.query(`
      ALTER TABLE items
        ADD COLUMN distribution text CHECK (distribution IN ('hub','connected','all','group')),
        ADD COLUMN sharing_group_id uuid REFERENCES sharing_groups(id),
        ADD COLUMN origin_hub text,
        ADD COLUMN origin_item_id uuid`);
    await q.query(
      `CREATE UNIQUE INDEX items_origin_idx ON items (incident_id, origin_item_id) WHERE origin_item_id IS NOT NULL`,
    );
    // A cell answered on a peer hub (its platform's liaison works there): shown "via <hub>".
    await q.query(`ALTER TABLE containment_cells ADD COLUMN via_hub text`);
    await q.query(`
      CREATE TABLE federation_received (
        origin_hub text NOT NULL,
        origin_event_id bigint NOT NULL,
        peer_id uuid NOT NULL REFERENCES peers(id),
        incident_id uuid REFERENCES incidents(id),
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (origin_hub, origin_event_id)
      )`);
    await q.query(`
      CREATE TABLE federation_refusals (
        id bigserial PRIMARY KEY,
        peer_id uuid NOT NULL REFERENCES peers(id),
        event_key text NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX federation_refusals_peer_idx ON federation_refusals (peer_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS federation_refusals, federation_received`);
    await q.query(`ALTER TABLE containment_cells DROP COLUMN IF EXISTS via_hub`);
    await q.query(`DROP INDEX IF EXISTS items_origin_idx`);
    await q.query(`ALTER TABLE items DROP COLUMN distribution, DROP COLUMN sharing_group_id, DROP COLUMN origin_hub,
      DROP COLUMN origin_item_id`);
    await q.query(`DROP INDEX IF EXISTS incidents_origin_idx`);
    await q.query(`
      ALTER TABLE incidents DROP COLUMN distribution, DROP COLUMN sharing_group_id, DROP COLUMN origin_hub,
        DROP COLUMN origin_id, DROP COLUMN origin_ref, DROP COLUMN origin_peer_id`);
    await q.query(`DROP TABLE IF EXISTS sharing_groups, peers`);
    for (const table of ['members', 'sso_mappings']) {
      await q.query(`
        ALTER TABLE ${table} DROP CONSTRAINT ${table}_role_check,
          ADD CONSTRAINT ${table}_role_check CHECK (role IN ('coordinator','authority','liaison','observer',
            'admin','flagger'))`);
    }
  }
}
