import { packageRoot } from '@hub/platform';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { processCpuMs } from '../lib/process-cpu';

/**
 * What the OpenAPI document costs a start: fresh processes, alternating, each starting the whole hub (api
 * and worker, no Redis) on one migrated database, timed from outside from the spawn to the first 200 of
 * `/health/ready` (polled every 10 ms), then to the first `GET /docs-json` and a second one.
 * `shipped` is the start as the hub does it (the document built at start, a controller at a time once the
 * server listens); `lazy`, the same-run reference, builds nothing at start (the first `/docs-json` does);
 * `eager` builds it in one piece before listening (what a start paid when first tried).
 * `node dist/bench/openapi/document.bench.js [--rounds=5]`
 *
 * Self-contained (no @hub/testing): the built testing library needs its fixtures, which the build leaves out.
 */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const VARIANTS = ['shipped', 'lazy', 'eager'] as const;

interface RunResult {
  variant: string;
  /** Spawn to the first 200 of /health/ready. */
  readyMs: number;
  /** The process's CPU (user + system) by then: what the start cost, whatever else the machine runs. */
  readyCpuMs: number;
  /** In the process: from its first line of code to listening. */
  startMs: number;
  /** `eager`: the document's build alone. */
  documentMs?: number;
  /** The first GET /docs-json, sent once ready: waits for the build (shipped) or makes it (lazy). */
  firstDocsMs: number;
  warmDocsMs: number;
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function timed(url: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 5);
  const name = `hub_benchopenapi_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const databaseUrl = new URL(SERVER);
  databaseUrl.pathname = `/${name}`;
  try {
    const script = join(packageRoot(), 'dist/bench/openapi/start-timed.js');
    const run = async (variant: string): Promise<RunResult> => {
      const port = await freePort();
      const spawned = performance.now();
      const child = spawn(process.execPath, [script, variant], {
        env: { ...process.env, DATABASE_URL: databaseUrl.toString(), PORT: String(port), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        if (variant === 'migrate') {
          const code = await exited;
          if (code !== 0) throw new Error(`start-timed migrate exited ${code}`);
          return { variant, readyMs: 0, readyCpuMs: 0, startMs: 0, firstDocsMs: 0, warmDocsMs: 0 };
        }
        const base = `http://127.0.0.1:${port}`;
        let readyMs: number | undefined;
        let readyCpuMs = 0;
        while (readyMs === undefined) {
          if (child.exitCode !== null) throw new Error(`start-timed ${variant} exited ${child.exitCode}`);
          const status = await fetch(`${base}/health/ready`).then(
            (r) => r.status,
            () => 0,
          );
          if (status === 200) {
            readyMs = performance.now() - spawned;
            readyCpuMs = processCpuMs(child.pid!);
          } else await new Promise((r) => setTimeout(r, 10));
        }
        const first = await timed(`${base}/docs-json`);
        const warm = await timed(`${base}/docs-json`);
        if (first.status !== 200 || warm.status !== 200)
          throw new Error(`/docs-json answered ${first.status}`);
        // Its line among the log's (which also goes to stdout).
        const ours = () => out.split('\n').find((l) => l.startsWith('{"variant"'));
        while (!ours()) await new Promise((r) => setTimeout(r, 10));
        const line = JSON.parse(ours()!) as { startMs: number; documentMs?: number };
        return { variant, readyMs, readyCpuMs, ...line, firstDocsMs: first.ms, warmDocsMs: warm.ms };
      } finally {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      }
    };
    await run('migrate'); // once, untimed: the database as a hub finds it after its first start
    const runs: RunResult[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const variant of VARIANTS) runs.push(await run(variant));
    }
    const pick = (variant: string, key: keyof RunResult) =>
      median(
        runs.flatMap((r) => {
          const value = r[key];
          return r.variant === variant && typeof value === 'number' ? [value] : [];
        }),
      );
    const summary = Object.fromEntries(
      VARIANTS.map((v) => [
        v,
        {
          readyMs: pick(v, 'readyMs'),
          readyCpuMs: pick(v, 'readyCpuMs'),
          startMs: pick(v, 'startMs'),
          firstDocsMs: pick(v, 'firstDocsMs'),
          warmDocsMs: pick(v, 'warmDocsMs'),
          ...(v === 'eager' && { documentMs: pick(v, 'documentMs') }),
        },
      ]),
    );
    const result = { rounds, load: loadavg(), medians: summary, runs };
    mkdirSync(join(process.cwd(), 'bench/results'), { recursive: true });
    writeFileSync(
      join(process.cwd(), 'bench/results/openapi-document.json'),
      JSON.stringify(result, null, 2),
    );
    const ms = (v: number | undefined) => `${(v ?? 0).toFixed(0)} ms`;
    console.log(
      [
        ...VARIANTS.map((v) => {
          const m = summary[v] as RunResult;
          return (
            `${v}: ready ${ms(m.readyMs)} after the spawn, ${ms(m.readyCpuMs)} of CPU by then (listening ` +
            `${ms(m.startMs)} in the process), ` +
            `then the first /docs-json ${ms(m.firstDocsMs)}, the next ${ms(m.warmDocsMs)}` +
            (m.documentMs === undefined ? '' : ` (the build alone ${ms(m.documentMs)})`)
          );
        }),
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
