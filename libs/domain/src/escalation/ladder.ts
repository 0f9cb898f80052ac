import type { IncidentLevel } from '@hub/contracts';

/**
 * An escalation ladder: the contact tiers reached at each step of a cell's life. `share`: when the cell
 * is created (and the platform has no working webhook); `ackOverdue`: each time its acknowledgement is
 * overdue; `actOverdue`: each time its action is overdue. Reminders repeat every
 * `HUB_OVERDUE_REPEAT_MINUTES` through the deadline checks, and each reaches the step's tiers again.
 */
export interface EscalationLadder {
  readonly share: readonly number[];
  readonly ackOverdue: readonly number[];
  readonly actOverdue: readonly number[];
}

/** Without a ladder in the protocol file: tier 1 at share, tier 2 when late to acknowledge, tier 3 when late to act. */
export const DEFAULT_LADDER: EscalationLadder = { share: [1], ackOverdue: [2], actOverdue: [3] };

export type EscalationLadders = Partial<Readonly<Record<IncidentLevel, EscalationLadder>>>;

/** The tiers one mail purpose reaches at a level. */
export function tiersFor(
  ladders: EscalationLadders | undefined,
  level: IncidentLevel,
  purpose: 'new' | 'ack' | 'act',
): readonly number[] {
  const ladder = ladders?.[level] ?? DEFAULT_LADDER;
  return purpose === 'new' ? ladder.share : purpose === 'ack' ? ladder.ackOverdue : ladder.actOverdue;
}
