import type { CellView, ItemView } from '@hub/contracts';
import { formatCountdown, openDeadline, platformTimes, queueOf } from './deadlines';
import { bulkLines } from './bulk';

const T0 = Date.parse('2026-11-23T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function cell(overrides: Partial<CellView> = {}): CellView {
  return {
    itemId: 'i1',
    platformKey: 'videoshare',
    status: 'pending',
    ackDueAt: at(15),
    actionDueAt: at(60),
    updatedAt: at(0),
    ...overrides,
  };
}

function item(id: string, cells: CellView[], createdAt = at(0)): ItemView {
  return {
    id,
    incidentId: 'inc',
    kind: 'url',
    url: `https://x.example/${id}`,
    channel: 'referral',
    metadata: {},
    reporters: [],
    createdAt,
    containment: cells,
  };
}

describe('deadlines as the console shows them', () => {
  it('runs the acknowledgement deadline first, then the action deadline, and none once acted', () => {
    expect(openDeadline(cell(), T0)).toMatchObject({ kind: 'ack', msLeft: 15 * 60_000, overdue: false });
    expect(openDeadline(cell(), T0 + 16 * 60_000)).toMatchObject({ kind: 'ack', overdue: true });
    expect(openDeadline(cell({ status: 'acknowledged', acknowledgedAt: at(5) }), T0)).toMatchObject({
      kind: 'act',
    });
    expect(openDeadline(cell({ status: 'removed', acknowledgedAt: at(5), actedAt: at(9) }), T0)).toBeNull();
  });

  it('stops the clock while clarification is requested', () => {
    expect(openDeadline(cell({ status: 'clarification_requested' }), T0 + 99 * 60_000)).toBeNull();
  });

  it('formats countdowns compactly, with seconds under ten minutes and lateness in words', () => {
    expect(formatCountdown(14 * 60_000 + 5_000)).toBe('14m');
    expect(formatCountdown(65 * 60_000)).toBe('1h 05m');
    expect(formatCountdown(3 * 60_000 + 7_000)).toBe('3m 07s');
    expect(formatCountdown(45_000)).toBe('45s');
    expect(formatCountdown(-200_000)).toBe('3m 20s late');
  });

  it('orders a queue by the soonest open deadline, answered cells last', () => {
    const items = [
      item('late', [cell({ ackDueAt: at(30) })]),
      item('soon', [cell({ ackDueAt: at(5) })]),
      item('done', [cell({ status: 'removed', acknowledgedAt: at(1), actedAt: at(2) })]),
      item('other', [cell({ platformKey: 'clipcast' })]),
    ];
    expect(queueOf(items, 'videoshare', T0).map((e) => e.item.id)).toEqual(['soon', 'late', 'done']);
  });

  it('measures minutes to acknowledge and to act per platform against the deadline', () => {
    const items = [
      item('a', [cell({ acknowledgedAt: at(4), actedAt: at(20), status: 'removed' })]),
      item('b', [cell({ acknowledgedAt: at(10), status: 'acknowledged' })]),
    ];
    const [times] = platformTimes(items, ['videoshare']);
    expect(times!.ack).toEqual({ minutes: [4, 10], deadline: 15 });
    expect(times!.act).toEqual({ minutes: [20], deadline: 60 });
  });
});

describe('pasted lines to items', () => {
  it('splits URLs from hashes, keeps line numbers, and reads an optional quality', () => {
    const pdq = 'f'.repeat(64);
    expect(bulkLines(`https://a.example/1\n\n${pdq},90\n  md5only  `, 'pdq')).toEqual([
      { line: 1, item: { kind: 'url', url: 'https://a.example/1' } },
      { line: 3, item: { kind: 'hash', hash: { algorithm: 'pdq', value: pdq, quality: 90 } } },
      { line: 4, item: { kind: 'hash', hash: { algorithm: 'pdq', value: 'md5only' } } },
    ]);
  });
});
