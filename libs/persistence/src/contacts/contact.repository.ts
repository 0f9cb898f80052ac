import type { ContactTier } from '@hub/contracts';
import type { ContactRecord, ContactRepository } from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';

export interface ContactRow {
  id: string;
  organisation_id: string;
  name: string;
  email: string;
  tier: number;
  languages: string[];
  exercise: boolean;
  created_at: Date;
}

const toContact = (r: ContactRow): ContactRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  name: r.name,
  email: r.email,
  tier: r.tier as ContactTier,
  languages: r.languages,
  exercise: r.exercise,
  createdAt: r.created_at,
});

export class PgContactRepository implements ContactRepository {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async insert(c: ContactRecord): Promise<void> {
    await this.db.run(sql`
      INSERT INTO contacts (id, organisation_id, name, email, tier, languages, exercise, created_at)
      VALUES (${c.id}, ${c.organisationId}, ${c.name}, ${c.email}, ${c.tier}, ${c.languages}::text[],
              ${c.exercise}, ${c.createdAt})`);
  }

  async find(id: string): Promise<ContactRecord | null> {
    const row = await this.db.one(sql<ContactRow>`SELECT * FROM contacts WHERE id = ${id}::uuid`);
    return row ? toContact(row) : null;
  }

  async listByOrganisation(organisationId: string): Promise<ContactRecord[]> {
    const rows = await this.db.rows(
      sql<ContactRow>`SELECT * FROM contacts WHERE organisation_id = ${organisationId}::uuid
                      ORDER BY tier, created_at, id`,
    );
    return rows.map(toContact);
  }

  async forPlatform(
    platformKey: string,
    tiers: readonly number[],
    exercise: boolean,
  ): Promise<ContactRecord[]> {
    if (tiers.length === 0) return [];
    const rows = await this.db.rows(sql<ContactRow>`
      SELECT c.* FROM contacts c JOIN organisations o ON o.id = c.organisation_id
       WHERE o.platform_key = ${platformKey}::text AND c.tier = ANY(${[...tiers]}::smallint[])
         AND c.exercise = ${exercise}::boolean
       ORDER BY c.tier, c.created_at, c.id`);
    return rows.map(toContact);
  }

  async forOrganisations(
    organisationIds: readonly string[],
    tiers: readonly number[],
    exercise: boolean,
  ): Promise<ContactRecord[]> {
    if (organisationIds.length === 0 || tiers.length === 0) return [];
    const rows = await this.db.rows(sql<ContactRow>`
      SELECT c.* FROM contacts c
       WHERE c.organisation_id = ANY(${[...organisationIds]}::uuid[])
         AND c.tier = ANY(${[...tiers]}::smallint[]) AND c.exercise = ${exercise}::boolean
       ORDER BY c.tier, c.created_at, c.id`);
    return rows.map(toContact);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run(sql`DELETE FROM contacts WHERE id = ${id}::uuid`)) === 1;
  }
}
