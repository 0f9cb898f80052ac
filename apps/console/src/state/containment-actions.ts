import type { CellStatus } from '@hub/contracts';
import type { Session } from '../session';

/** The answers a platform gives on a cell, each with its key in the queue; a reason where the hub wants one. */
export const OUTCOME_BUTTONS: { status: CellStatus; label: string; key: string; reason?: boolean }[] = [
  { status: 'acknowledged', label: 'Acknowledge', key: 'a' },
  { status: 'removed', label: 'Removed', key: 'r' },
  { status: 'restricted', label: 'Restricted', key: 't' },
  { status: 'labelled', label: 'Labelled', key: 'l' },
  { status: 'not_found', label: 'Not found', key: 'n' },
  { status: 'no_action', label: 'No action', key: 'x', reason: true },
  { status: 'clarification_requested', label: 'Ask clarification', key: 'c' },
  { status: 'cannot_comply', label: 'Cannot comply', key: 'u', reason: true },
];

/** May this member change this platform's cells: its own liaison, or a coordinator on its behalf. */
export function mayContain(session: Session, platformKey: string): boolean {
  const { member, organisation } = session.me;
  return (
    member.role === 'coordinator' || (member.role === 'liaison' && organisation.platformKey === platformKey)
  );
}

/** Sends a cell change over the room's socket; the answer is the hub's, the new state arrives as an event. */
export async function sendContainment(
  session: Session,
  incidentId: string,
  itemId: string,
  platformKey: string,
  status: CellStatus,
  reason?: string,
): Promise<string | null> {
  const answer = await session.room.updateContainment({
    incidentId,
    itemId,
    platformKey,
    status,
    ...(reason ? { reason } : {}),
  });
  return answer.ok ? null : answer.error.message;
}
