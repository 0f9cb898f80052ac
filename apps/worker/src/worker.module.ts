import { Module, type DynamicModule } from '@nestjs/common';
import {
  BanksModule,
  DeadlinesModule,
  DeliveriesModule,
  ElectionMailModule,
  ExercisesModule,
  FederationModule,
  QuarantineMailModule,
  IncidentsModule,
  MailModule,
  MatchingModule,
  RetentionModule,
  type HubConfig,
  type HubRuntime,
} from '@hub/platform';
import { BankBackfillProcessor } from './banks/bank-backfill.processor';
import { BankCheckProcessor } from './banks/bank-check.processor';
import { BankPartitionProcessor } from './banks/bank-partition.processor';
import { QuarantineMailProcessor } from './banks/quarantine-mail.processor';
import { DeadlinesProcessor } from './deadlines/deadlines.processor';
import { DeliveriesProcessor } from './deliveries/deliveries.processor';
import { FederationProcessor } from './federation/federation.processor';
import { ExerciseClockProcessor } from './exercises/exercise-clock.processor';
import { WarningMailProcessor } from './elections/warning-mail.processor';
import { MailProcessor } from './mail/mail.processor';
import { MatchingProcessor } from './matching/matching.processor';
import { JobEnqueuer } from './relay/job-enqueuer';
import { RelayElection } from './relay/relay-election';
import { RelayService } from './relay/relay.service';
import { RetentionProcessor } from './retention/retention.processor';

/** The processes that turn the event log into side effects: the relay and the queue processors. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(_config: HubConfig, _runtime: HubRuntime): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        IncidentsModule,
        DeliveriesModule,
        DeadlinesModule,
        MatchingModule,
        BanksModule,
        RetentionModule,
        ExercisesModule,
        MailModule,
        ElectionMailModule,
        QuarantineMailModule,
        FederationModule,
      ],
      providers: [
        JobEnqueuer,
        RelayElection,
        RelayService,
        DeliveriesProcessor,
        DeadlinesProcessor,
        MatchingProcessor,
        BankCheckProcessor,
        RetentionProcessor,
        ExerciseClockProcessor,
        MailProcessor,
        WarningMailProcessor,
        BankPartitionProcessor,
        BankBackfillProcessor,
        QuarantineMailProcessor,
        FederationProcessor,
      ],
      exports: [RelayService],
    };
  }
}
