import type { ExerciseRunPatch, ExerciseRunRecord, FiredInject, ScenarioRecord } from './exercise-run.model';

export interface ScenarioRepository {
  insert(scenario: ScenarioRecord): Promise<void>;
  find(id: string): Promise<ScenarioRecord | null>;
  /** The oldest scenario stored from this very text, if any. */
  findBySource(source: string, contentType: ScenarioRecord['contentType']): Promise<ScenarioRecord | null>;
  /** Deletes a scenario no run uses: `in_use` when a run does, `not_found` when there is none. */
  deleteUnused(id: string): Promise<'deleted' | 'in_use' | 'not_found'>;
  /** Newest first. */
  list(page: { after?: { createdAt: Date; id: string }; limit: number }): Promise<ScenarioRecord[]>;
}

export interface ExerciseRunRepository {
  insert(run: ExerciseRunRecord): Promise<void>;
  find(id: string): Promise<ExerciseRunRecord | null>;
  findByIncident(incidentId: string): Promise<ExerciseRunRecord | null>;
  /** Newest first; with `incidentId`, only the run of that incident. */
  list(page: {
    incidentId?: string;
    after?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<ExerciseRunRecord[]>;
  update(id: string, patch: ExerciseRunPatch): Promise<ExerciseRunRecord>;
  delete(id: string): Promise<void>;
  /** Ids of the runs whose clock is running, to wake them after a restart. */
  runningIds(): Promise<string[]>;
  /**
   * Runs `work` while holding the run's lock: every change of a run's clock or injects (ticks in any
   * worker, pause, resume, abort, start) is serialised per run. The lock dies with its holder's
   * connection, so a killed worker never keeps it.
   */
  withRunLock<T>(id: string, work: () => Promise<T>): Promise<T>;
  /** The run's `exercise.inject` events in its incident's log, as fired injects, in log order. */
  firedInjects(incidentId: string, runId: string): Promise<FiredInject[]>;
}

/** Wakes the exercise clock: a tick job for the run at `at`; the same key twice is one job. */
export interface ExerciseTicks {
  schedule(runId: string, at: Date, key: string): Promise<void>;
}
