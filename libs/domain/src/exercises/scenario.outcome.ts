import { applyContainment, type CellState } from '../incidents';
import { DomainError } from '../core/errors';
import { canonicaliseUrl, dedupKeyForHash } from '../items';
import { narrativeDedupKey } from '../narratives';
import { scoreExercise, type ExerciseScore, type ScoredCell } from './exercise.score';
import { concernedCastPlatforms } from './scenario.cast';
import type { Scenario, ShareItemSpec } from './scenario.model';

/** What makes two shares one item (`item.reported_again`), as the share use case decides it. */
function identityOf(item: ShareItemSpec): string {
  if (item.kind === 'hash' && item.hash) return dedupKeyForHash(item.hash.algorithm, item.hash.value);
  if (item.kind === 'account' && item.account) {
    return `account:${item.account.platformKey}:${item.account.handle.trim().replace(/^@/, '').toLowerCase()}`;
  }
  if (item.kind === 'narrative' && item.narrative) return narrativeDedupKey(item.narrative.title);
  return `url:${canonicaliseUrl(item.url ?? '').canonical}`;
}

/**
 * The score the script itself implies, on the scenario's own clock: every share opens the cells of the
 * platforms it concerns at its time, every contain moves its cell at its time through the containment
 * machine, and no one acts outside the script. A run with nobody playing alongside must score exactly
 * this, at any speed; a scenario author reads here what the script claims.
 */
export function scriptedScore(scenario: Scenario): ExerciseScore {
  const itemOfRef = new Map<string, string>();
  const cells = new Map<string, { platformKey: string; createdAt: number; state: CellState }>();
  const opened = new Set<string>();
  for (const inject of scenario.injects) {
    if (inject.do === 'share') {
      const identity = identityOf(inject.item);
      if (inject.as !== undefined) itemOfRef.set(inject.as, identity);
      if (opened.has(identity)) continue;
      opened.add(identity);
      for (const platform of concernedCastPlatforms(inject.item, scenario.organisations)) {
        cells.set(`${identity}\u0000${platform}`, {
          platformKey: platform,
          createdAt: inject.atSeconds,
          state: { status: 'pending' },
        });
      }
    } else if (inject.do === 'contain') {
      const cell = cells.get(`${itemOfRef.get(inject.item)}\u0000${inject.platform}`);
      if (!cell) continue;
      try {
        cell.state = applyContainment(
          cell.state,
          inject.status,
          inject.reason,
          secondsAsDate(inject.atSeconds),
        );
      } catch (error) {
        // The hub refuses it the same way when the run replays it; the cell stays as it was.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  const scored: ScoredCell[] = [...cells.values()].map(({ platformKey, createdAt, state }) => ({
    platformKey,
    createdAt,
    acknowledgedAt: dateAsSeconds(state.acknowledgedAt),
    actedAt: dateAsSeconds(state.actedAt),
  }));
  return scoreExercise(scenario.expectations, scored, true, {});
}

// The containment machine speaks in dates: scenario second s is the date s × 1000 ms after the epoch.
const secondsAsDate = (seconds: number): Date => new Date(seconds * 1000);
const dateAsSeconds = (date: Date | undefined): number | null =>
  date === undefined ? null : date.getTime() / 1000;
