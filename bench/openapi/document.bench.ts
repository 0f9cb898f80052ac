import { packageRoot } from '@hub/platform';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * What the OpenAPI document costs a start: fresh processes, alternating, each starting the whole hub (api
 * and worker, no Redis) on one migrated database. `shipped` is the start as the hub does it (the document
 * built on the first `GET /docs-json`, timed too); `eager` builds the document during the start as well,
 * the same-run reference of what building it at start would add.
 * `node dist/bench/openapi/document.bench.js [--rounds=5]`
 *
 * Self-contained (no @hub/testing): the built testing library needs its fixtures, which the build leaves out.
 */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface RunResult {
  variant: string;
  startMs: number;
  documentMs?: number;
  firstDocsMs?: number;
  warmDocsMs?: number;
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function main(): Promise<void> {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 5);
  const name = `hub_benchopenapi_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  try {
    const script = join(packageRoot(), 'dist/bench/openapi/start-timed.js');
    const run = (variant: string): RunResult => {
      const child = spawnSync(process.execPath, [script, variant], {
        env: { ...process.env, DATABASE_URL: url.toString(), PORT: '0', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`start-timed exited ${child.status}: ${child.stderr}`);
      return JSON.parse(child.stdout.trim().split('\n').pop()!) as RunResult;
    };
    run('migrate'); // once, untimed: the database as a hub finds it after its first start
    const runs: RunResult[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const variant of ['shipped', 'eager']) runs.push(run(variant));
    }
    const pick = (variant: string, key: keyof RunResult) =>
      runs.flatMap((r) => {
        const value = r[key];
        return r.variant === variant && typeof value === 'number' ? [value] : [];
      });
    const result = {
      rounds,
      load: loadavg(),
      shippedStartMs: median(pick('shipped', 'startMs')),
      eagerStartMs: median(pick('eager', 'startMs')),
      documentBuildMs: median(pick('eager', 'documentMs')),
      firstDocsJsonMs: median(pick('shipped', 'firstDocsMs')),
      warmDocsJsonMs: median(pick('shipped', 'warmDocsMs')),
      runs,
    };
    mkdirSync(join(process.cwd(), 'bench/results'), { recursive: true });
    writeFileSync(
      join(process.cwd(), 'bench/results/openapi-document.json'),
      JSON.stringify(result, null, 2),
    );
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      [
        `start as shipped (document on first request): median ${ms(result.shippedStartMs)}`,
        `start with the document built in it: median ${ms(result.eagerStartMs)} (the build alone ${ms(result.documentBuildMs)})`,
        `first GET /docs-json ${ms(result.firstDocsJsonMs)}, then ${ms(result.warmDocsJsonMs)}`,
        `load ${result.load.map((l) => l.toFixed(2)).join(' ')}`,
      ].join('\n'),
    );
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
