import { readFileSync } from 'node:fs';
import { defaultProtocolsPath, loadProtocols } from '../protocols';
import { DEFAULT_LADDER, tiersFor } from './ladder';

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
});
