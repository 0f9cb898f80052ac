import { ApiModule, configureHttp } from '@hub/api';
import type { StartOptions } from '@hub/platform';
import { WorkerModule } from '@hub/worker';

/** The whole hub in one process: the api with its incident room, and the workers. */
export const HUB_OPTIONS: StartOptions = {
  name: 'crisis-hub',
  parts: [
    (config, runtime) => ApiModule.forRoot(config, runtime),
    (config, runtime) => WorkerModule.forRoot(config, runtime),
  ],
  http: true,
  migrate: true,
  configureHttp,
};
