import type { EventType, IncidentLevel, IncidentStatus, Role } from '@hub/contracts';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';

/** What a coordinator may do to an existing incident; creation is `initialStatus`. */
export const INCIDENT_ACTIONS = [
  'activate',
  'reject',
  'level',
  'participants',
  'stand_down',
  'close',
  'review',
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** The fields of an action body that the machine cares about (the rest is the caller's). */
export interface IncidentActionInput {
  level?: IncidentLevel;
  organisationId?: string;
  platformKey?: string;
  summary?: string;
}

const WORKING: readonly IncidentStatus[] = ['assessing', 'active', 'standing_down'];
const FINISHED: readonly IncidentStatus[] = ['closed', 'reviewed', 'rejected'];

/** Status after each action, per status it is allowed in. Anything missing is refused. */
const TRANSITIONS: Record<IncidentAction, Partial<Record<IncidentStatus, IncidentStatus>>> = {
  activate: { assessing: 'active' },
  reject: { assessing: 'rejected' },
  // Level and participant changes keep the status: they are edits, not steps of the lifecycle.
  level: { assessing: 'assessing', active: 'active', standing_down: 'standing_down' },
  participants: { assessing: 'assessing', active: 'active', standing_down: 'standing_down' },
  stand_down: { active: 'standing_down' },
  close: { active: 'closed', standing_down: 'closed' },
  review: { closed: 'reviewed' },
};

const ACTION_EVENTS: Record<IncidentAction, EventType> = {
  activate: 'incident.activated',
  reject: 'incident.rejected',
  level: 'incident.level_changed',
  participants: 'incident.participant_added',
  stand_down: 'incident.standing_down',
  close: 'incident.closed',
  review: 'incident.reviewed',
};

/**
 * The status a new incident starts in: a coordinator declares it straight to `active`, an authority
 * notifies a possible crisis for the coordinator to assess.
 */
export function initialStatus(role: Role): IncidentStatus {
  if (!canDeclare(role)) {
    throw new DomainError(ERROR_CODES.FORBIDDEN, `a member with role ${role} cannot create an incident`);
  }
  return role === 'coordinator' ? 'active' : 'assessing';
}

/** Who may open an incident: a coordinator declares one, an authority or a flagger notifies one. */
export function canDeclare(role: Role): boolean {
  return role === 'coordinator' || role === 'authority' || role === 'flagger';
}

/** Every lifecycle action is the coordinator's alone. */
export function mayPerform(role: Role): boolean {
  return role === 'coordinator';
}

export function assertMayPerform(role: Role, action: IncidentAction): void {
  if (!mayPerform(role)) {
    throw new DomainError(ERROR_CODES.FORBIDDEN, `only a coordinator may ${action} an incident`);
  }
}

/** The next status, or a domain error: INCIDENT_CLOSED once the incident is over, else ILLEGAL_TRANSITION. */
export function transition(status: IncidentStatus, action: IncidentAction): IncidentStatus {
  const next = TRANSITIONS[action][status];
  if (next !== undefined) return next;
  const code = FINISHED.includes(status) ? ERROR_CODES.INCIDENT_CLOSED : ERROR_CODES.ILLEGAL_TRANSITION;
  throw new DomainError(code, `cannot ${action} an incident that is ${status}`);
}

export function canPerform(status: IncidentStatus, action: IncidentAction): boolean {
  return TRANSITIONS[action][status] !== undefined;
}

/** Checks the body fields each action needs, so a use case can refuse before touching state. */
export function assertActionInput(action: IncidentAction, input: IncidentActionInput): void {
  switch (action) {
    case 'level':
      // `== null`: an optional field sent as null is as absent as one left out.
      if (input.level == null) throw invalid('level', 'is required to change the level');
      return;
    case 'participants':
      if (!input.organisationId && !input.platformKey) {
        throw invalid(
          'organisationId',
          'an organisationId or a platformKey is required to add a participant',
        );
      }
      return;
    case 'close':
    case 'review':
      if (!input.summary?.trim()) throw invalid('summary', `is required to ${action} an incident`);
      return;
    default:
      return;
  }
}

export function eventTypeFor(action: IncidentAction): EventType {
  return ACTION_EVENTS[action];
}

/** Sharing items, containment updates, messages and feedback are only accepted while this holds. */
export function isOpenForWork(status: IncidentStatus): boolean {
  return WORKING.includes(status);
}

export function assertOpenForWork(status: IncidentStatus): void {
  if (!isOpenForWork(status)) {
    throw new DomainError(ERROR_CODES.INCIDENT_CLOSED, `the incident is ${status}`);
  }
}
