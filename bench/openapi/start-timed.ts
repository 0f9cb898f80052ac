import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { buildOpenApiDocument, configureHttp } from '@hub/api';
import { startHub } from '@hub/platform';
import { performance } from 'node:perf_hooks';

/**
 * One cold start of the hub in this fresh process, on the database of DATABASE_URL and the PORT given,
 * for `document.bench.ts`, which times it from outside (to `/health/ready`, then `/docs-json`).
 * `shipped`: as the hub starts (the OpenAPI document built at start, a controller at a time once the
 * server listens). `lazy`: the reference, no document at start (the first `GET /docs-json` builds it).
 * `eager`: the document built in one piece before the server listens, timed alone. `migrate`: migrations
 * only. Prints one JSON line once listening, then runs until SIGTERM.
 */
async function main(): Promise<void> {
  const variant = process.argv[2] ?? 'shipped';
  let documentMs: number | undefined;
  const started = performance.now();
  const hub = await startHub({
    ...HUB_OPTIONS,
    migrate: variant === 'migrate',
    env: process.env,
    configureHttp: async (app, config) => {
      configureHttp(app, config, { openApiAtStart: variant === 'shipped' });
      if (variant !== 'eager') return;
      const t0 = performance.now();
      buildOpenApiDocument(app);
      documentMs = performance.now() - t0;
    },
  });
  const startMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ variant, startMs, documentMs })}\n`);
  if (variant === 'migrate') return hub.close();
  process.once('SIGTERM', () => void hub.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
