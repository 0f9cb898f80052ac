import { invalid } from '../core/errors';
import type { OrganisationRecord } from '../identity/identity.model';
import type { IdentityRepository } from '../identity/identity.ports';

/**
 * Participants and platforms stay consistent: a platform organisation taking part brings its key,
 * and a platform key brings its organisation, so its liaisons can see what concerns them.
 */
export async function resolveCast(
  identities: IdentityRepository,
  input: { organisationIds: string[]; platformKeys: string[] },
): Promise<{ participants: string[]; platforms: string[]; organisations: OrganisationRecord[] }> {
  const ids = [...new Set(input.organisationIds)];
  const keys = [...new Set(input.platformKeys)];
  const [orgs, platforms] = await Promise.all([
    identities.findOrganisations(ids),
    identities.findPlatforms(keys),
  ]);
  const missingOrg = ids.find((id) => !orgs.some((o) => o.id === id));
  if (missingOrg) throw invalid('participants', `no organisation ${missingOrg}`);
  const missingKey = keys.find((key) => !platforms.some((p) => p.platformKey === key));
  if (missingKey) throw invalid('platforms', `no platform ${missingKey}`);
  const hubOrg = orgs.find((o) => o.kind === 'hub');
  if (hubOrg) throw invalid('participants', 'the hub itself does not take part in incidents');
  const all = new Map<string, OrganisationRecord>();
  for (const org of [...orgs, ...platforms]) all.set(org.id, org);
  const participants = [...all.keys()];
  const platformKeys = [...new Set([...all.values()].flatMap((o) => (o.platformKey ? [o.platformKey] : [])))];
  return { participants, platforms: platformKeys, organisations: [...all.values()] };
}
