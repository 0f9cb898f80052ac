import type { ContactTier, ContactView } from '@hub/contracts';

/** A person a platform can be reached at by e-mail when it has no integration (or its webhook fails). */
export interface ContactRecord {
  id: string;
  organisationId: string;
  name: string;
  email: string;
  tier: ContactTier;
  languages: string[];
  /** Exercise contacts get only exercise mail; live ones only live mail. */
  exercise: boolean;
  createdAt: Date;
}

export interface ContactRepository {
  insert(contact: ContactRecord): Promise<void>;
  find(id: string): Promise<ContactRecord | null>;
  listByOrganisation(organisationId: string): Promise<ContactRecord[]>;
  /** The contacts of a platform at these tiers, live or exercise ones. */
  forPlatform(platformKey: string, tiers: readonly number[], exercise: boolean): Promise<ContactRecord[]>;
  /** The contacts of these organisations at these tiers, live or exercise ones. */
  forOrganisations(
    organisationIds: readonly string[],
    tiers: readonly number[],
    exercise: boolean,
  ): Promise<ContactRecord[]>;
  delete(id: string): Promise<boolean>;
}

export function contactView(c: ContactRecord): ContactView {
  return {
    id: c.id,
    organisationId: c.organisationId,
    name: c.name,
    email: c.email,
    tier: c.tier,
    languages: c.languages,
    exercise: c.exercise,
    createdAt: c.createdAt.toISOString(),
  };
}
