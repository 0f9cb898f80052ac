import { Module, type DynamicModule } from '@nestjs/common';
import {
  BanksModule,
  DeadlinesModule,
  DeliveriesModule,
  ExercisesModule,
  IncidentsModule,
  MailModule,
  MatchingModule,
  RetentionModule,
  type HubConfig,
  type HubRuntime,
} from '@hub/platform';
import { BankBackfillProcessor } from './banks/bank-backfill.processor';
import { BankPartitionProcessor } from './processors/bank-partition.processor';
import { ExerciseClockProcessor } from './processors/exercise-clock.processor';
import { MailProcessor } from './processors/mail.processor';
import { ProcessorsService } from './processors/processors.service';
import { JobEnqueuer } from './relay/job-enqueuer';
import { RelayElection } from './relay/relay-election';
import { RelayService } from './relay/relay.service';

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
      ],
      providers: [
        JobEnqueuer,
        RelayElection,
        RelayService,
        ProcessorsService,
        ExerciseClockProcessor,
        MailProcessor,
        BankPartitionProcessor,
        BankBackfillProcessor,
      ],
      exports: [RelayService],
    };
  }
}
