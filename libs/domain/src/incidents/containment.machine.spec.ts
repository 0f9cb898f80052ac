// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { CELL_STATUSES, type CellStatus } from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../core/errors';
import {
  applyContainment,
  canTransition,
  isAckOpen,
  isActionOpen,
  isOverdue,
  isResolved,
  requiresReason,
  OUTCOMES,
  type CellState,
} from './containment.machine';

const T0 = new Date('2026-03-15T13:40:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const outcomes = ['removed', 'restricted', 'labelled', 'demoted', 'not_found', 'no_action'] as const;
const sideAndOutcomes = [...outcomes, 'clarification_requested', 'cannot_comply'];

/** Written out by hand: the statuses each status may move to. Every other pair is refused. */
const ALLOWED: Record<CellStatus, readonly CellStatus[]> = {
  pending: ['notified', 'acknowledged', ...sideAndOutcomes] as CellStatus[],
  notified: ['acknowledged', ...sideAndOutcomes] as CellStatus[],
  acknowledged: sideAndOutcomes as CellStatus[],
  clarification_requested: ['acknowledged', ...outcomes, 'cannot_comply'],
  removed: ['restricted', 'labelled', 'demoted', 'not_found', 'no_action'],
  restricted: ['removed', 'labelled', 'demoted', 'not_found', 'no_action'],
  labelled: ['removed', 'restricted', 'demoted', 'not_found', 'no_action'],
  demoted: ['removed', 'restricted', 'labelled', 'not_found', 'no_action'],
  not_found: ['removed', 'restricted', 'labelled', 'demoted', 'no_action'],
  no_action: ['removed', 'restricted', 'labelled', 'demoted', 'not_found'],
  cannot_comply: ['acknowledged', ...outcomes],
};

const pairs = CELL_STATUSES.flatMap((from) => CELL_STATUSES.map((to) => [from, to] as const));
const allowed = pairs.filter(([from, to]) => ALLOWED[from].includes(to));
const refused = pairs.filter(([from, to]) => !ALLOWED[from].includes(to));

function cellIn(status: CellStatus): CellState {
  return {
    status,
    ackDueAt: at(15),
    actionDueAt: at(60),
    ...(status === 'clarification_requested' ? { pausedAt: T0 } : {}),
  };
}

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('containment machine', () => {
  it('covers every pair of statuses', () => {
    expect(allowed.length + refused.length).toBe(CELL_STATUSES.length ** 2);
    expect(OUTCOMES).toEqual(outcomes);
  });

  it.each(allowed)('%s → %s is allowed', (from, to) => {
    const next = applyContainment(cellIn(from), to, 'checked against our terms', at(5));
    expect(next.status).toBe(to);
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(refused)('%s → %s is refused', (from, to) => {
    const error = thrown(() => applyContainment(cellIn(from), to, 'a reason', at(5)));
    expect(error.code).toBe(ERROR_CODES.ILLEGAL_TRANSITION);
    expect(error.message).toBe(
      from === to ? `the cell is already ${from}` : `cannot move a cell from ${from} to ${to}`,
    );
    expect(canTransition(from, to)).toBe(false);
  });

  it('never changes the cell it is given', () => {
    const cell = cellIn('pending');
    const copy = structuredClone(cell);
    applyContainment(cell, 'acknowledged', undefined, at(3));
    expect(cell).toEqual(copy);
  });

  describe('reasons', () => {
    it.each(['no_action', 'cannot_comply'] as const)('%s needs a non-blank reason', (to) => {
      for (const reason of [undefined, '', '  \n ']) {
        const error = thrown(() => applyContainment(cellIn('acknowledged'), to, reason, at(5)));
        expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
        expect(error.details).toEqual([{ field: 'reason', message: `is required for ${to}` }]);
      }
      const next = applyContainment(cellIn('acknowledged'), to, '  No breach of our terms ', at(5));
      expect(next.reason).toBe('No breach of our terms');
    });

    it('other statuses take an optional reason', () => {
      expect(applyContainment(cellIn('acknowledged'), 'removed', undefined, at(5))).not.toHaveProperty(
        'reason',
      );
      expect(applyContainment(cellIn('acknowledged'), 'restricted', 'geo-blocked in DE', at(5)).reason).toBe(
        'geo-blocked in DE',
      );
    });

    it('a new status drops the reason of the previous one', () => {
      const refusedCell = applyContainment(cellIn('acknowledged'), 'cannot_comply', 'URL malformed', at(5));
      expect(applyContainment(refusedCell, 'removed', undefined, at(9))).not.toHaveProperty('reason');
    });

    it('checks the transition before the reason', () => {
      expect(thrown(() => applyContainment(cellIn('removed'), 'cannot_comply', undefined, at(5))).code).toBe(
        ERROR_CODES.ILLEGAL_TRANSITION,
      );
    });
  });

  describe('timestamps', () => {
    it('records notification, acknowledgement and action once each', () => {
      let cell = applyContainment(cellIn('pending'), 'notified', undefined, at(1));
      expect(cell).toEqual({ status: 'notified', ackDueAt: at(15), actionDueAt: at(60), notifiedAt: at(1) });
      cell = applyContainment(cell, 'acknowledged', undefined, at(4));
      expect(cell.acknowledgedAt).toEqual(at(4));
      expect(cell.actedAt).toBeUndefined();
      cell = applyContainment(cell, 'restricted', undefined, at(20));
      expect(cell.actedAt).toEqual(at(20));
      cell = applyContainment(cell, 'removed', undefined, at(45));
      expect(cell).toEqual({
        status: 'removed',
        ackDueAt: at(15),
        actionDueAt: at(60),
        notifiedAt: at(1),
        acknowledgedAt: at(4),
        actedAt: at(20),
      });
    });

    it.each([...outcomes, 'cannot_comply'] as const)(
      'an unacknowledged %s counts as acknowledged and acted at once',
      (to) => {
        const cell = applyContainment(cellIn('notified'), to, 'reason given', at(7));
        expect(cell.acknowledgedAt).toEqual(at(7));
        expect(cell.actedAt).toEqual(at(7));
      },
    );

    it('cannot_comply then removed keeps the first action time', () => {
      const refusedCell = applyContainment(cellIn('acknowledged'), 'cannot_comply', 'technical', at(10));
      const removed = applyContainment(refusedCell, 'removed', undefined, at(30));
      expect(removed.actedAt).toEqual(at(10));
    });

    it('a clarification request is neither an acknowledgement nor an action', () => {
      const cell = applyContainment(cellIn('pending'), 'clarification_requested', undefined, at(2));
      expect(cell.acknowledgedAt).toBeUndefined();
      expect(cell.actedAt).toBeUndefined();
      expect(cell.pausedAt).toEqual(at(2));
    });
  });

  describe('pause and resume', () => {
    it('moves both open deadlines later by the paused time', () => {
      const paused = applyContainment(cellIn('notified'), 'clarification_requested', undefined, at(5));
      expect(paused.pausedAt).toEqual(at(5));
      // 25 minutes waiting for the authority's answer.
      const resumed = applyContainment(paused, 'acknowledged', undefined, at(30));
      expect(resumed).not.toHaveProperty('pausedAt');
      expect(resumed.ackDueAt).toEqual(at(40));
      expect(resumed.actionDueAt).toEqual(at(85));
      expect(resumed.acknowledgedAt).toEqual(at(30));
    });

    it('does not move a deadline already met', () => {
      const acknowledged = applyContainment(cellIn('notified'), 'acknowledged', undefined, at(3));
      const paused = applyContainment(acknowledged, 'clarification_requested', undefined, at(10));
      const resumed = applyContainment(paused, 'removed', undefined, at(50));
      expect(resumed.ackDueAt).toEqual(at(15));
      expect(resumed.actionDueAt).toEqual(at(100));
      expect(resumed.acknowledgedAt).toEqual(at(3));
      expect(resumed.actedAt).toEqual(at(50));
    });

    it('leaves absent deadlines absent', () => {
      const paused = applyContainment({ status: 'pending' }, 'clarification_requested', undefined, at(1));
      const resumed = applyContainment(paused, 'cannot_comply', 'manifest error', at(20));
      expect(resumed).toEqual({
        status: 'cannot_comply',
        reason: 'manifest error',
        acknowledgedAt: at(20),
        actedAt: at(20),
      });
    });

    it('stops the clocks while paused', () => {
      const paused = applyContainment(cellIn('pending'), 'clarification_requested', undefined, at(5));
      expect(isAckOpen(paused)).toBe(false);
      expect(isActionOpen(paused)).toBe(false);
      expect(isOverdue(paused, at(500))).toBe(false);
    });
  });

  describe('open obligations and overdue', () => {
    it.each([
      // status, ack open, action open
      ['pending', true, true],
      ['notified', true, true],
      ['acknowledged', false, true],
      ['clarification_requested', false, false],
      ['removed', false, false],
      ['restricted', false, false],
      ['labelled', false, false],
      ['not_found', false, false],
      ['no_action', false, false],
      ['cannot_comply', false, false],
    ] as const)('%s: ack open %s, action open %s', (status, ackOpen, actionOpen) => {
      expect(isAckOpen(cellIn(status))).toBe(ackOpen);
      expect(isActionOpen(cellIn(status))).toBe(actionOpen);
    });

    it('is overdue once an open deadline has passed', () => {
      expect(isOverdue(cellIn('notified'), at(14))).toBe(false);
      expect(isOverdue(cellIn('notified'), at(15))).toBe(true);
      expect(isOverdue(cellIn('acknowledged'), at(59))).toBe(false);
      expect(isOverdue(cellIn('acknowledged'), at(60))).toBe(true);
      expect(isOverdue(cellIn('removed'), at(600))).toBe(false);
      expect(isOverdue({ status: 'pending' }, at(600))).toBe(false);
    });
  });

  it.each(CELL_STATUSES.map((s) => [s, (outcomes as readonly string[]).includes(s)] as const))(
    'isResolved(%s) is %s',
    (status, resolved) => {
      expect(isResolved(status)).toBe(resolved);
    },
  );
});

describe('an outcome needs a reason', () => {
  it('for no action and cannot comply, and no other status', () => {
    expect(CELL_STATUSES.filter(requiresReason)).toEqual(['no_action', 'cannot_comply']);
  });
});
