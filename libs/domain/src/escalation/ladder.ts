import type { IncidentLevel } from '@hub/contracts';

/**
 * An escalation ladder: the contact tiers reached at each step of a cell's life. `share`: when the cell
 * is created (and the platform has no working webhook); `ackOverdue`: each time its acknowledgement is
 * overdue; `actOverdue`: each time its action is overdue. Reminders repeat every
 * `HUB_OVERDUE_REPEAT_MINUTES` through the deadline checks, and each reaches the step's tiers again.
 * `coordinator` names the steps at which the incident's coordinating organisations hear of it too (at
 * their own tier-1 contacts).
 */
export interface EscalationLadder {
  readonly share: readonly number[];
  readonly ackOverdue: readonly number[];
  readonly actOverdue: readonly number[];
  readonly coordinator?: Readonly<Partial<Record<LadderStep, boolean>>>;
}

export type LadderStep = 'share' | 'ackOverdue' | 'actOverdue';

/** Without a ladder in the protocol file: tier 1 at share, tier 2 when late to acknowledge, tier 3 when late to act. */
export const DEFAULT_LADDER: EscalationLadder = { share: [1], ackOverdue: [2], actOverdue: [3] };

export type EscalationLadders = Partial<Readonly<Record<IncidentLevel, EscalationLadder>>>;

const STEP: Record<'new' | 'ack' | 'act', LadderStep> = {
  new: 'share',
  ack: 'ackOverdue',
  act: 'actOverdue',
};

/** The tiers one mail purpose reaches at a level. */
export function tiersFor(
  ladders: EscalationLadders | undefined,
  level: IncidentLevel,
  purpose: 'new' | 'ack' | 'act',
): readonly number[] {
  const ladder = ladders?.[level] ?? DEFAULT_LADDER;
  return ladder[STEP[purpose]];
}

/**
 * Whether the incident's coordinator is e-mailed at this step: as the ladder says (`notifyCoordinator` on
 * the step), else only when the action is overdue at crisis level.
 */
export function notifiesCoordinator(
  ladders: EscalationLadders | undefined,
  level: IncidentLevel,
  purpose: 'new' | 'ack' | 'act',
): boolean {
  const step = STEP[purpose];
  return ladders?.[level]?.coordinator?.[step] ?? (level === 'crisis' && step === 'actOverdue');
}
