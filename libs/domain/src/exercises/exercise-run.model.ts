import type { Category, ExerciseStatus, IncidentLevel } from '@hub/contracts';
import type { ClockState } from './exercise.clock';
import type { ExerciseScore } from './exercise.score';
import type { ScenarioContentType } from './scenario.source';
import type { Scenario } from './scenario.model';

/** A scenario as stored: the text as given, and what the parser made of it. */
export interface ScenarioRecord {
  id: string;
  name: string;
  category: Category;
  level: IncidentLevel;
  source: string;
  contentType: ScenarioContentType;
  parsed: Scenario;
  createdBy: string | null;
  createdAt: Date;
}

/**
 * One cast member bound for a run: the organisation it plays and the member the engine acts as. Only
 * the member id is kept: the engine builds the actor from it and never holds a token.
 */
export interface CastBinding {
  organisationId: string;
  memberId: string;
  /** The platform key of the bound organisation (the scenario's own, or `<key>-sim-<hex>`). */
  platformKey?: string;
  simulated: boolean;
}

/**
 * An inject that fired, as read back from the incident's log (the `exercise.inject` events are the
 * record; the run row keeps a copy for reading). `seq` is the event the action produced; a refused
 * inject has none and carries the refusal instead.
 */
export interface FiredInject {
  index: number;
  firedAt: string;
  seq: number | null;
  itemId?: string;
  refused?: string;
}

export interface ExerciseRunRecord {
  id: string;
  scenarioId: string;
  incidentId: string | null;
  status: ExerciseStatus;
  speed: number;
  startedAt: Date;
  pausedAt: Date | null;
  pausedMs: number;
  fired: FiredInject[];
  cast: Record<string, CastBinding>;
  /** Stored once the run is over; while it runs the score is computed on demand. */
  score: ExerciseScore | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ExerciseRunPatch = Partial<
  Pick<
    ExerciseRunRecord,
    'incidentId' | 'status' | 'startedAt' | 'pausedAt' | 'pausedMs' | 'fired' | 'score' | 'cast'
  >
>;

export const clockOf = (run: ExerciseRunRecord): ClockState => ({
  speed: run.speed,
  startedAt: run.startedAt,
  pausedAt: run.pausedAt,
  pausedMs: run.pausedMs,
});

export const isRunOver = (run: ExerciseRunRecord): boolean =>
  run.status === 'completed' || run.status === 'aborted';
