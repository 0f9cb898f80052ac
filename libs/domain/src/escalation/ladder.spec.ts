import { readFileSync } from 'node:fs';
import { defaultProtocolsPath, loadProtocols } from '../protocols';
import { DEFAULT_LADDER, notifiesCoordinator, tiersFor } from './ladder';

describe('escalation ladders', () => {
  const base = readFileSync(defaultProtocolsPath(), 'utf8');
  const withLadder = (ladder: string) =>
    base.replace(
      /\n {2}- key: election-integrity/,
      `\n    escalation:\n${ladder}\n\n  - key: election-integrity`,
    );

  it('defaults to tier 1 at share, 2 when late to acknowledge, 3 when late to act', () => {
    expect(tiersFor(undefined, 'crisis', 'new')).toEqual([1]);
    expect(tiersFor(undefined, 'crisis', 'ack')).toEqual([2]);
    expect(tiersFor({ incident: DEFAULT_LADDER }, 'crisis', 'act')).toEqual([3]);
  });

  it('reads a ladder per level from the protocol file', () => {
    const set = loadProtocols(
      withLadder('      crisis: { share: [1], ackOverdue: [1, 2], actOverdue: [2, 3] }'),
      'test',
    );
    const ladders = set.get('terrorist-content').escalation;
    expect(tiersFor(ladders, 'crisis', 'ack')).toEqual([1, 2]);
    expect(tiersFor(ladders, 'incident', 'ack')).toEqual([2]);
  });

  it('refuses a tier that does not exist, naming its place', () => {
    expect(() =>
      loadProtocols(withLadder('      crisis: { share: [4], ackOverdue: [2], actOverdue: [3] }'), 'test'),
    ).toThrow(/escalation\.crisis\.share/);
  });
  it('tells the coordinator when the action is overdue at crisis level, unless the ladder says otherwise', () => {
    expect(notifiesCoordinator(undefined, 'crisis', 'act')).toBe(true);
    expect(notifiesCoordinator(undefined, 'crisis', 'ack')).toBe(false);
    expect(notifiesCoordinator(undefined, 'incident', 'act')).toBe(false);
    const set = loadProtocols(
      withLadder(
        [
          '      crisis: { share: [1], ackOverdue: { tiers: [2], notifyCoordinator: true }, actOverdue: { tiers: [3], notifyCoordinator: false } }',
          '      incident: { share: [1], ackOverdue: [2], actOverdue: [3] }',
        ].join('\n'),
      ),
      'test',
    );
    const ladders = set.get('terrorist-content').escalation;
    expect(tiersFor(ladders, 'crisis', 'ack')).toEqual([2]);
    expect(tiersFor(ladders, 'crisis', 'act')).toEqual([3]);
    expect(notifiesCoordinator(ladders, 'crisis', 'ack')).toBe(true);
    expect(notifiesCoordinator(ladders, 'crisis', 'act')).toBe(false);
    expect(notifiesCoordinator(ladders, 'incident', 'act')).toBe(false);
  });

  it('refuses a notifyCoordinator that is not true or false', () => {
    expect(() =>
      loadProtocols(
        withLadder(
          '      crisis: { share: [1], ackOverdue: [2], actOverdue: { tiers: [3], notifyCoordinator: 1 } }',
        ),
        'test',
      ),
    ).toThrow(/escalation\.crisis\.actOverdue/);
  });
});
