import { randomUUID } from 'node:crypto';
import type { ExerciseRunView } from '@hub/contracts';
import { assertRole } from '../access/access.policy';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { Actor } from '../core/actor';
import type { NewEvent } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IncidentStore } from '../incidents/incident.ports';
import type { ExerciseReportPart } from '../reports';
import { cursor } from '../incidents/incident-queries.use-cases';
import type { ExerciseReportSource } from '../reports/report.use-case';
import type { CastBinder } from './cast.binder';
import { formatDuration } from './duration';
import { assertSpeed, pause, resume, scenarioSeconds } from './exercise.clock';
import { actorOf, type ExerciseEngine } from './exercise.engine';
import { clockOf, isRunOver, type ExerciseRunRecord } from './exercise-run.model';
import type { ExerciseRunRepository, ScenarioRepository } from './exercise.ports';
import type { ExerciseScore } from './exercise.score';
import type { InjectRunner } from './inject.runner';
import type { Scenario } from './scenario.model';

/** The cast as shown: organisations and platform keys, never the engine's member ids. */
export function castView(bindings: ExerciseRunRecord['cast']): ExerciseRunView['cast'] {
  const cast: ExerciseRunView['cast'] = {};
  for (const [key, b] of Object.entries(bindings)) {
    cast[key] = {
      organisationId: b.organisationId,
      ...(b.platformKey && { platformKey: b.platformKey }),
      simulated: b.simulated,
    };
  }
  return cast;
}

export function exerciseRunView(
  run: ExerciseRunRecord,
  score: ExerciseScore,
  totalInjects: number,
  now: Date,
): ExerciseRunView {
  return {
    id: run.id,
    scenarioId: run.scenarioId,
    incidentId: run.incidentId,
    status: run.status,
    speed: run.speed,
    clock: {
      scenarioSeconds: Math.round(scenarioSeconds(clockOf(run), now) * 1000) / 1000,
      paused: run.status === 'paused',
    },
    injects: { total: totalInjects, fired: run.fired.length },
    score: { ...score, provisional: !isRunOver(run) },
    cast: castView(run.cast),
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
  };
}

/** A run as answered: the score is stored once the run is over, and computed while it goes on. */
async function viewOf(
  engine: ExerciseEngine,
  run: ExerciseRunRecord,
  scenario: Scenario,
  now: Date,
): Promise<ExerciseRunView> {
  const score = run.score ?? (await engine.score(run, scenario, false));
  return exerciseRunView(run, score, scenario.injects.length, now);
}

/**
 * `POST /exercises`: binds the cast, then fires the injects due at the start at once, so the answer
 * carries the exercise incident (declared by the first inject, through CreateIncidentUseCase). A
 * scenario whose first inject comes later than 0m starts its clock at that inject.
 */
export class StartExerciseUseCase {
  constructor(
    private readonly scenarios: ScenarioRepository,
    private readonly runs: ExerciseRunRepository,
    private readonly binder: CastBinder,
    private readonly runner: InjectRunner,
    private readonly engine: ExerciseEngine,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, command: { scenarioId: string; speed: number }): Promise<ExerciseRunRecord> {
    assertRole(actor, ['coordinator'], 'starting an exercise');
    assertSpeed(command.speed);
    const stored = await this.scenarios.find(command.scenarioId);
    if (!stored) throw new DomainError(ERROR_CODES.NOT_FOUND, 'scenario not found');
    const scenario = stored.parsed;
    const cast = await this.binder.bind(actor, scenario);
    const first = scenario.injects[0];
    const now = this.clock.now();
    const run: ExerciseRunRecord = {
      id: randomUUID(),
      scenarioId: stored.id,
      incidentId: null,
      status: 'scheduled',
      speed: command.speed,
      startedAt: new Date(now.getTime() - (first.atSeconds * 1000) / command.speed),
      pausedAt: null,
      pausedMs: 0,
      fired: [],
      cast,
      score: null,
      createdBy: actor.memberId,
      createdAt: now,
      updatedAt: now,
    };
    await this.runs.insert(run);
    return this.runs.withRunLock(run.id, async () => {
      const started: NewEvent = {
        type: 'exercise.started',
        actor: actorOf(actor),
        data: {
          runId: run.id,
          scenarioId: stored.id,
          scenario: scenario.name,
          speed: run.speed,
          // Scenario time 0 in wall time: inject i is due at startedAt + at / speed.
          startedAt: run.startedAt.toISOString(),
          injects: scenario.injects.length,
          cast: castView(run.cast),
        },
      };
      let incidentId: string;
      try {
        ({ incidentId } = await this.runner.fire(run, scenario, first, new Map(), [started]));
      } catch (error) {
        await this.runs.delete(run.id);
        throw error;
      }
      const running = await this.runs.update(run.id, { incidentId, status: 'running' });
      try {
        return await this.engine.advance(running, scenario);
      } catch (error) {
        // The incident exists: let the clock take over from here.
        await this.engine.schedule(run.id, this.clock.now(), 'start').catch(() => {});
        throw error;
      }
    });
  }
}

