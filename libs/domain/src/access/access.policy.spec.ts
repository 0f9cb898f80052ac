// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { ROLES, type Role } from '@hub/contracts';
import { ERROR_CODES } from '../core/errors';
import type { Actor } from '../core/actor';
import type { IncidentRecord } from '../incidents/incident.model';
import {
  assertCanUpdateCell,
  assertCanUseChannel,
  assertCanWork,
  canSee,
  canUpdateCell,
  canUseChannel,
  canWork,
  visibilityOf,
} from './access.policy';

const OWN = 'org-own';
const incidentWith = (participants: string[]) => ({ participants }) as unknown as IncidentRecord;
const actor = (role: Role, platformKey?: string): Actor => ({
  memberId: 'm-1',
  organisationId: OWN,
  displayName: 'Member',
  role,
  organisationKind: 'authority',
  ...(platformKey ? { platformKey } : {}),
});

/**
 * The visibility rule, as a table. `IncidentStore.list` (libs/persistence) states the same rule in SQL:
 * no rows for `none`, `participants @> ARRAY[organisationId]` for `participating`, no filter for `all`.
 */
const VISIBILITY_TABLE: [Role, 'all' | 'participating' | 'none', boolean, boolean][] = [
  // role, visibility, sees a taking-part incident, sees any other incident
  ['coordinator', 'all', true, true],
  ['observer', 'all', true, true],
  ['authority', 'participating', true, false],
  ['liaison', 'participating', true, false],
  ['admin', 'none', false, false],
  ['flagger', 'participating', true, false],
  ['peer', 'none', false, false],
];

describe('who sees an incident', () => {
  it('covers every role', () => {
    expect(VISIBILITY_TABLE.map(([role]) => role).sort()).toEqual([...ROLES].sort());
  });

  it.each(VISIBILITY_TABLE)('%s sees %s incidents', (role, visibility, own, other) => {
    expect(visibilityOf(role)).toBe(visibility);
    expect(canSee(actor(role), incidentWith([OWN]))).toBe(own);
    expect(canSee(actor(role), incidentWith(['org-other']))).toBe(other);
  });
});

describe('who works in an incident (shares, posts, gives feedback)', () => {
  // role, in an incident it takes part in, in another
  const TABLE: [Role, boolean, boolean][] = [
    ['coordinator', true, true],
    ['authority', true, false],
    ['liaison', true, false],
    ['observer', false, false],
    ['admin', false, false],
    ['flagger', true, false],
  ];

  it.each(TABLE)('%s: taking part %s, not taking part %s', (role, own, other) => {
    expect(canWork(actor(role), incidentWith([OWN]))).toBe(own);
    expect(canWork(actor(role), incidentWith(['org-other']))).toBe(other);
  });

  it('says which half of the rule failed', () => {
    expect(() => assertCanWork(actor('observer'), incidentWith([OWN]), 'posting')).toThrow(
      expect.objectContaining({ code: ERROR_CODES.FORBIDDEN }),
    );
    expect(() => assertCanWork(actor('authority'), incidentWith(['org-other']), 'posting')).toThrow(
      expect.objectContaining({ code: ERROR_CODES.NOT_A_PARTICIPANT }),
    );
  });
});

describe('who changes a cell and who issues removal orders', () => {
  it('lets the platform liaison and a coordinator change a cell, no one else', () => {
    expect(canUpdateCell(actor('liaison', 'videoshare'), 'videoshare')).toBe(true);
    expect(canUpdateCell(actor('coordinator'), 'videoshare')).toBe(true);
    expect(canUpdateCell(actor('liaison', 'chirp'), 'videoshare')).toBe(false);
    expect(canUpdateCell(actor('authority'), 'videoshare')).toBe(false);
    expect(assertCanUpdateCell(actor('coordinator'), 'videoshare')).toEqual({ onBehalf: true });
    expect(assertCanUpdateCell(actor('liaison', 'videoshare'), 'videoshare')).toEqual({ onBehalf: false });
    expect(() => assertCanUpdateCell(actor('liaison', 'chirp'), 'videoshare')).toThrow(
      expect.objectContaining({ code: ERROR_CODES.WRONG_PLATFORM }),
    );
  });

  it('keeps removal orders to authorities', () => {
    expect(canUseChannel(actor('authority'), 'removal_order')).toBe(true);
    expect(canUseChannel(actor('coordinator'), 'removal_order')).toBe(false);
    expect(canUseChannel(actor('coordinator'), 'referral')).toBe(true);
    expect(() => assertCanUseChannel(actor('liaison'), 'removal_order')).toThrow(
      expect.objectContaining({ code: ERROR_CODES.FORBIDDEN }),
    );
  });
});
