import { Module, type DynamicModule } from '@nestjs/common';
import type { HubConfig, HubRuntime } from '@hub/platform';

/** The processors that turn the event log into side effects. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(_config: HubConfig, _runtime: HubRuntime): DynamicModule {
    return { module: WorkerModule, providers: [] };
  }
}
