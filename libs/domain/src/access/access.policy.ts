import type { Channel, ItemVisibility, Role } from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { Actor } from '../core/actor';
import type { IncidentRecord } from '../incidents/incident.model';

/**
 * Who sees and does what, said once: the use cases assert these rules, and the console (through
 * `browser.ts`) asks the same predicates to decide which forms and buttons to show.
 */

/** The member as these rules see it: the hub's `Actor`, or the console's signed-in member. */
export interface Subject {
  role: Role;
  organisationId: string;
  /** The liaison's platform. */
  platformKey?: string | null;
}

/** The part of an incident these rules read. */
export interface Participation {
  participants: readonly string[];
}

/** The roles that share items, post messages and give feedback (observers and admins watch or manage). */
export const WORKING_ROLES: readonly Role[] = ['coordinator', 'authority', 'liaison', 'flagger'];

/**
 * Which incidents a role sees: every one (coordinators and observers), those its organisation takes part
 * in, or none (an admin manages members, not incidents). Queries that list incidents filter by this
 * (`IncidentStore.list` turns `participating` into `participants @> ARRAY[organisationId]`).
 */
export type Visibility = 'all' | 'participating' | 'none';
const VISIBILITY: Record<Role, Visibility> = {
  coordinator: 'all',
  observer: 'all',
  authority: 'participating',
  liaison: 'participating',
  admin: 'none',
  flagger: 'participating',
  // A peer hub reads its feed (/federation/events), never an incident by the routes people use.
  peer: 'none',
};
export function visibilityOf(role: Role): Visibility {
  return VISIBILITY[role];
}

/** An incident is visible to its participants, to every coordinator and to every observer. */
export function canSee(actor: Subject, incident: Participation): boolean {
  const visibility = visibilityOf(actor.role);
  if (visibility === 'participating') return incident.participants.includes(actor.organisationId);
  return visibility === 'all';
}

/**
 * What a flag's visibility is read from: its `visibility`, the organisations that reported it and the
 * platforms concerned (those with a containment cell on it).
 */
export interface ItemAudience {
  visibility: ItemVisibility;
  reporters: readonly string[];
  platforms: readonly string[];
}

/** The coordination circle sees every item of the incidents it sees, whatever its visibility. */
export const SEES_EVERY_ITEM: readonly Role[] = ['coordinator', 'authority', 'observer'];

/**
 * Who sees an item, in an incident the subject sees: a `participants` item, everyone; a `coordination`
 * item (a flagger's default), coordinators, authorities, observers, liaisons of the platforms concerned
 * and members of the reporting organisations, never other flaggers (a party does not see a rival's flags).
 * Every read of items and their traces (lists, events, the room, reports, exports, TAXII, matches) asks this.
 */
export function canSeeItem(subject: Subject, item: ItemAudience): boolean {
  if (item.visibility === 'participants') return true;
  if (SEES_EVERY_ITEM.includes(subject.role)) return true;
  if (subject.role === 'liaison' && !!subject.platformKey && item.platforms.includes(subject.platformKey)) {
    return true;
  }
  return item.reporters.includes(subject.organisationId);
}

/** Whether `canSeeItem` can answer no to this subject at all: only then are items and events filtered. */
export function mayMissItems(subject: Pick<Subject, 'role'>): boolean {
  return !SEES_EVERY_ITEM.includes(subject.role);
}

/**
 * Which reporters a flagger is shown: its own organisation, and the first reporter of a `participants`
 * item (who chose to share openly). Flaggers never learn who else flagged the same content, so a party
 * re-reporting a rival's flag does not learn the rival; everyone else sees every reporter.
 */
export function visibleReporters(
  subject: Subject,
  item: { visibility: ItemVisibility; reporters: readonly string[] },
): string[] {
  if (subject.role !== 'flagger') return [...item.reporters];
  return item.reporters.filter(
    (org, i) => org === subject.organisationId || (i === 0 && item.visibility === 'participants'),
  );
}

/**
 * Whether the subject sees what the first reporter said about a `coordination` item (its metadata, the
 * URL as submitted): not a flagger that reported it later.
 */
export function seesFirstReport(
  subject: Subject,
  item: { visibility: ItemVisibility; reporters: readonly string[] },
): boolean {
  return (
    subject.role !== 'flagger' ||
    item.visibility === 'participants' ||
    item.reporters[0] === subject.organisationId
  );
}

/** Sharing, messages and feedback: participants who are not observers (a coordinator always). */
export function canWork(actor: Subject, incident: Participation): boolean {
  if (!WORKING_ROLES.includes(actor.role)) return false;
  return actor.role === 'coordinator' || incident.participants.includes(actor.organisationId);
}

/** Only an authority issues removal orders. */
export function canUseChannel(actor: Pick<Subject, 'role'>, channel: Channel): boolean {
  return channel !== 'removal_order' || actor.role === 'authority';
}

/** A cell is changed by its platform's liaison, or by a coordinator on the platform's behalf. */
export function canUpdateCell(actor: Subject, platformKey: string): boolean {
  return actor.role === 'coordinator' || (actor.role === 'liaison' && actor.platformKey === platformKey);
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

/** `canWork`, with the error that says which half failed. */
export function assertCanWork(actor: Actor, incident: IncidentRecord, what: string): void {
  assertRole(actor, WORKING_ROLES, what);
  if (!canWork(actor, incident)) {
    throw new DomainError(
      ERROR_CODES.NOT_A_PARTICIPANT,
      `${what}: your organisation does not take part in this incident`,
    );
  }
}

export function assertCanUseChannel(actor: Actor, channel: Channel): void {
  if (!canUseChannel(actor, channel)) {
    throw new DomainError(ERROR_CODES.FORBIDDEN, 'channel: only an authority can issue a removal order');
  }
}

/** `canUpdateCell`, saying whether the change is made on the platform's behalf. */
export function assertCanUpdateCell(actor: Actor, platformKey: string): { onBehalf: boolean } {
  if (canUpdateCell(actor, platformKey)) return { onBehalf: actor.role === 'coordinator' };
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
