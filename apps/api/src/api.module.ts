import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import {
  AdministrationModule,
  AnalyticsModule,
  AuditModule,
  AuthGuard,
  BanksModule,
  ContactsModule,
  createValidationPipe,
  ElectionsModule,
  ExercisesModule,
  ExportsModule,
  FederationModule,
  HttpExceptionFilter,
  HubThrottlerGuard,
  IdentityModule,
  IncidentsModule,
  MailModule,
  MatchingModule,
  MetricsService,
  PublicAccountModule,
  RedisThrottlerStorage,
  ReportsModule,
  SignInModule,
  TaxiiModule,
  TransparencyModule,
  type HubConfig,
  type HubRuntime,
} from '@hub/platform';
import { AdministrationController } from './administration/administration.controller';
import { AnalyticsController } from './analytics/analytics.controller';
import { BulletinController } from './analytics/bulletin.controller';
import { AuditController } from './audit/audit.controller';
import { BanksController } from './banks/banks.controller';
import { ContactsController } from './contacts/contacts.controller';
import { ElectionsController } from './elections/elections.controller';
import { WarningsController } from './elections/warnings.controller';
import { ExercisesController } from './exercises/exercises.controller';
import { ScenariosController } from './exercises/scenarios.controller';
import { ExportsController } from './exports/exports.controller';
import { FederationEventsController } from './federation/federation-events.controller';
import { PeersController } from './federation/peers.controller';
import { HealthController } from './health/health.controller';
import { HttpMetricsMiddleware } from './http/http-metrics.middleware';
import { IdentityController } from './identity/identity.controller';
import { LanguagesController } from './languages/languages.controller';
import { IncidentsController } from './incidents/incidents.controller';
import { ItemsController } from './incidents/items.controller';
import { HashesController } from './matching/hashes.controller';
import { MailMetrics } from './receipts/mail-metrics';
import { PublicAccountController } from './public-account/public-account.controller';
import { ReceiptsController } from './receipts/receipts.controller';
import { AuthController } from './sign-in/auth.controller';
import { SsoController } from './sign-in/sso.controller';
import { IncidentRoomGateway } from './room/incident-room.gateway';
import { RoomFanout } from './room/room-fanout.service';
import { WarningFanout } from './room/warning-fanout.service';
import { StatementsController } from './transparency/statements.controller';
import { TaxiiController } from './taxii/taxii.controller';
import { TechniquesController } from './techniques/techniques.controller';

/** The HTTP api and the incident room: routes and the gateway over the features' use cases. */
@Module({})
export class ApiModule implements NestModule {
  static forRoot(config: HubConfig, runtime: HubRuntime): DynamicModule {
    const storage = runtime.redisUrl
      ? new RedisThrottlerStorage(runtime.redisUrl, runtime.keyPrefix)
      : undefined;
    return {
      module: ApiModule,
      imports: [
        IdentityModule,
        IncidentsModule,
        ReportsModule,
        MatchingModule,
        ExercisesModule,
        ExportsModule,
        BanksModule,
        AuditModule,
        AdministrationModule,
        TransparencyModule,
        ContactsModule,
        ElectionsModule,
        FederationModule,
        MailModule,
        SignInModule,
        TaxiiModule,
        AnalyticsModule,
        PublicAccountModule,
        TerminusModule,
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'token', ttl: 60_000, limit: config.HUB_RATE_LIMIT_PER_MINUTE }],
          storage,
        }),
      ],
      controllers: [
        IdentityController,
        LanguagesController,
        AdministrationController,
        IncidentsController,
        ItemsController,
        HashesController,
        AuditController,
        HealthController,
        ScenariosController,
        ExercisesController,
        StatementsController,
        ExportsController,
        BanksController,
        ContactsController,
        ElectionsController,
        WarningsController,
        PeersController,
        FederationEventsController,
        ReceiptsController,
        AuthController,
        SsoController,
        TaxiiController,
        TechniquesController,
        AnalyticsController,
        BulletinController,
        PublicAccountController,
      ],
      providers: [
        MetricsService,
        MailMetrics,
        RoomFanout,
        WarningFanout,
        IncidentRoomGateway,
        // Registered as a provider too, so its Redis connection closes with the app.
        ...(storage ? [{ provide: RedisThrottlerStorage, useValue: storage }] : []),
        // Order matters: authenticate first, then count against the token.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: HubThrottlerGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [MetricsService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*splat}');
  }
}
