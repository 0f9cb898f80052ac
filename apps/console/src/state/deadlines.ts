import type { CellView, ItemView } from '@hub/contracts';
import { isAckOpen, isActionOpen, type CellState } from '@hub/domain';
import { tr } from '../language';

/** The deadline a cell is running against now, if any: acknowledgement first, then action. */
export interface OpenDeadline {
  kind: 'ack' | 'act';
  dueAt: number;
  /** Negative once the deadline has passed. */
  msLeft: number;
  overdue: boolean;
}

/** Parsed once per cell object: the matrix asks every cell every second. */
const parsed = new WeakMap<CellView, CellState>();

function toState(cell: CellView): CellState {
  let state = parsed.get(cell);
  if (!state) {
    state = parse(cell);
    parsed.set(cell, state);
  }
  return state;
}

function parse(cell: CellView): CellState {
  const date = (v?: string) => (v ? new Date(v) : undefined);
  return {
    status: cell.status,
    ackDueAt: date(cell.ackDueAt),
    actionDueAt: date(cell.actionDueAt),
    acknowledgedAt: date(cell.acknowledgedAt),
    actedAt: date(cell.actedAt),
  };
}

/** Same rules as the hub's containment machine: a paused or answered cell has no running deadline. */
export function openDeadline(cell: CellView, now: number): OpenDeadline | null {
  const state = toState(cell);
  const candidates: { kind: 'ack' | 'act'; dueAt: number }[] = [];
  if (state.ackDueAt && isAckOpen(state)) candidates.push({ kind: 'ack', dueAt: state.ackDueAt.getTime() });
  if (state.actionDueAt && isActionOpen(state))
    candidates.push({ kind: 'act', dueAt: state.actionDueAt.getTime() });
  if (!candidates.length) return null;
  const soonest = candidates.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
  return { ...soonest, msLeft: soonest.dueAt - now, overdue: soonest.dueAt <= now };
}

/** "14m", "1h 05m", "45s"; overdue as "3m 20s late". Seconds are shown only under ten minutes. */
export function formatCountdown(ms: number): string {
  const late = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  let text: string;
  if (h > 0) text = `${h}h ${String(m).padStart(2, '0')}m`;
  else if (m >= 10) text = `${m}m`;
  else if (m > 0) text = `${m}m ${String(s).padStart(2, '0')}s`;
  else text = `${s}s`;
  return late ? tr('console.countdown.late', { time: text }) : text;
}

/** One cell of a platform's queue, with its item. */
export interface QueueEntry {
  item: ItemView;
  cell: CellView;
  deadline: OpenDeadline | null;
}

/** A platform's cells, soonest open deadline first, then cells without one (newest first). */
export function queueOf(items: ItemView[], platformKey: string, now: number): QueueEntry[] {
  const entries: QueueEntry[] = [];
  for (const item of items) {
    const cell = item.containment.find((c) => c.platformKey === platformKey);
    if (cell) entries.push({ item, cell, deadline: openDeadline(cell, now) });
  }
  return entries.sort(byDeadline);
}

/** Queue order: soonest open deadline first, then entries without one, newest first. */
export function byDeadline(a: QueueEntry, b: QueueEntry): number {
  if (a.deadline && b.deadline) return a.deadline.dueAt - b.deadline.dueAt;
  if (a.deadline) return -1;
  if (b.deadline) return 1;
  return b.item.createdAt.localeCompare(a.item.createdAt);
}

/** Per platform: minutes from share to acknowledgement and to action, and the deadlines they ran against. */
export interface PlatformTimes {
  platformKey: string;
  ack: { minutes: number[]; deadline: number | null };
  act: { minutes: number[]; deadline: number | null };
}

export function platformTimes(items: ItemView[], platforms: string[]): PlatformTimes[] {
  const byPlatform = new Map<string, PlatformTimes>(
    platforms.map((p) => [
      p,
      { platformKey: p, ack: { minutes: [], deadline: null }, act: { minutes: [], deadline: null } },
    ]),
  );
  const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;
  for (const item of items) {
    for (const cell of item.containment) {
      const times = byPlatform.get(cell.platformKey);
      if (!times) continue;
      if (cell.ackDueAt) times.ack.deadline ??= minutes(item.createdAt, cell.ackDueAt);
      if (cell.actionDueAt) times.act.deadline ??= minutes(item.createdAt, cell.actionDueAt);
      if (cell.acknowledgedAt) times.ack.minutes.push(minutes(item.createdAt, cell.acknowledgedAt));
      if (cell.actedAt) times.act.minutes.push(minutes(item.createdAt, cell.actedAt));
    }
  }
  return [...byPlatform.values()];
}

/** Per platform: how many cells are in each status, and how many are overdue now. */
export interface PlatformTally {
  platformKey: string;
  counts: Partial<Record<CellView['status'], number>>;
  overdue: number;
}

export function tallyCells(items: ItemView[], platforms: string[], now: number): PlatformTally[] {
  const tallies = new Map<string, PlatformTally>(
    platforms.map((p) => [p, { platformKey: p, counts: {}, overdue: 0 }]),
  );
  for (const item of items) {
    for (const cell of item.containment) {
      const tally = tallies.get(cell.platformKey);
      if (!tally) continue;
      tally.counts[cell.status] = (tally.counts[cell.status] ?? 0) + 1;
      if (openDeadline(cell, now)?.overdue) tally.overdue += 1;
    }
  }
  return [...tallies.values()];
}
