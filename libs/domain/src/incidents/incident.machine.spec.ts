// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { INCIDENT_STATUSES, ROLES, type IncidentStatus, type Role } from '@hub/contracts';
import { DomainError, ERROR_CODES, type ErrorCode } from '../core/errors';
import {
  assertActionInput,
  assertMayPerform,
  assertOpenForWork,
  canPerform,
  eventTypeFor,
  INCIDENT_ACTIONS,
  initialStatus,
  isOpenForWork,
  transition,
  type IncidentAction,
} from './incident.machine';

const ILLEGAL = ERROR_CODES.ILLEGAL_TRANSITION;
const CLOSED = ERROR_CODES.INCIDENT_CLOSED;

/** Written out by hand, not derived from the machine: every status × action, the next status or the error. */
const EXPECTED: Record<IncidentStatus, Record<IncidentAction, IncidentStatus | ErrorCode>> = {
  assessing: {
    activate: 'active',
    reject: 'rejected',
    level: 'assessing',
    participants: 'assessing',
    stand_down: ILLEGAL,
    close: ILLEGAL,
    review: ILLEGAL,
  },
  active: {
    activate: ILLEGAL,
    reject: ILLEGAL,
    level: 'active',
    participants: 'active',
    stand_down: 'standing_down',
    close: 'closed',
    review: ILLEGAL,
  },
  standing_down: {
    activate: ILLEGAL,
    reject: ILLEGAL,
    level: 'standing_down',
    participants: 'standing_down',
    stand_down: ILLEGAL,
    close: 'closed',
    review: ILLEGAL,
  },
  closed: {
    activate: CLOSED,
    reject: CLOSED,
    level: CLOSED,
    participants: CLOSED,
    stand_down: CLOSED,
    close: CLOSED,
    review: 'reviewed',
  },
  reviewed: {
    activate: CLOSED,
    reject: CLOSED,
    level: CLOSED,
    participants: CLOSED,
    stand_down: CLOSED,
    close: CLOSED,
    review: CLOSED,
  },
  rejected: {
    activate: CLOSED,
    reject: CLOSED,
    level: CLOSED,
    participants: CLOSED,
    stand_down: CLOSED,
    close: CLOSED,
    review: CLOSED,
  },
};

const ERROR_VALUES: readonly string[] = Object.values(ERROR_CODES);
const cases = INCIDENT_STATUSES.flatMap((status) =>
  INCIDENT_ACTIONS.map((action) => [status, action, EXPECTED[status][action]] as const),
);

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('incident machine', () => {
  it('covers every status and action', () => {
    expect(cases).toHaveLength(INCIDENT_STATUSES.length * INCIDENT_ACTIONS.length);
  });

  describe.each(cases.filter(([, , e]) => !ERROR_VALUES.includes(e)))(
    '%s + %s',
    (status, action, expected) => {
      it(`moves to ${expected}`, () => {
        expect(transition(status, action)).toBe(expected);
        expect(canPerform(status, action)).toBe(true);
      });
    },
  );

  describe.each(cases.filter(([, , e]) => ERROR_VALUES.includes(e)))('%s + %s', (status, action, code) => {
    it(`is refused with ${code}`, () => {
      const error = thrown(() => transition(status, action));
      expect(error.code).toBe(code);
      expect(error.message).toBe(`cannot ${action} an incident that is ${status}`);
      expect(canPerform(status, action)).toBe(false);
    });
  });

  describe('initialStatus', () => {
    it('puts a coordinator declaration straight to active', () => {
      expect(initialStatus('coordinator')).toBe('active');
    });

    it('puts an authority notification to assessing', () => {
      expect(initialStatus('authority')).toBe('assessing');
      expect(initialStatus('flagger')).toBe('assessing');
    });

    it.each(ROLES.filter((r) => !['coordinator', 'authority', 'flagger'].includes(r)))(
      'refuses %s',
      (role) => {
        expect(thrown(() => initialStatus(role)).code).toBe(ERROR_CODES.FORBIDDEN);
      },
    );
  });

  describe('assertMayPerform', () => {
    const roleActions = ROLES.flatMap((role) => INCIDENT_ACTIONS.map((action) => [role, action] as const));

    it.each(roleActions)('%s may %s only if coordinator', (role: Role, action) => {
      if (role === 'coordinator') {
        expect(() => assertMayPerform(role, action)).not.toThrow();
      } else {
        expect(thrown(() => assertMayPerform(role, action)).code).toBe(ERROR_CODES.FORBIDDEN);
      }
    });
  });

  describe('assertActionInput', () => {
    it.each(['close', 'review'] as const)('%s needs a non-blank summary', (action) => {
      for (const summary of [undefined, '', '   ']) {
        const error = thrown(() => assertActionInput(action, { summary }));
        expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
        expect(error.details).toEqual([
          { field: 'summary', message: `is required to ${action} an incident` },
        ]);
      }
      expect(() => assertActionInput(action, { summary: 'Contained after 26 hours.' })).not.toThrow();
    });

    it('level needs a level', () => {
      expect(thrown(() => assertActionInput('level', {})).details[0].field).toBe('level');
      // A JSON null passes the DTO's @IsOptional(); it must not reach the NOT NULL column.
      expect(thrown(() => assertActionInput('level', { level: null as never })).details[0].field).toBe(
        'level',
      );
      expect(() => assertActionInput('level', { level: 'crisis' })).not.toThrow();
    });

    it('participants needs an organisation or a platform', () => {
      expect(thrown(() => assertActionInput('participants', {})).code).toBe(ERROR_CODES.VALIDATION_FAILED);
      expect(() => assertActionInput('participants', { organisationId: 'a-uuid' })).not.toThrow();
      expect(() => assertActionInput('participants', { platformKey: 'videoshare' })).not.toThrow();
    });

    it.each(['activate', 'reject', 'stand_down'] as const)('%s needs nothing', (action) => {
      expect(() => assertActionInput(action, {})).not.toThrow();
    });
  });

  it.each([
    ['activate', 'incident.activated'],
    ['reject', 'incident.rejected'],
    ['level', 'incident.level_changed'],
    ['participants', 'incident.participant_added'],
    ['stand_down', 'incident.standing_down'],
    ['close', 'incident.closed'],
    ['review', 'incident.reviewed'],
  ] as const)('eventTypeFor(%s) is %s', (action, type) => {
    expect(eventTypeFor(action)).toBe(type);
  });

  describe('open for work', () => {
    it.each(['assessing', 'active', 'standing_down'] as const)('%s is open', (status) => {
      expect(isOpenForWork(status)).toBe(true);
      expect(() => assertOpenForWork(status)).not.toThrow();
    });

    it.each(['closed', 'reviewed', 'rejected'] as const)('%s is closed to work', (status) => {
      expect(isOpenForWork(status)).toBe(false);
      const error = thrown(() => assertOpenForWork(status));
      expect(error.code).toBe(ERROR_CODES.INCIDENT_CLOSED);
      expect(error.message).toBe(`the incident is ${status}`);
    });
  });
});
