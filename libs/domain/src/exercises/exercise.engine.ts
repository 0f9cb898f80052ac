import { DomainError, ERROR_CODES } from '../core/errors';
import { isOpenForWork } from '../incidents';
import { SYSTEM_ACTOR, type Actor } from '../core/actor';
import { type EventActor, type NewEvent } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IncidentQueries, IncidentStore } from '../incidents/incident.ports';
import { dueInjects, nextInjectAt, scenarioSecondAt, scenarioSeconds, wallTimeFor } from './exercise.clock';
import { clockOf, type ExerciseRunRecord, type FiredInject } from './exercise-run.model';
import type { ExerciseRunRepository, ExerciseTicks, ScenarioRepository } from './exercise.ports';
import { scoreExercise, type ExerciseScore } from './exercise.score';
import type { InjectRunner } from './inject.runner';
import type { Scenario } from './scenario.model';

/**
 * When a run is over, in scenario seconds: every inject has fired and the platforms have had the longest
 * expectation window after the last share to act on it.
 */
export function completionSeconds(scenario: Scenario): number {
  const last = scenario.injects.reduce((max, i) => Math.max(max, i.atSeconds), 0);
  const lastShare = scenario.injects
    .filter((i) => i.do === 'share')
    .reduce<number | null>((max, i) => Math.max(max ?? 0, i.atSeconds), null);
  const window = scenario.expectations.reduce(
    (max, e) => Math.max(max, e.acknowledgeWithinSeconds ?? 0, e.actWithinSeconds ?? 0),
    0,
  );
  return lastShare === null ? last : Math.max(last, lastShare + window);
}

export const actorOf = (actor: Actor | null): EventActor =>
  actor ? { memberId: actor.memberId, organisationId: actor.organisationId } : SYSTEM_ACTOR;

/**
 * The replay: fires what is due, finishes the run when it is over, and sets the next timer. Every method
 * expects the caller to hold the run's lock (`ExerciseRunRepository.withRunLock`). State lives in the
 * database alone (the run row and the incident's log), so any process can pick a run up where another
 * left it.
 */
export class ExerciseEngine {
  constructor(
    private readonly runs: ExerciseRunRepository,
    private readonly scenarios: ScenarioRepository,
    private readonly incidents: IncidentStore,
    private readonly queries: IncidentQueries,
    private readonly runner: InjectRunner,
    private readonly ticks: ExerciseTicks,
    private readonly clock: Clock,
  ) {}

  async scenarioOf(run: ExerciseRunRecord): Promise<Scenario> {
    const scenario = await this.scenarios.find(run.scenarioId);
    if (!scenario) throw new DomainError(ERROR_CODES.NOT_FOUND, 'the scenario of this run is gone');
    return scenario.parsed;
  }

  /** What the log says has fired; `exercise.inject` events are the record, the run row a copy. */
  async fired(run: ExerciseRunRecord): Promise<FiredInject[]> {
    return run.incidentId ? this.runs.firedInjects(run.incidentId, run.id) : [];
  }

  /**
   * One turn of the clock for a running run. `jobKey` is the key of the tick job running it, so a tick
   * that woke early does not schedule itself (a job id that exists already would be dropped).
   */
  async advance(run: ExerciseRunRecord, scenario: Scenario, jobKey?: string): Promise<ExerciseRunRecord> {
    if (run.status !== 'running' || !run.incidentId) return run;
    const state = clockOf(run);
    let fired = await this.fired(run);
    const itemIds = this.itemIds(scenario, fired);
    for (;;) {
      const firedIndexes = new Set(fired.map((f) => f.index));
      const due = dueInjects(scenario.injects, firedIndexes, state, this.clock.now());
      if (due.length === 0) break;
      for (const inject of due) {
        const result = await this.runner.fire(run, scenario, inject, itemIds);
        if (inject.do === 'share' && inject.as && result.itemId) itemIds.set(inject.as, result.itemId);
      }
      fired = await this.fired(run);
      // Each firing commits its record or throws; never loop on an inject that left none.
      const recorded = new Set(fired.map((f) => f.index));
      const lost = due.find((inject) => !recorded.has(inject.index));
      if (lost) throw new Error(`inject ${lost.index} of run ${run.id} fired without its record`);
    }
    run = await this.runs.update(run.id, { fired });
    const firedIndexes = new Set(fired.map((f) => f.index));
    const now = this.clock.now();
    if (firedIndexes.size < scenario.injects.length) {
      const next = scenario.injects
        .filter((i) => !firedIndexes.has(i.index))
        .reduce((a, b) => (b.atSeconds < a.atSeconds ? b : a));
      const at = nextInjectAt(scenario.injects, firedIndexes, state)!;
      await this.schedule(run.id, at, `${next.index}_${at.getTime()}`, jobKey);
      return run;
    }
    const end = completionSeconds(scenario);
    const incident = await this.incidents.find(run.incidentId!);
    // A closed incident takes no more work: nothing can change the score by waiting.
    if (!incident || !isOpenForWork(incident.status) || scenarioSeconds(state, now) >= end) {
      return this.finish(run, scenario, null, false);
    }
    const at = wallTimeFor(state, end)!;
    await this.schedule(run.id, at, `end_${at.getTime()}`, jobKey);
    return run;
  }

