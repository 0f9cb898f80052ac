import type { AnswerChannel, CellStatus } from '@hub/contracts';
import { canUpdateCell, requiresReason, type Subject } from '@hub/domain';
import type { Session } from '../session';

const ANSWERS: { status: CellStatus; label: string; key: string }[] = [
  { status: 'acknowledged', label: 'Acknowledge', key: 'a' },
  { status: 'removed', label: 'Removed', key: 'r' },
  { status: 'restricted', label: 'Restricted', key: 't' },
  { status: 'labelled', label: 'Labelled', key: 'l' },
  { status: 'demoted', label: 'Demoted', key: 'd' },
  { status: 'not_found', label: 'Not found', key: 'n' },
  { status: 'no_action', label: 'No action', key: 'x' },
  { status: 'clarification_requested', label: 'Ask clarification', key: 'c' },
  { status: 'cannot_comply', label: 'Cannot comply', key: 'u' },
];

/** The answers a platform gives on a cell, each with its key in the queue; a reason where the hub wants one. */
export const OUTCOME_BUTTONS: { status: CellStatus; label: string; key: string; reason: boolean }[] =
  ANSWERS.map((answer) => ({ ...answer, reason: requiresReason(answer.status) }));

/** The signed-in member as the hub's access rules see it. */
export function subjectOf(session: Session): Subject {
  const { member, organisation } = session.me;
  return { role: member.role, organisationId: organisation.id, platformKey: organisation.platformKey };
}

/** May this member change this platform's cells: its own liaison, or a coordinator on its behalf. */
export function mayContain(session: Session, platformKey: string): boolean {
  return canUpdateCell(subjectOf(session), platformKey);
}

/** Sends a cell change over the room's socket; the answer is the hub's, the new state arrives as an event. */
export async function sendContainment(
  session: Session,
  incidentId: string,
  itemId: string,
  platformKey: string,
  status: CellStatus,
  reason?: string,
  /** A coordinator's record of an answer given elsewhere: the channel and who said it. */
  told: { via?: AnswerChannel; reportedBy?: string } = {},
): Promise<string | null> {
  const answer = await session.room.updateContainment({
    incidentId,
    itemId,
    platformKey,
    status,
    ...(reason ? { reason } : {}),
    ...(told.via ? { via: told.via } : {}),
    ...(told.reportedBy?.trim() ? { reportedBy: told.reportedBy.trim() } : {}),
  });
  return answer.ok ? null : answer.error.message;
}
