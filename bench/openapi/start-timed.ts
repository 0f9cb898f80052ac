import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { buildOpenApiDocument, configureHttp } from '@hub/api';
import { startHub } from '@hub/platform';
import { performance } from 'node:perf_hooks';

/**
 * One cold start of the hub in this fresh process, on the database of DATABASE_URL, timed whole.
 * `shipped`: as the hub starts (the OpenAPI document built on the first request for it), then the first
 * and a second `GET /docs-json` timed. `eager`: the document built during the start as well, timed alone
 * (what building it at start would add). Prints one JSON line.
 */
async function main(): Promise<void> {
  const variant = process.argv[2] ?? 'shipped';
  let documentMs: number | undefined;
  const started = performance.now();
  const hub = await startHub({
    ...HUB_OPTIONS,
    migrate: variant === 'migrate',
    env: process.env,
    configureHttp:
      variant !== 'eager'
        ? configureHttp
        : async (app, config) => {
            await configureHttp(app, config);
            const t0 = performance.now();
            buildOpenApiDocument(app);
            documentMs = performance.now() - t0;
          },
  });
  const startMs = performance.now() - started;
  const timedFetch = async () => {
    const t0 = performance.now();
    const res = await fetch(`${hub.url}/docs-json`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
    return performance.now() - t0;
  };
  const firstDocsMs = variant === 'shipped' ? await timedFetch() : undefined;
  const warmDocsMs = variant === 'shipped' ? await timedFetch() : undefined;
  await hub.close();
  process.stdout.write(`${JSON.stringify({ variant, startMs, documentMs, firstDocsMs, warmDocsMs })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
