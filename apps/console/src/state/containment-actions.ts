import type { AnswerChannel, CellStatus, SocketError } from '@hub/contracts';
import { canUpdateCell, requiresReason, type Subject } from '@hub/domain';
import type { Session } from '../session';
import type { MessageKey } from '@hub/i18n';
import { language, tr } from '../language';

const ANSWERS: { status: CellStatus; labelKey: MessageKey; key: string }[] = [
  { status: 'acknowledged', labelKey: 'console.outcome.acknowledged', key: 'a' },
  { status: 'removed', labelKey: 'console.outcome.removed', key: 'r' },
  { status: 'restricted', labelKey: 'console.outcome.restricted', key: 't' },
  { status: 'labelled', labelKey: 'console.outcome.labelled', key: 'l' },
  { status: 'demoted', labelKey: 'console.outcome.demoted', key: 'd' },
  { status: 'not_found', labelKey: 'console.outcome.not_found', key: 'n' },
  { status: 'no_action', labelKey: 'console.outcome.no_action', key: 'x' },
  { status: 'clarification_requested', labelKey: 'console.outcome.clarification_requested', key: 'c' },
  { status: 'cannot_comply', labelKey: 'console.outcome.cannot_comply', key: 'u' },
];

/**
 * The answers a platform gives on a cell, each with its key in the queue; a reason where the hub wants one.
 * The label is read when shown: in the console's language of the moment.
 */
export const OUTCOME_BUTTONS: { status: CellStatus; label: string; key: string; reason: boolean }[] =
  ANSWERS.map((answer) => ({
    status: answer.status,
    key: answer.key,
    reason: requiresReason(answer.status),
    get label() {
      return tr(answer.labelKey);
    },
  }));

/** A socket refusal as the reader reads it: the hub's localizedMessage outside English (as ErrorNote does). */
export function socketErrorText(error: SocketError): string {
  return language() !== 'en' && error.localizedMessage ? error.localizedMessage : error.message;
}

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
  return answer.ok ? null : socketErrorText(answer.error);
}
