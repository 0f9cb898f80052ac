import type { CreatedMemberView, OrganisationKind, OrganisationView, Role } from '@hub/contracts';
import type { ApiClient } from './rest-client';

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

async function expectOk<T>(promise: Promise<{ status: number; body: any }>, what: string): Promise<T> {
  const res = await promise;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** Creates the demo cast through the API (an admin token is needed) and returns each member's token. */
export async function seedDemo(
  admin: ApiClient,
  cast: DemoOrganisation[] = DEMO_CAST,
): Promise<Record<string, SeededMember>> {
  const out: Record<string, SeededMember> = {};
  for (const entry of cast) {
    const organisation = await expectOk<OrganisationView>(
      admin.post('/organisations', {
        name: entry.name,
        kind: entry.kind,
        ...(entry.country ? { country: entry.country } : {}),
        ...(entry.platformKey ? { platformKey: entry.platformKey, domains: entry.domains ?? [] } : {}),
      }),
      `create organisation ${entry.name}`,
    );
    const created = await expectOk<CreatedMemberView>(
      admin.post(`/organisations/${organisation.id}/members`, {
        displayName: entry.member,
        role: entry.role,
      }),
      `create member ${entry.member}`,
    );
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
