import 'reflect-metadata';
import { runMain } from '@hub/platform';
import { WorkerModule } from './worker.module';

/** The workers alone, for scale-out next to `start:api`; run as many as needed. */
void runMain({
  name: 'crisis-hub worker',
  parts: [(config, runtime) => WorkerModule.forRoot(config, runtime)],
  http: false,
  migrate: false,
});
