import type { IncidentActionDto } from '@hub/contracts';
import { assertRole, assertVisible } from '../access/access.policy';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import { assertActionInput, eventTypeFor, transition, type IncidentAction } from './incident.machine';
import type { Actor } from '../core/actor';
import { newCell, type CellRecord, type IncidentRecord } from './incident.model';
import type { EventRecord, NewEvent } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentStore, IncidentTx } from './incident.ports';
import { computeDeadlines, type Protocol, type ProtocolSet } from '../protocols';
import { resolveCast } from './incident-cast';
import { concernedPlatforms } from './share-items.use-case';

export interface IncidentActionResult {
  incident: IncidentRecord;
  events: EventRecord[];
}

/** activate, reject, level, participants, stand_down, close, review: the coordinator's lifecycle actions. */
export class IncidentActionUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly identities: IdentityRepository,
    private readonly protocols: () => ProtocolSet,
    private readonly clock: Clock,
  ) {}

  async execute(
    actor: Actor,
    incidentId: string,
    action: IncidentAction,
    command: IncidentActionDto,
  ): Promise<IncidentActionResult> {
    return this.incidents.withIncident(incidentId, async (tx) => {
      // Checked on the row the work locks: the incident is read once.
      assertVisible(actor, tx.incident);
      assertRole(actor, ['coordinator'], `${action.replace('_', ' ')}`);
      assertActionInput(action, command);
      const before = tx.incident;
      // A mirror's life is its origin's to decide; who takes part here is this hub's.
      if (before.origin && action !== 'participants') {
        throw new DomainError(
          ERROR_CODES.CONFLICT,
          `this incident is ${before.origin.hub}'s (${before.origin.ref}): ${action.replace('_', ' ')} is decided there`,
        );
      }
      const status = transition(before.status, action);
      const who = { memberId: actor.memberId, organisationId: actor.organisationId };
      const events: NewEvent[] = [];
      const now = this.clock.now();
      switch (action) {
        case 'activate': {
          const level = command.level ?? before.level;
          const criteria = command.criteria ?? before.criteria;
          await tx.updateIncident({
            status,
            level,
            criteria,
            rationale: command.rationale ?? before.rationale,
          });
          events.push({
            type: eventTypeFor(action),
            actor: who,
            data: { from: before.status, status, level, criteria, rationale: command.rationale ?? null },
          });
          break;
        }
        case 'reject':
        case 'stand_down':
          await tx.updateIncident({ status });
          events.push({
            type: eventTypeFor(action),
            actor: who,
            data: { from: before.status, status, rationale: command.rationale ?? null },
          });
          break;
        case 'close':
          await tx.updateIncident({ status, closingSummary: command.summary!, closedAt: now });
          events.push({
            type: eventTypeFor(action),
            actor: who,
            data: { from: before.status, status, summary: command.summary },
          });
          break;
        case 'review':
          await tx.updateIncident({ status, reviewSummary: command.summary! });
          events.push({
            type: eventTypeFor(action),
            actor: who,
            data: { from: before.status, status, summary: command.summary },
          });
          break;
        case 'level': {
          if (command.level === before.level)
            throw new DomainError(ERROR_CODES.CONFLICT, `the level is already ${before.level}`);
          await tx.updateIncident({ level: command.level! });
          const protocol = this.protocols().get(tx.incident.protocol);
          const moved = await retimeAcknowledgements(tx, protocol, command.level!, this.clock.now());
          events.push({
            type: eventTypeFor(action),
            actor: who,
            data: {
              from: before.level,
              to: command.level,
              rationale: command.rationale ?? null,
              deadlinesMoved: moved,
            },
          });
          break;
        }
        case 'participants':
          events.push(...(await this.addParticipant(tx, actor, command)));
          break;
      }
      const appended = await tx.append(events);
      return { incident: tx.incident, events: appended };
    });
  }

  private async addParticipant(
    tx: IncidentTx,
    actor: Actor,
    command: IncidentActionDto,
  ): Promise<NewEvent[]> {
    const incident = tx.incident;
    const cast = await resolveCast(this.identities, {
      organisationIds: command.organisationId ? [command.organisationId] : [],
      platformKeys: command.platformKey ? [command.platformKey] : [],
    });
    const newOrgs = cast.participants.filter((id) => !incident.participants.includes(id));
    const newPlatforms = cast.platforms.filter((key) => !incident.platforms.includes(key));
    if (newOrgs.length === 0 && newPlatforms.length === 0) {
      throw new DomainError(ERROR_CODES.CONFLICT, 'already takes part in the incident');
    }
    if (command.organisationId && command.platformKey) {
      const org = cast.organisations.find((o) => o.id === command.organisationId);
      if (org?.platformKey && org.platformKey !== command.platformKey) {
        throw invalid('platformKey', 'does not belong to the organisation named');
      }
    }
    await tx.updateIncident({
      participants: [...incident.participants, ...newOrgs],
      platforms: [...incident.platforms, ...newPlatforms],
    });
    const protocol = this.protocols().get(incident.protocol);
    const now = this.clock.now();
    const cells: CellRecord[] = [];
    for (const platformKey of newPlatforms) {
      for (const item of await tx.itemsConcerningNewPlatform(platformKey)) {
        if (!concernedPlatforms(item, [...incident.platforms, ...newPlatforms]).includes(platformKey))
          continue;
        const due = computeDeadlines(protocol, incident.level, item.channel, now, incident.clockSpeed);
        cells.push(newCell(item, platformKey, due, now));
      }
    }
    await tx.insertCells(cells);
    const who = { memberId: actor.memberId, organisationId: actor.organisationId };
    return [
      {
        type: 'incident.participant_added',
        actor: who,
        data: {
          organisationIds: newOrgs,
          platformKeys: newPlatforms,
          cells: cells.map((c) => ({
            itemId: c.itemId,
            platformKey: c.platformKey,
            ackDueAt: c.ackDueAt?.toISOString() ?? null,
            actionDueAt: c.actionDueAt?.toISOString() ?? null,
          })),
        },
      },
    ];
  }
}

/**
 * A new level brings the protocol's acknowledgement deadline for cells not yet acknowledged (a level set
 * here, or on the origin of a mirrored incident); answers how many cells moved.
 */
export async function retimeAcknowledgements(
  tx: IncidentTx,
  protocol: Protocol,
  level: IncidentRecord['level'],
  now: Date,
): Promise<number> {
  let moved = 0;
  for (const cell of await tx.openCells()) {
    if (cell.acknowledgedAt || cell.pausedAt) continue;
    const { ackDueAt } = computeDeadlines(protocol, level, 'alert', cell.createdAt, tx.incident.clockSpeed);
    const next = ackDueAt ?? null;
    if ((next?.getTime() ?? null) === (cell.ackDueAt?.getTime() ?? null)) continue;
    await tx.saveCell({ ...cell, ackDueAt: next, updatedAt: now });
    moved += 1;
  }
  return moved;
}
