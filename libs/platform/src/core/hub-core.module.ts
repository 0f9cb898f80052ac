import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import {
  AuthenticateUseCase,
  BootstrapAdminUseCase,
  CreateIncidentUseCase,
  CreateMemberUseCase,
  CreateOrganisationUseCase,
  GiveFeedbackUseCase,
  IncidentActionUseCase,
  IncidentQueriesUseCase,
  loadProtocolsFile,
  PostMessageUseCase,
  RevokeTokensUseCase,
  ShareItemsUseCase,
  systemClock,
  UpdateContainmentUseCase,
  WhoAmIUseCase,
  DeliverWebhookUseCase,
  CheckDeadlineUseCase,
  IncidentReportUseCase,
  ListOrganisationsUseCase,
  type Clock,
  type IdentityRepository,
  type IncidentQueries,
  type IncidentStore,
  type ProtocolSet,
} from '@hub/domain';
import {
  createDataSource,
  PgAuditLog,
  PgIncidentQueries,
  PgIncidentStore,
  TypeormIdentityRepository,
} from '@hub/persistence';
import { DataSource } from 'typeorm';
// --- PDQ matching and retention (imports) ---
import { HashMatchUseCase, MatchItemUseCase, PdqMatcher, PurgePersonalDataUseCase } from '@hub/domain';
import { PgPdqSource } from '@hub/persistence';
import { PDQ_SOURCE, PdqMatcherService } from '../matching/pdq-matcher.service';
// --- end PDQ matching and retention (imports) ---
// --- exercises (imports) ---
import {
  CastBinder,
  CreateScenarioUseCase,
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
import { QueueExerciseTicks } from '../exercises/queue-exercise-ticks';
// --- end exercises (imports) ---
import type { HubConfig } from '../config/config.schema';
import { QueueFactory } from '../queues/queue.factory';
import { EventFeed } from '../realtime/event-feed.service';
import { FetchWebhookSender } from '../webhooks/fetch-webhook.sender';
import type { HubRuntime } from '../runtime';
import {
  AUDIT_LOG,
  CLOCK,
  HUB_CONFIG,
  HUB_RUNTIME,
  IDENTITY_REPOSITORY,
  INCIDENT_QUERIES,
  INCIDENT_STORE,
  PROTOCOLS,
} from '../tokens';

/** Closes what the core opened, after the apps' own shutdown hooks have run. */
@Injectable()
class CoreShutdown implements OnApplicationShutdown {
  constructor(
    private readonly db: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

type Factory<T> = (...deps: any[]) => T;
const useCase = <T>(provide: new (...args: any[]) => T, useFactory: Factory<T>, inject: unknown[]) => ({
  provide,
  useFactory,
  inject: inject as never[],
});

/**
 * The composition root shared by the api and the worker: the database, the repositories, the protocol
 * set, the queues and the use cases, each built once.
 */
@Global()
@Module({})
export class HubCoreModule {
  static forRoot(config: HubConfig, runtime: HubRuntime, clock: Clock = systemClock): DynamicModule {
    const stores = [INCIDENT_STORE, IDENTITY_REPOSITORY, PROTOCOLS, CLOCK];
    const providers = [
      { provide: HUB_CONFIG, useValue: config },
      { provide: HUB_RUNTIME, useValue: runtime },
      { provide: CLOCK, useValue: clock },
      {
        provide: DataSource,
        useFactory: async () => {
          const db = createDataSource({ url: runtime.databaseUrl, applicationName: 'crisis-hub' });
          await db.initialize();
          return db;
        },
      },
      {
        provide: PROTOCOLS,
        useFactory: (): (() => ProtocolSet) => {
          const set = loadProtocolsFile(config.HUB_PROTOCOL_FILE);
          return () => set;
        },
      },
      {
        provide: QueueFactory,
        useFactory: async () => {
          const queues = new QueueFactory(runtime);
          await queues.init();
          return queues;
        },
      },
      {
        provide: IDENTITY_REPOSITORY,
        useFactory: (db: DataSource) => new TypeormIdentityRepository(db),
        inject: [DataSource],
      },
      {
        provide: INCIDENT_STORE,
        useFactory: (db: DataSource, c: Clock, feed: EventFeed) =>
          new PgIncidentStore(db, c, (notice) => feed.announce(notice)),
        inject: [DataSource, CLOCK, EventFeed],
      },
      {
        provide: INCIDENT_QUERIES,
        useFactory: (db: DataSource) => new PgIncidentQueries(db),
        inject: [DataSource],
      },
      { provide: AUDIT_LOG, useFactory: (db: DataSource) => new PgAuditLog(db), inject: [DataSource] },
      useCase(AuthenticateUseCase, (ids: IdentityRepository) => new AuthenticateUseCase(ids), [
        IDENTITY_REPOSITORY,
      ]),
      useCase(
        BootstrapAdminUseCase,
        (ids: IdentityRepository, c: Clock) => new BootstrapAdminUseCase(ids, c),
        [IDENTITY_REPOSITORY, CLOCK],
      ),
      useCase(
        CreateOrganisationUseCase,
        (ids: IdentityRepository, c: Clock) => new CreateOrganisationUseCase(ids, c),
        [IDENTITY_REPOSITORY, CLOCK],
      ),
      useCase(CreateMemberUseCase, (ids: IdentityRepository, c: Clock) => new CreateMemberUseCase(ids, c), [
        IDENTITY_REPOSITORY,
        CLOCK,
      ]),
      useCase(WhoAmIUseCase, (ids: IdentityRepository) => new WhoAmIUseCase(ids), [IDENTITY_REPOSITORY]),
      useCase(ListOrganisationsUseCase, (ids: IdentityRepository) => new ListOrganisationsUseCase(ids), [
        IDENTITY_REPOSITORY,
      ]),
      useCase(RevokeTokensUseCase, (ids: IdentityRepository) => new RevokeTokensUseCase(ids), [
        IDENTITY_REPOSITORY,
      ]),
      useCase(
        CreateIncidentUseCase,
        (s: IncidentStore, ids: IdentityRepository, p: () => ProtocolSet, c: Clock) =>
          new CreateIncidentUseCase(s, ids, p, c),
        stores,
      ),
      useCase(
        IncidentActionUseCase,
        (s: IncidentStore, ids: IdentityRepository, p: () => ProtocolSet, c: Clock) =>
          new IncidentActionUseCase(s, ids, p, c),
        stores,
      ),
      useCase(
        ShareItemsUseCase,
        (s: IncidentStore, ids: IdentityRepository, p: () => ProtocolSet, c: Clock) =>
          new ShareItemsUseCase(s, ids, p, c),
        stores,
      ),
      useCase(UpdateContainmentUseCase, (s: IncidentStore, c: Clock) => new UpdateContainmentUseCase(s, c), [
        INCIDENT_STORE,
        CLOCK,
      ]),
      useCase(PostMessageUseCase, (s: IncidentStore) => new PostMessageUseCase(s), [INCIDENT_STORE]),
      useCase(GiveFeedbackUseCase, (s: IncidentStore) => new GiveFeedbackUseCase(s), [INCIDENT_STORE]),
      useCase(
        IncidentQueriesUseCase,
        (s: IncidentStore, q: IncidentQueries, c: Clock) => new IncidentQueriesUseCase(s, q, c),
        [INCIDENT_STORE, INCIDENT_QUERIES, CLOCK],
      ),
      useCase(
        IncidentReportUseCase,
        // exercises: the 5th argument adds the exercise part to an exercise incident's report.
        (
          q: IncidentQueriesUseCase,
          iq: IncidentQueries,
          ids: IdentityRepository,
          c: Clock,
          x: ExerciseReports,
        ) => new IncidentReportUseCase(q, iq, ids, c, x),
        [IncidentQueriesUseCase, INCIDENT_QUERIES, IDENTITY_REPOSITORY, CLOCK, ExerciseReports],
      ),
      EventFeed,
      // --- PDQ matching and retention ---
      // One matcher per process, loaded at start and kept in step by PdqMatcherService.
      { provide: PdqMatcher, useFactory: () => new PdqMatcher() },
      { provide: PDQ_SOURCE, useFactory: (db: DataSource) => new PgPdqSource(db), inject: [DataSource] },
      PdqMatcherService,
      useCase(
        MatchItemUseCase,
        (s: IncidentStore, q: IncidentQueries, ids: IdentityRepository, m: PdqMatcher) =>
          new MatchItemUseCase(s, q, ids, m),
        [INCIDENT_STORE, INCIDENT_QUERIES, IDENTITY_REPOSITORY, PdqMatcher],
      ),
      useCase(HashMatchUseCase, (s: IncidentStore, m: PdqMatcher) => new HashMatchUseCase(s, m), [
        INCIDENT_STORE,
        PdqMatcher,
      ]),
      useCase(PurgePersonalDataUseCase, (s: IncidentStore) => new PurgePersonalDataUseCase(s), [
        INCIDENT_STORE,
      ]),
      // --- end PDQ matching and retention ---
      // --- workers' use cases ---
      useCase(
        DeliverWebhookUseCase,
        (s: IncidentStore, q: IncidentQueries, ids: IdentityRepository, c: Clock) =>
          new DeliverWebhookUseCase(
            s,
            q,
            ids,
            new FetchWebhookSender(config.HUB_WEBHOOK_TIMEOUT_MS, {
              allowPrivate: config.HUB_WEBHOOK_ALLOW_PRIVATE,
            }),
            c,
          ),
        [INCIDENT_STORE, INCIDENT_QUERIES, IDENTITY_REPOSITORY, CLOCK],
      ),
      useCase(
        CheckDeadlineUseCase,
        (s: IncidentStore, c: Clock) => new CheckDeadlineUseCase(s, c, config.HUB_OVERDUE_REPEAT_MINUTES),
        [INCIDENT_STORE, CLOCK],
      ),
      // --- exercises ---
      // Scenarios, runs and the replay clock; injects fire through the use cases above.
      {
        provide: PgScenarioRepository,
        useFactory: (db: DataSource) => new PgScenarioRepository(db),
        inject: [DataSource],
      },
      {
        provide: PgExerciseRunRepository,
        useFactory: (db: DataSource) => new PgExerciseRunRepository(db),
        inject: [DataSource],
      },
      {
        provide: QueueExerciseTicks,
        useFactory: (q: QueueFactory, c: Clock) => new QueueExerciseTicks(q, c),
        inject: [QueueFactory, CLOCK],
      },
      useCase(
        InjectRunner,
        (s: IncidentStore, ids: IdentityRepository, p: () => ProtocolSet, c: Clock) =>
          new InjectRunner(s, ids, p, c),
        stores,
      ),
      useCase(
        CastBinder,
        (ids: IdentityRepository, o: CreateOrganisationUseCase, m: CreateMemberUseCase) =>
          new CastBinder(ids, o, m),
        [IDENTITY_REPOSITORY, CreateOrganisationUseCase, CreateMemberUseCase],
      ),
      useCase(
        ExerciseEngine,
        (
          runs: PgExerciseRunRepository,
          sc: PgScenarioRepository,
          s: IncidentStore,
          q: IncidentQueries,
          r: InjectRunner,
          t: QueueExerciseTicks,
          c: Clock,
        ) => new ExerciseEngine(runs, sc, s, q, r, t, c),
        [
          PgExerciseRunRepository,
          PgScenarioRepository,
          INCIDENT_STORE,
          INCIDENT_QUERIES,
          InjectRunner,
          QueueExerciseTicks,
          CLOCK,
        ],
      ),
      useCase(
        CreateScenarioUseCase,
        (sc: PgScenarioRepository, c: Clock) => new CreateScenarioUseCase(sc, c),
        [PgScenarioRepository, CLOCK],
      ),
      useCase(ListScenariosUseCase, (sc: PgScenarioRepository) => new ListScenariosUseCase(sc), [
        PgScenarioRepository,
      ]),
      useCase(
        StartExerciseUseCase,
        (
          sc: PgScenarioRepository,
          runs: PgExerciseRunRepository,
          b: CastBinder,
          r: InjectRunner,
          e: ExerciseEngine,
          c: Clock,
        ) => new StartExerciseUseCase(sc, runs, b, r, e, c),
        [PgScenarioRepository, PgExerciseRunRepository, CastBinder, InjectRunner, ExerciseEngine, CLOCK],
      ),
      useCase(
        ExerciseControlUseCase,
        (runs: PgExerciseRunRepository, e: ExerciseEngine, s: IncidentStore, c: Clock) =>
          new ExerciseControlUseCase(runs, e, s, c),
        [PgExerciseRunRepository, ExerciseEngine, INCIDENT_STORE, CLOCK],
      ),
      useCase(
        ListExercisesUseCase,
        (runs: PgExerciseRunRepository, e: ExerciseEngine, c: Clock) => new ListExercisesUseCase(runs, e, c),
        [PgExerciseRunRepository, ExerciseEngine, CLOCK],
      ),
      useCase(
        ExerciseClockUseCase,
        (runs: PgExerciseRunRepository, e: ExerciseEngine, c: Clock) => new ExerciseClockUseCase(runs, e, c),
        [PgExerciseRunRepository, ExerciseEngine, CLOCK],
      ),
      useCase(
        ExerciseReports,
        (runs: PgExerciseRunRepository, e: ExerciseEngine) => new ExerciseReports(runs, e),
        [PgExerciseRunRepository, ExerciseEngine],
      ),
      // --- end exercises ---
      CoreShutdown,
    ];
    return {
      module: HubCoreModule,
      global: true,
      providers,
      exports: providers.filter((p) => p !== CoreShutdown).map((p) => ('provide' in p ? p.provide : p)),
    };
  }
}
