import type { Channel, Role } from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../errors';
import type { Actor, IncidentRecord } from '../model';

/**
 * Who sees and does what. An incident is visible to its participants, to every coordinator and to
 * every observer; to anyone else it does not exist.
 */
export function canSee(actor: Actor, incident: IncidentRecord): boolean {
  if (actor.role === 'coordinator' || actor.role === 'observer') return true;
  if (actor.role === 'admin') return false;
  return incident.participants.includes(actor.organisationId);
}

export function assertVisible(
  actor: Actor,
  incident: IncidentRecord | null,
): asserts incident is IncidentRecord {
  if (!incident || !canSee(actor, incident)) {
    throw new DomainError(ERROR_CODES.NOT_FOUND, 'incident not found');
  }
}

export function assertRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) {
    throw new DomainError(
      ERROR_CODES.FORBIDDEN,
      `${what} is for ${roles.join(' or ')}; you are ${actor.role}`,
    );
  }
}

/** Sharing, messages and feedback: participants who are not observers. */
export function assertCanWork(actor: Actor, incident: IncidentRecord, what: string): void {
  assertRole(actor, ['coordinator', 'authority', 'liaison'], what);
  if (actor.role !== 'coordinator' && !incident.participants.includes(actor.organisationId)) {
    throw new DomainError(
      ERROR_CODES.NOT_A_PARTICIPANT,
      `${what}: your organisation does not take part in this incident`,
    );
  }
}

export function assertCanUseChannel(actor: Actor, channel: Channel): void {
  if (channel === 'removal_order' && actor.role !== 'authority') {
    throw new DomainError(ERROR_CODES.FORBIDDEN, 'channel: only an authority can issue a removal order');
  }
}

/** A cell is changed by its platform's liaison, or by a coordinator on the platform's behalf. */
export function assertCanUpdateCell(actor: Actor, platformKey: string): { onBehalf: boolean } {
  if (actor.role === 'coordinator') return { onBehalf: true };
  if (actor.role === 'liaison' && actor.platformKey === platformKey) return { onBehalf: false };
  if (actor.role === 'liaison') {
    throw new DomainError(
      ERROR_CODES.WRONG_PLATFORM,
      `this cell belongs to ${platformKey}; you are the liaison of ${actor.platformKey}`,
    );
  }
  throw new DomainError(
    ERROR_CODES.FORBIDDEN,
    'containment is recorded by the platform liaison or a coordinator',
  );
}
