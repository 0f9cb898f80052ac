import { Module } from '@nestjs/common';
import {
  CastBinder,
  CreateMemberUseCase,
  CreateOrganisationUseCase,
  CreateScenarioUseCase,
  DeleteScenarioUseCase,
  ExerciseClockUseCase,
  ExerciseControlUseCase,
  ExerciseEngine,
  ExerciseReports,
  InjectRunner,
  ListExercisesUseCase,
  ListScenariosUseCase,
  StartExerciseUseCase,
} from '@hub/domain';
import { PgExerciseRunRepository, PgScenarioRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { QueueFactory } from '../queues/queue.factory';
import {
  CLOCK,
  EXERCISE_REPORTS,
  EXERCISE_RUN_REPOSITORY,
  EXERCISE_TICKS,
  IDENTITY_REPOSITORY,
  INCIDENT_QUERIES,
  INCIDENT_STORE,
  PROTOCOLS,
  URL_RULES,
  SCENARIO_REPOSITORY,
} from '../tokens';
import { QueueExerciseTicks } from './queue-exercise-ticks';

const providers = [
  provide(SCENARIO_REPOSITORY, [DataSource], (db) => new PgScenarioRepository(db)),
  provide(EXERCISE_RUN_REPOSITORY, [DataSource], (db) => new PgExerciseRunRepository(db)),
  provide(EXERCISE_TICKS, [QueueFactory, CLOCK], (queues, clock) => new QueueExerciseTicks(queues, clock)),
  // Injects fire through the incident store, as people's actions do.
  provide(
    InjectRunner,
    [INCIDENT_STORE, IDENTITY_REPOSITORY, PROTOCOLS, CLOCK, URL_RULES],
    (store, ids, protocols, clock, urlRules) => new InjectRunner(store, ids, protocols, clock, urlRules),
  ),
  provide(
    CastBinder,
    [IDENTITY_REPOSITORY, CreateOrganisationUseCase, CreateMemberUseCase],
    (ids, organisations, members) => new CastBinder(ids, organisations, members),
  ),
  provide(
    ExerciseEngine,
    [
      EXERCISE_RUN_REPOSITORY,
      SCENARIO_REPOSITORY,
      INCIDENT_STORE,
      INCIDENT_QUERIES,
      InjectRunner,
      EXERCISE_TICKS,
      CLOCK,
    ],
    (runs, scenarios, store, queries, runner, ticks, clock) =>
      new ExerciseEngine(runs, scenarios, store, queries, runner, ticks, clock),
  ),
  provide(
    CreateScenarioUseCase,
    [SCENARIO_REPOSITORY, CLOCK],
    (scenarios, clock) => new CreateScenarioUseCase(scenarios, clock),
  ),
  provide(ListScenariosUseCase, [SCENARIO_REPOSITORY], (scenarios) => new ListScenariosUseCase(scenarios)),
  provide(DeleteScenarioUseCase, [SCENARIO_REPOSITORY], (scenarios) => new DeleteScenarioUseCase(scenarios)),
  provide(
    StartExerciseUseCase,
    [SCENARIO_REPOSITORY, EXERCISE_RUN_REPOSITORY, CastBinder, InjectRunner, ExerciseEngine, CLOCK],
    (scenarios, runs, binder, runner, engine, clock) =>
      new StartExerciseUseCase(scenarios, runs, binder, runner, engine, clock),
  ),
  provide(
    ExerciseControlUseCase,
    [EXERCISE_RUN_REPOSITORY, ExerciseEngine, INCIDENT_STORE, CLOCK],
    (runs, engine, store, clock) => new ExerciseControlUseCase(runs, engine, store, clock),
  ),
  provide(
    ListExercisesUseCase,
    [EXERCISE_RUN_REPOSITORY, ExerciseEngine, CLOCK],
    (runs, engine, clock) => new ListExercisesUseCase(runs, engine, clock),
  ),
  provide(
    ExerciseClockUseCase,
    [EXERCISE_RUN_REPOSITORY, ExerciseEngine, CLOCK],
    (runs, engine, clock) => new ExerciseClockUseCase(runs, engine, clock),
  ),
  provide(
    EXERCISE_REPORTS,
    [EXERCISE_RUN_REPOSITORY, ExerciseEngine],
    (runs, engine) => new ExerciseReports(runs, engine),
  ),
];

/**
 * Exercises: scenarios, runs and the replay clock (delayed jobs on the exercises queue). A run binds the
 * scenario's cast to organisations and members, and fires its injects through the incidents' use cases.
 */
@Module({
  imports: [IncidentsModule, IdentityModule],
  providers,
  exports: [
    CreateScenarioUseCase,
    ListScenariosUseCase,
    DeleteScenarioUseCase,
    StartExerciseUseCase,
    ExerciseControlUseCase,
    ListExercisesUseCase,
    ExerciseClockUseCase,
    EXERCISE_REPORTS,
  ],
})
export class ExercisesModule {}
