import type { CellStatus } from '@hub/contracts';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';

/** What a platform finally did with an item on its service. */
export const OUTCOMES = ['removed', 'restricted', 'labelled', 'demoted', 'not_found', 'no_action'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One item on one platform. Deadlines come from the protocol when the cell is created. */
export interface CellState {
  status: CellStatus;
  reason?: string;
  ackDueAt?: Date;
  actionDueAt?: Date;
  acknowledgedAt?: Date;
  actedAt?: Date;
  pausedAt?: Date;
  notifiedAt?: Date;
}

/** The answers a platform must explain: declining to act, or being unable to. */
export const REASON_REQUIRED_STATUSES: readonly CellStatus[] = ['no_action', 'cannot_comply'];
/** Reaching any of these means the platform has, at the latest now, acknowledged the item. */
export const ACKNOWLEDGING_STATUSES: readonly CellStatus[] = ['acknowledged', ...OUTCOMES, 'cannot_comply'];
/** Reaching any of these ends the platform's obligation to act. */
export const ACTING_STATUSES: readonly CellStatus[] = [...OUTCOMES, 'cannot_comply'];
/** While a cell is in this status its clocks stand still. */
export const PAUSING_STATUS: CellStatus = 'clarification_requested';
const ACKNOWLEDGING: ReadonlySet<CellStatus> = new Set(ACKNOWLEDGING_STATUSES);
const ACTING: ReadonlySet<CellStatus> = new Set(ACTING_STATUSES);

const TRANSITIONS: Record<CellStatus, readonly CellStatus[]> = {
  pending: ['notified', 'acknowledged', ...OUTCOMES, 'clarification_requested', 'cannot_comply'],
  notified: ['acknowledged', ...OUTCOMES, 'clarification_requested', 'cannot_comply'],
  acknowledged: [...OUTCOMES, 'clarification_requested', 'cannot_comply'],
  clarification_requested: ['acknowledged', ...OUTCOMES, 'cannot_comply'],
  // An outcome may be corrected (restricted, then removed) but the item never goes back to waiting.
  removed: OUTCOMES.filter((o) => o !== 'removed'),
  restricted: OUTCOMES.filter((o) => o !== 'restricted'),
  labelled: OUTCOMES.filter((o) => o !== 'labelled'),
  demoted: OUTCOMES.filter((o) => o !== 'demoted'),
  not_found: OUTCOMES.filter((o) => o !== 'not_found'),
  no_action: OUTCOMES.filter((o) => o !== 'no_action'),
  // The platform found a way after all.
  cannot_comply: ['acknowledged', ...OUTCOMES],
};

/** A stored cell as the machine sees it (absent values as undefined). */
export function cellStateOf(c: {
  status: CellStatus;
  reason: string | null;
  ackDueAt: Date | null;
  actionDueAt: Date | null;
  acknowledgedAt: Date | null;
  actedAt: Date | null;
  pausedAt: Date | null;
  notifiedAt: Date | null;
}): CellState {
  return {
    status: c.status,
    reason: c.reason ?? undefined,
    ackDueAt: c.ackDueAt ?? undefined,
    actionDueAt: c.actionDueAt ?? undefined,
    acknowledgedAt: c.acknowledgedAt ?? undefined,
    actedAt: c.actedAt ?? undefined,
    pausedAt: c.pausedAt ?? undefined,
    notifiedAt: c.notifiedAt ?? undefined,
  };
}

/** An outcome needs a reason: the hub refuses these statuses without one, the console asks for it. */
export function requiresReason(status: CellStatus): boolean {
  return REASON_REQUIRED_STATUSES.includes(status);
}

export function canTransition(from: CellStatus, to: CellStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isResolved(status: CellStatus): status is Outcome {
  return (OUTCOMES as readonly CellStatus[]).includes(status);
}

export function isPaused(cell: CellState): boolean {
  return cell.status === PAUSING_STATUS || cell.pausedAt !== undefined;
}

/** The platform still owes an acknowledgement (and its clock is running). */
export function isAckOpen(cell: CellState): boolean {
  return cell.acknowledgedAt === undefined && !ACKNOWLEDGING.has(cell.status) && !isPaused(cell);
}

/** The platform still owes an outcome or a cannot-comply (and its clock is running). */
export function isActionOpen(cell: CellState): boolean {
  return cell.actedAt === undefined && !ACTING.has(cell.status) && !isPaused(cell);
}

/** A deadline that is still open has passed. */
export function isOverdue(cell: CellState, now: Date): boolean {
  const ackLate = cell.ackDueAt !== undefined && isAckOpen(cell) && cell.ackDueAt <= now;
  const actLate = cell.actionDueAt !== undefined && isActionOpen(cell) && cell.actionDueAt <= now;
  return ackLate || actLate;
}

/**
 * Moves a cell to `to` at `now` and returns the new state (the input is not changed). Refuses illegal
 * moves with ILLEGAL_TRANSITION and a missing reason for `no_action` / `cannot_comply` with VALIDATION_FAILED.
 */
export function applyContainment(
  cell: CellState,
  to: CellStatus,
  reason: string | undefined,
  now: Date,
): CellState {
  const from = cell.status;
  if (from === to) {
    throw new DomainError(ERROR_CODES.ILLEGAL_TRANSITION, `the cell is already ${from}`);
  }
  if (!canTransition(from, to)) {
    throw new DomainError(ERROR_CODES.ILLEGAL_TRANSITION, `cannot move a cell from ${from} to ${to}`);
  }
  const trimmed = reason?.trim() || undefined;
  if (requiresReason(to) && trimmed === undefined) {
    throw invalid('reason', `is required for ${to}`);
  }

  const next: CellState = { ...cell, status: to, reason: trimmed };

  if (from === 'clarification_requested') {
    // The clock stood still while the platform waited for an answer: whatever was still owed moves later.
    const pausedAt = cell.pausedAt ?? now;
    const pausedMs = Math.max(0, now.getTime() - pausedAt.getTime());
    if (cell.ackDueAt && cell.acknowledgedAt === undefined) {
      next.ackDueAt = new Date(cell.ackDueAt.getTime() + pausedMs);
    }
    if (cell.actionDueAt && cell.actedAt === undefined) {
      next.actionDueAt = new Date(cell.actionDueAt.getTime() + pausedMs);
    }
    next.pausedAt = undefined;
  }
  if (to === 'clarification_requested') next.pausedAt = now;
  if (to === 'notified' && next.notifiedAt === undefined) next.notifiedAt = now;
  if (ACKNOWLEDGING.has(to) && next.acknowledgedAt === undefined) next.acknowledgedAt = now;
  if (ACTING.has(to) && next.actedAt === undefined) next.actedAt = now;

  return stripUndefined(next);
}

/** Keeps the returned state free of `key: undefined`, so it compares and serialises cleanly. */
function stripUndefined(cell: CellState): CellState {
  const out = { ...cell } as Record<string, unknown>;
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as unknown as CellState;
}