  /** Schedules a tick; a tick that woke early must not schedule its own id again. */
  async schedule(runId: string, at: Date, key: string, jobKey?: string): Promise<void> {
    await this.ticks.schedule(runId, at, key === jobKey ? `${key}_${this.clock.now().getTime()}` : key);
  }

  /**
   * Ends the run: the final score stored, the clock frozen (`pausedAt` marks the end), and
   * `exercise.completed` appended once.
   */
  async finish(
    run: ExerciseRunRecord,
    scenario: Scenario,
    by: Actor | null,
    aborted: boolean,
  ): Promise<ExerciseRunRecord> {
    const now = this.clock.now();
    const ended = { ...run, pausedAt: run.pausedAt ?? now };
    const score = await this.score(ended, scenario, true);
    const fired = await this.fired(run);
    if (
      run.incidentId &&
      !(await this.queries.hasEvent(run.incidentId, 'exercise.completed', 'runId', run.id))
    ) {
      const event: NewEvent = {
        type: 'exercise.completed',
        actor: actorOf(by),
        data: {
          runId: run.id,
          aborted,
          scenarioSeconds: Math.round(scenarioSeconds(clockOf(ended), now)),
          fired: fired.length,
          injects: scenario.injects.length,
          score,
        },
      };
      await this.incidents.withIncident(run.incidentId, (tx) => tx.append([event]));
    }
    return this.runs.update(run.id, {
      status: aborted ? 'aborted' : 'completed',
      pausedAt: ended.pausedAt,
      fired,
      score,
    });
  }

  /**
   * The score so far (`finished` false: cells still open count as pending) or the final one. Cells of the
   * run's incident, timed on the run's clock in scenario seconds: a scripted action carries its inject's
   * time (`scriptedWallTime`), whatever the speed or the machine's load.
   */
  async score(run: ExerciseRunRecord, scenario: Scenario, finished: boolean): Promise<ExerciseScore> {
    const cells = run.incidentId ? await this.queries.cells(run.incidentId) : [];
    const state = clockOf(run);
    const at = (date: Date | null): number | null => (date === null ? null : scenarioSecondAt(state, date));
    const platformKeys: Record<string, string> = {};
    for (const [castKey, binding] of Object.entries(run.cast)) {
      if (binding.platformKey) platformKeys[castKey] = binding.platformKey;
    }
    return scoreExercise(
      scenario.expectations,
      cells.map((c) => ({
        platformKey: c.platformKey,
        createdAt: scenarioSecondAt(state, c.createdAt),
        acknowledgedAt: at(c.acknowledgedAt),
        actedAt: at(c.actedAt),
      })),
      finished,
      platformKeys,
    );
  }

  private itemIds(scenario: Scenario, fired: FiredInject[]): Map<string, string> {
    const byIndex = new Map(scenario.injects.map((i) => [i.index, i]));
    const out = new Map<string, string>();
    for (const f of fired) {
      const inject = byIndex.get(f.index);
      if (inject?.do === 'share' && inject.as && f.itemId) out.set(inject.as, f.itemId);
    }
    return out;
  }
}
