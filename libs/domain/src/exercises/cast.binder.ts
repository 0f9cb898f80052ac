import { randomBytes } from 'node:crypto';
import { LIMITS } from '@hub/contracts';
import type { CreateMemberUseCase, CreateOrganisationUseCase } from '../identity/identity.use-cases';
import { ROLE_OF_KIND } from '../identity/membership.rules';
import type { Actor } from '../core/actor';
import type { OrganisationRecord } from '../identity/identity.model';
import type { IdentityRepository } from '../identity/identity.ports';
import type { CastBinding } from './exercise-run.model';
import type { CastMember, Scenario } from './scenario.model';

/**
 * Binds a scenario's cast to organisations for one run: a platform to the organisation with the same
 * platform key, an authority to one of the same country, a coordinator to the caller's own organisation,
 * an observer to any observer; whoever has no match is simulated by an organisation created for the run
 * (`simulated: true`). A simulated platform gets the key `<key>-sim-<6 hex>` and no domains: the engine
 * names the platform of each URL it shares, so the scenario's domains never compete with a real
 * platform's (people acting alongside must name a simulated platform's key when they share a URL).
 *
 * Each bound organisation gets one member for the engine to act as; only its id is kept, and the token
 * that creating a member yields is revoked at once.
 */
export class CastBinder {
  constructor(
    private readonly identities: IdentityRepository,
    private readonly createOrganisation: CreateOrganisationUseCase,
    private readonly createMember: CreateMemberUseCase,
  ) {}

  async bind(actor: Actor, scenario: Scenario): Promise<Record<string, CastBinding>> {
    // A deactivated organisation plays no part: its role is simulated.
    const existing = (await this.identities.listOrganisations({ limit: 10_000 })).filter(
      (o) => !o.simulated && o.active,
    );
    const own = await this.identities.findOrganisation(actor.organisationId);
    if (own && !existing.some((o) => o.id === own.id)) existing.push(own);
    const organisations = new Map<string, OrganisationRecord>();
    for (const [castKey, member] of Object.entries(scenario.organisations)) {
      const real = this.match(actor, member, existing);
      organisations.set(castKey, real ?? (await this.simulate(member, actor)));
    }
    const memberOf = new Map<string, string>();
    const out: Record<string, CastBinding> = {};
    for (const [castKey, org] of organisations) {
      let memberId = memberOf.get(org.id);
      if (!memberId) {
        const { member } = await this.createMember.execute(
          org.id,
          {
            displayName: `Exercise script: ${scenario.name}`.slice(0, LIMITS.name),
            role: ROLE_OF_KIND[org.kind],
          },
          actor,
        );
        await this.identities.revokeTokens(member.id);
        memberId = member.id;
        memberOf.set(org.id, memberId);
      }
      out[castKey] = {
        organisationId: org.id,
        memberId,
        ...(org.platformKey && { platformKey: org.platformKey }),
        simulated: org.simulated,
      };
    }
    return out;
  }

  private match(
    actor: Actor,
    member: CastMember,
    orgs: OrganisationRecord[],
  ): OrganisationRecord | undefined {
    switch (member.kind) {
      case 'coordinator':
        return orgs.find((o) => o.id === actor.organisationId && o.kind === 'coordinator');
      case 'platform':
        return orgs.find((o) => o.kind === 'platform' && o.platformKey === member.platformKey);
      case 'authority':
        return orgs.find((o) => o.kind === 'authority' && o.country === member.country);
      case 'observer':
        return orgs.find((o) => o.kind === 'observer');
      default:
        return undefined;
    }
  }

  private simulate(member: CastMember, actor: Actor): Promise<OrganisationRecord> {
    const kind = member.kind;
    return this.createOrganisation.execute(
      {
        name: `${member.name} (simulated)`.slice(0, LIMITS.name),
        kind,
        ...(member.country && { country: member.country }),
        ...(kind === 'platform' && {
          platformKey: `${(member.platformKey ?? member.key).slice(0, 53)}-sim-${randomBytes(3).toString('hex')}`,
        }),
        simulated: true,
      },
      actor,
    );
  }
}
