import { randomUUID } from 'node:crypto';
import type { CreateIncidentDto } from '@hub/contracts';
import { assertRole } from '../access/access.policy';
import { invalid } from '../core/errors';
import { initialStatus } from './incident.machine';
import type { Actor } from '../core/actor';
import type { EventRecord } from '../events/event.model';
import type { IncidentRecord } from './incident.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentStore } from './incident.ports';
import type { ProtocolSet } from '../protocols';
import { resolveCast } from './incident-cast';
import { electionForIncident } from '../elections/elections.use-cases';
import type { ElectionRecord } from '../elections/election.model';
import type { ElectionStore } from '../elections/election.ports';
import type { FederationStore } from '../federation/federation.ports';
import { assertDistribution } from '../federation/peers.use-cases';

export class CreateIncidentUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly identities: IdentityRepository,
    private readonly protocols: () => ProtocolSet,
    private readonly clock: Clock,
    /** Absent where no incident is declared under an election (an exercise's injects). */
    private readonly elections?: ElectionStore,
    /** Absent where no incident leaves the hub (an exercise's injects): only `hub` is accepted. */
    private readonly federation?: FederationStore,
  ) {}

  /**
   * A coordinator declares an incident straight to `active`; an authority or a flagger notifies one for
   * assessment. Under an election (open now), the election's participants and platforms take part too.
   */
  async execute(
    actor: Actor,
    command: CreateIncidentDto,
  ): Promise<{ incident: IncidentRecord; events: EventRecord[] }> {
    assertRole(actor, ['coordinator', 'authority', 'flagger'], 'creating an incident');
    const status = initialStatus(actor.role);
    const election = command.electionId ? await this.election(actor, command.electionId) : null;
    await assertDistribution(this.federation, command.distribution);
    const protocols = this.protocols();
    const protocol = command.protocol
      ? protocols.get(command.protocol)
      : protocols.forCategory(command.category);
    if (!protocol.categories.includes(command.category)) {
      throw invalid('protocol', `${protocol.key} does not cover ${command.category}`);
    }
    const cast = await resolveCast(this.identities, {
      organisationIds: [...command.participants, ...(election?.participants ?? []), actor.organisationId],
      platformKeys: [...command.platforms, ...(election?.platforms ?? [])],
    });
    const now = this.clock.now();
    const incident: IncidentRecord = {
      id: randomUUID(),
      ref: await this.incidents.nextRef(command.mode, now.getUTCFullYear()),
      title: command.title,
      summary: command.summary,
      category: command.category,
      protocol: protocol.key,
      level: command.level,
      mode: command.mode,
      status,
      participants: cast.participants,
      platforms: cast.platforms,
      criteria: [...new Set(command.criteria ?? [])],
      rationale: command.rationale ?? null,
      closingSummary: null,
      reviewSummary: null,
      createdBy: actor.memberId,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      electionId: election?.id ?? null,
      lastSeq: 0,
      configVersion: 0,
      distribution: command.distribution ?? 'hub',
    };
    return this.incidents.create(incident, [
      {
        type: status === 'active' ? 'incident.activated' : 'incident.notified',
        actor: { memberId: actor.memberId, organisationId: actor.organisationId },
        data: {
          ref: incident.ref,
          title: incident.title,
          category: incident.category,
          protocol: incident.protocol,
          level: incident.level,
          mode: incident.mode,
          status,
          participants: incident.participants,
          platforms: incident.platforms,
          criteria: incident.criteria,
          rationale: incident.rationale,
          ...(election && { electionId: election.id }),
          ...(command.distribution && command.distribution !== 'hub'
            ? { distribution: command.distribution }
            : {}),
        },
      },
    ]);
  }

  private async election(actor: Actor, electionId: string): Promise<ElectionRecord> {
    if (!this.elections) throw invalid('electionId', 'elections are not available here');
    return electionForIncident(this.elections, actor, electionId, this.clock.now());
  }
}
