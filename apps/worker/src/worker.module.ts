import { Module, type DynamicModule } from '@nestjs/common';
import type { HubConfig, HubRuntime } from '@hub/platform';
import { ProcessorsService } from './processors/processors.service';
import { JobEnqueuer } from './relay/job-enqueuer';
import { RelayService } from './relay/relay.service';
// --- exercises ---
import { ExerciseClockProcessor } from './processors/exercise-clock.processor';
// --- end exercises ---

/** The processes that turn the event log into side effects: the relay and the queue processors. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(_config: HubConfig, _runtime: HubRuntime): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        JobEnqueuer,
        RelayService,
        ProcessorsService,
        // --- exercises ---
        ExerciseClockProcessor,
        // --- end exercises ---
      ],
      exports: [RelayService],
    };
  }
}
