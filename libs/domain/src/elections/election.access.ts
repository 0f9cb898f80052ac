import type { Actor } from '../core/actor';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { ElectionRecord } from './election.model';

/** Coordinators, observers and admins see every election; other members those their organisation is in. */
export function seesAllElections(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'coordinator' || actor.role === 'observer' || actor.role === 'admin';
}

export function canSeeElection(
  actor: Pick<Actor, 'role' | 'organisationId'>,
  election: Pick<ElectionRecord, 'participants'>,
): boolean {
  return seesAllElections(actor) || election.participants.includes(actor.organisationId);
}

/** Absent and invisible answer alike: a non-participant learns nothing of an election. */
export function assertElectionVisible(
  actor: Actor,
  election: ElectionRecord | null,
  field?: string,
): asserts election is ElectionRecord {
  if (!election || !canSeeElection(actor, election)) {
    throw new DomainError(
      ERROR_CODES.NOT_FOUND,
      field ? `${field}: election not found` : 'election not found',
      field ? [{ field, message: 'election not found' }] : [],
    );
  }
}

/** Warnings travel between the organisations taking part; observers and admins only watch or manage. */
export function canIssueWarning(
  actor: Pick<Actor, 'role' | 'organisationId'>,
  election: Pick<ElectionRecord, 'participants'>,
): boolean {
  return (
    actor.role !== 'observer' &&
    actor.role !== 'admin' &&
    election.participants.includes(actor.organisationId)
  );
}

/** An election's warnings are read by its participants and by coordinators. */
export function canReadWarnings(
  actor: Pick<Actor, 'role' | 'organisationId'>,
  election: Pick<ElectionRecord, 'participants'>,
): boolean {
  return actor.role === 'coordinator' || election.participants.includes(actor.organisationId);
}