/** Pause, resume, abort and read a run: coordinators only. Each change is an event of the incident. */
export class ExerciseControlUseCase {
  constructor(
    private readonly runs: ExerciseRunRepository,
    private readonly engine: ExerciseEngine,
    private readonly incidents: IncidentStore,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, runId: string): Promise<ExerciseRunView> {
    assertRole(actor, ['coordinator'], 'reading an exercise');
    return this.view(await this.find(runId));
  }

  async pause(actor: Actor, runId: string): Promise<ExerciseRunView> {
    assertRole(actor, ['coordinator'], 'pausing an exercise');
    return this.runs.withRunLock(runId, async () => {
      const run = this.expectStatus(await this.find(runId), 'running', 'paused');
      const now = this.clock.now();
      const state = pause(clockOf(run), now);
      const paused = await this.runs.update(run.id, { status: 'paused', pausedAt: state.pausedAt });
      await this.append(paused, actor, 'exercise.paused', {
        scenarioSeconds: Math.round(scenarioSeconds(state, now)),
      });
      return this.view(paused);
    });
  }

  async resume(actor: Actor, runId: string): Promise<ExerciseRunView> {
    assertRole(actor, ['coordinator'], 'resuming an exercise');
    return this.runs.withRunLock(runId, async () => {
      const run = this.expectStatus(await this.find(runId), 'paused', 'resumed');
      const now = this.clock.now();
      const state = resume(clockOf(run), now);
      const resumed = await this.runs.update(run.id, {
        status: 'running',
        pausedAt: null,
        pausedMs: state.pausedMs,
      });
      // The clock stood still, and so did the platforms' deadlines: what was still owed moves later.
      const pausedForMs = state.pausedMs - run.pausedMs;
      if (resumed.incidentId) {
        await this.incidents.withIncident(resumed.incidentId, async (tx) => {
          const deadlinesMoved = await tx.shiftOpenDeadlines(pausedForMs);
          await tx.append([
            {
              type: 'exercise.resumed',
              actor: actorOf(actor),
              data: {
                runId: run.id,
                scenarioSeconds: Math.round(scenarioSeconds(state, now)),
                pausedForMs,
                deadlinesMoved,
              },
            },
          ]);
        });
      }
      // The worker's clock picks it up from here (and fires what fell due while paused, in order).
      await this.engine.schedule(run.id, now, `resume_${now.getTime()}`);
      return this.view(resumed);
    });
  }

  /** Stops the clock for good: no inject fires any more; the score is taken as things stand. */
  async abort(actor: Actor, runId: string): Promise<ExerciseRunView> {
    assertRole(actor, ['coordinator'], 'aborting an exercise');
    return this.runs.withRunLock(runId, async () => {
      const run = await this.find(runId);
      if (isRunOver(run)) {
        throw new DomainError(ERROR_CODES.ILLEGAL_TRANSITION, `the exercise is already ${run.status}`);
      }
      const scenario = await this.engine.scenarioOf(run);
      const aborted = await this.engine.finish(run, scenario, actor, true);
      return exerciseRunView(aborted, aborted.score!, scenario.injects.length, this.clock.now());
    });
  }

  private async find(runId: string): Promise<ExerciseRunRecord> {
    const run = await this.runs.find(runId);
    if (!run) throw new DomainError(ERROR_CODES.NOT_FOUND, 'exercise not found');
    return run;
  }

