import 'reflect-metadata';
import { runMain } from '@hub/platform';
import { ApiModule } from './api.module';
import { configureHttp } from './configure-http';

/** The api alone (REST and the incident room), for scale-out next to `start:worker`. */
void runMain({
  name: 'crisis-hub api',
  parts: [(config, runtime) => ApiModule.forRoot(config, runtime)],
  http: true,
  migrate: false,
  configureHttp,
});
