import { CursorPageQuery } from './page.dto';
import { IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Category, IncidentLevel } from './enums';

export const EXERCISE_STATUSES = ['scheduled', 'running', 'paused', 'completed', 'aborted'] as const;
export type ExerciseStatus = (typeof EXERCISE_STATUSES)[number];

/** How much faster than real time an exercise may run: the API's bounds, which the CLI checks before uploading. */
export const EXERCISE_SPEED = { min: 1, max: 1000 } as const;

/** `POST /exercises`: replay a stored scenario, `speed` times faster than real time. */
export class CreateExerciseDto {
  @IsUUID()
  scenarioId!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(EXERCISE_SPEED.min)
  @Max(EXERCISE_SPEED.max)
  speed!: number;
}

export class ListScenariosQuery extends CursorPageQuery {}

/** `GET /exercises`: runs newest first; `incidentId` finds the run of an exercise incident. */
export class ListExercisesQuery extends CursorPageQuery {
  @IsOptional()
  @IsUUID()
  incidentId?: string;
}

export interface ScenarioView {
  id: string;
  name: string;
  category: Category;
  level: IncidentLevel;
  /** How many injects and expectations the scenario holds. */
  injects: number;
  expectations: number;
  createdAt: string;
}

export interface ExpectationResultView {
  platformKey: string;
  kind: 'acknowledge' | 'act';
  withinMinutes: number;
  /** In scenario minutes; null while (or when) the slowest cell never got there. */
  actualMinutes: number | null;
  met: boolean;
}

export interface ExerciseScoreView {
  overall: number;
  expectations: ExpectationResultView[];
  /** True while the run goes on: the score can still change. */
  provisional: boolean;
}

export interface ExerciseRunView {
  id: string;
  scenarioId: string;
  incidentId: string | null;
  status: ExerciseStatus;
  speed: number;
  clock: { scenarioSeconds: number; paused: boolean };
  injects: { total: number; fired: number };
  score: ExerciseScoreView;
  /** The cast as bound for this run: cast key to organisation (and platform key), simulated or not. */
  cast: Record<string, { organisationId: string; platformKey?: string; simulated: boolean }>;
  createdAt: string;
  updatedAt: string;
}
