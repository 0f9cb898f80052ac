import type { HubClient } from '@hub/client';
import type { OrganisationView } from '@hub/contracts';

/** An organisation named as people name it: its id, its name or its platform key. */
export async function findOrganisation(api: HubClient, name: string): Promise<OrganisationView> {
  const { items } = await api.organisations();
  const found = items.find((o) => o.id === name || o.name === name || o.platformKey === name);
  if (!found) throw new Error(`organisation: no organisation ${name}`);
  return found;
}
