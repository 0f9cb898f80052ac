import type { OrganisationKind, OrganisationView, Role } from '@hub/contracts';
import { HubError, type HubClient } from './rest';

export interface DemoOrganisation {
  key: string;
  name: string;
  kind: Exclude<OrganisationKind, 'hub'>;
  country?: string;
  platformKey?: string;
  domains?: string[];
  member: string;
  role: Role;
}

/** A coordinator, three authorities, three platforms and an observer, one member each. */
export const DEMO_CAST: DemoOrganisation[] = [
  {
    key: 'coordinator',
    name: 'EU crisis coordination',
    kind: 'coordinator',
    member: 'Duty coordinator',
    role: 'coordinator',
  },
  {
    key: 'be',
    name: 'Belgian federal police',
    kind: 'authority',
    country: 'BE',
    member: 'BE referral officer',
    role: 'authority',
  },
  {
    key: 'fr',
    name: 'French internet referral unit',
    kind: 'authority',
    country: 'FR',
    member: 'FR referral officer',
    role: 'authority',
  },
  {
    key: 'de',
    name: 'German federal criminal police',
    kind: 'authority',
    country: 'DE',
    member: 'DE referral officer',
    role: 'authority',
  },
  {
    key: 'videoshare',
    name: 'VideoShare',
    kind: 'platform',
    platformKey: 'videoshare',
    domains: ['videoshare.example', 'vs.example'],
    member: 'VideoShare liaison',
    role: 'liaison',
  },
  {
    key: 'clipcast',
    name: 'ClipCast',
    kind: 'platform',
    platformKey: 'clipcast',
    domains: ['clipcast.example'],
    member: 'ClipCast liaison',
    role: 'liaison',
  },
  {
    key: 'socialnet',
    name: 'SocialNet',
    kind: 'platform',
    platformKey: 'socialnet',
    domains: ['socialnet.example'],
    member: 'SocialNet liaison',
    role: 'liaison',
  },
  {
    key: 'observer',
    name: 'Fundamental rights observer',
    kind: 'observer',
    member: 'Rights officer',
    role: 'observer',
  },
];

export interface SeededMember {
  key: string;
  organisation: OrganisationView;
  memberId: string;
  role: Role;
  token: string;
}

const failed =
  (what: string) =>
  (error: unknown): never => {
    const status = error instanceof HubError && error.status ? `${error.status} ` : '';
    throw new Error(`${what}: ${status}${error instanceof Error ? error.message : String(error)}`);
  };

/** Creates the demo cast through the API (an admin token is needed) and returns each member's token. */
export async function seedDemo(
  admin: HubClient,
  cast: DemoOrganisation[] = DEMO_CAST,
): Promise<Record<string, SeededMember>> {
  const out: Record<string, SeededMember> = {};
  for (const entry of cast) {
    const organisation = await admin
      .createOrganisation({
        name: entry.name,
        kind: entry.kind,
        ...(entry.country ? { country: entry.country } : {}),
        ...(entry.platformKey ? { platformKey: entry.platformKey, domains: entry.domains ?? [] } : {}),
      })
      .catch(failed(`create organisation ${entry.name}`));
    const created = await admin
      .addMember(organisation.id, { displayName: entry.member, role: entry.role })
      .catch(failed(`create member ${entry.member}`));
    out[entry.key] = {
      key: entry.key,
      organisation,
      memberId: created.member.id,
      role: entry.role,
      token: created.token,
    };
  }
  return out;
}