  private expectStatus(
    run: ExerciseRunRecord,
    status: ExerciseRunRecord['status'],
    what: string,
  ): ExerciseRunRecord {
    if (run.status !== status) {
      throw new DomainError(
        ERROR_CODES.ILLEGAL_TRANSITION,
        `the exercise is ${run.status}: only a ${status} exercise can be ${what}`,
      );
    }
    return run;
  }

  private async append(
    run: ExerciseRunRecord,
    actor: Actor,
    type: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    if (!run.incidentId) return;
    await this.incidents.withIncident(run.incidentId, (tx) =>
      tx.append([{ type, actor: actorOf(actor), data: { runId: run.id, ...data } }]),
    );
  }

  private async view(run: ExerciseRunRecord): Promise<ExerciseRunView> {
    return viewOf(this.engine, run, await this.engine.scenarioOf(run), this.clock.now());
  }
}

/**
 * `GET /exercises`: runs newest first, coordinators only. `incidentId` finds the run of an exercise
 * incident. Each run's scenario is read once per page, however many of its runs the page holds.
 */
export class ListExercisesUseCase {
  constructor(
    private readonly runs: ExerciseRunRepository,
    private readonly engine: ExerciseEngine,
    private readonly clock: Clock,
  ) {}

  async execute(
    actor: Actor,
    query: { incidentId?: string; after?: string; limit: number },
  ): Promise<{ runs: ExerciseRunView[]; next?: string }> {
    assertRole(actor, ['coordinator'], 'listing exercises');
    const rows = await this.runs.list({
      incidentId: query.incidentId,
      after: query.after ? cursor.decode(query.after) : undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      runs: await this.views(page),
      next: rows.length > query.limit && last ? cursor.encode(last.createdAt, last.id) : undefined,
    };
  }

  private async views(page: ExerciseRunRecord[]): Promise<ExerciseRunView[]> {
    const scenarios = new Map<string, Scenario>();
    const now = this.clock.now();
    const views: ExerciseRunView[] = [];
    for (const run of page) {
      let scenario = scenarios.get(run.scenarioId);
      if (!scenario) {
        scenario = await this.engine.scenarioOf(run);
        scenarios.set(run.scenarioId, scenario);
      }
      views.push(await viewOf(this.engine, run, scenario, now));
    }
    return views;
  }
}

/** The worker's side: one tick of a run's clock, and waking every running run after a restart. */
export class ExerciseClockUseCase {
  constructor(
    private readonly runs: ExerciseRunRepository,
    private readonly engine: ExerciseEngine,
    private readonly clock: Clock,
  ) {}

  /** Answers what the tick did, for the job's return value. */
  async tick(runId: string, jobKey?: string): Promise<string> {
    return this.runs.withRunLock(runId, async () => {
      const run = await this.runs.find(runId);
      if (!run) return 'gone';
      if (run.status !== 'running' || !run.incidentId) return `skipped: ${run.status}`;
      const scenario = await this.engine.scenarioOf(run);
      const after = await this.engine.advance(run, scenario, jobKey);
      return `${after.status}: ${after.fired.length}/${scenario.injects.length} injects fired`;
    });
  }

  async wakeRunning(): Promise<number> {
    const ids = await this.runs.runningIds();
    const now = this.clock.now();
    for (const id of ids) await this.engine.schedule(id, now, `wake_${now.getTime()}`);
    return ids.length;
  }
}

/** The exercise part of an exercise incident's after-action report. */
export class ExerciseReports implements ExerciseReportSource {
  constructor(
    private readonly runs: ExerciseRunRepository,
    private readonly engine: ExerciseEngine,
  ) {}

  async forIncident(incidentId: string): Promise<ExerciseReportPart | undefined> {
    const run = await this.runs.findByIncident(incidentId);
    if (!run) return undefined;
    const scenario = await this.engine.scenarioOf(run);
    const fired = new Map((await this.engine.fired(run)).map((f) => [f.index, f]));
    const score = run.score ?? (await this.engine.score(run, scenario, false));
    return {
      scenarioName: scenario.name,
      speed: run.speed,
      status: run.status,
      injects: scenario.injects.map((inject) => {
        const f = fired.get(inject.index);
        return {
          at: formatDuration(inject.atSeconds),
          by: inject.by,
          do: inject.do,
          ...(f && { firedAt: f.firedAt }),
          ...(f?.seq != null && { seq: f.seq }),
        };
      }),
      expectations: score.expectations,
      overall: score.overall,
    };
  }
}
