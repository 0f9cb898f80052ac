import { HubClient, seedDemo, type SeededMember } from '@hub/client';
import { packageRoot } from '@hub/platform';
import {
  ApiClient,
  createTestDatabase,
  freePort,
  migrateFromBuild,
  TEST_REDIS_URL,
  waitFor,
  type TestDatabase,
} from '@hub/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';

/** The checkout whose hub is measured: this one, or another's (`BENCH_HUB_ROOT`, e.g. an older commit built under /work/wt) with the same bench. */
const ROOT = process.env.BENCH_HUB_ROOT ?? packageRoot();

export interface BenchHub {
  url: string;
  db: TestDatabase;
  admin: ApiClient;
  cast: Record<string, SeededMember & { api: ApiClient }>;
  processes: ChildProcess[];
  /**
   * A further api process (and, with `worker`, a worker) on the hub's database, Redis and key prefix, so
   * rooms span the processes; answers once the api is ready (its processes stop with the hub's).
   */
  addApi(opts?: { worker?: boolean }): Promise<{ url: string; api: ChildProcess; worker?: ChildProcess }>;
  rssMb(pid?: number): Promise<number>;
  stop(): Promise<void>;
}

/** A hub in its own process(es) on a fresh database of the local PostgreSQL, with Redis. */
export async function startBenchHub(
  opts: { script?: string; env?: Record<string, string>; worker?: boolean; readyTimeoutMs?: number } = {},
): Promise<BenchHub> {
  const db = await createTestDatabase('bench');
  const token = `bench-${randomBytes(24).toString('hex')}`;
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: String(port),
    HUB_BOOTSTRAP_TOKEN: token,
    HUB_KEY_PREFIX: `b${port}`,
    HUB_RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    HUB_WEBHOOK_ALLOW_PRIVATE: 'true', // the benches' webhook receivers listen on 127.0.0.1
    ...opts.env,
  };
  const processes: ChildProcess[] = [];
  const nodeArgs = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const spawnPart = (script: string, extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, script)], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    processes.push(child);
    return child;
  };
  // With `worker`, the scale-out wiring: migrations once, then the api (with the room) and a worker in
  // processes of their own, as `npm run db:migrate`, `start:api` and `start:worker` do.
  if (opts.worker) {
    const code = migrateFromBuild(db.url).status;
    if (code !== 0) throw new Error(`db:migrate exited with ${code}`);
  }
  const hub = spawnPart(
    opts.script ?? (opts.worker ? 'dist/apps/api/src/main.js' : 'dist/apps/hub/src/main.js'),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    () => fetch(`${url}/health/ready`).then((r) => r.status),
    (s) => s === 200,
    { timeoutMs: opts.readyTimeoutMs ?? 120_000, intervalMs: 100, what: 'hub ready' },
  );
  if (opts.worker) {
    const worker = spawnPart('dist/apps/worker/src/main.js');
    await waitFor(
      () => worker.exitCode ?? (isRelaying(db.url) as Promise<boolean | number>),
      (up) => up === true,
      { timeoutMs: opts.readyTimeoutMs ?? 30_000, intervalMs: 100, what: 'worker relaying' },
    );
  }
  const admin = new ApiClient(url, token);
  const members = await seedDemo(new HubClient({ url, token }));
  const cast = Object.fromEntries(
    Object.entries(members).map(([k, m]) => [k, { ...m, api: new ApiClient(url, m.token) }]),
  );
  return {
    url,
    db,
    admin,
    cast,
    processes,
    async addApi(more = {}) {
      const apiPort = await freePort();
      const api = spawnPart('dist/apps/api/src/main.js', { PORT: String(apiPort) });
      const worker = more.worker ? spawnPart('dist/apps/worker/src/main.js') : undefined;
      const apiUrl = `http://127.0.0.1:${apiPort}`;
      await waitFor(
        () => fetch(`${apiUrl}/health/ready`).then((r) => r.status),
        (s) => s === 200,
        { timeoutMs: 120_000, intervalMs: 100, what: 'further api ready' },
      );
      return { url: apiUrl, api, worker };
    },
    async rssMb(pid = hub.pid!) {
      const { readFileSync } = await import('node:fs');
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    async stop() {
      for (const p of processes) p.kill('SIGTERM');
      await Promise.all(
        processes.map(
          (p) => new Promise((resolve) => (p.exitCode !== null ? resolve(null) : p.on('exit', resolve))),
        ),
      );
      await db.drop();
    },
  };
}

/**
 * Waits until the hub's queues have nothing waiting or running (three reads in a row, from /metrics): the
 * side effects of what came before are done, so the next measure is of its own load.
 */
export async function waitForQuiet(hub: BenchHub, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  let quietReads = 0;
  while (quietReads < 3) {
    if (Date.now() - started > timeoutMs) throw new Error("the hub's queues did not drain");
    const metrics = await hub.admin.get<string>('/metrics');
    const busy = String(metrics.body)
      .split('\n')
      .filter((line) => /^hub_queue_jobs\{.*state="(waiting|active)"/.test(line))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    quietReads = busy === 0 ? quietReads + 1 : 0;
    await new Promise((r) => setTimeout(r, 300));
  }
  return Date.now() - started;
}

/** Whether a relay holds its lock in this database (the worker is up and following the log). */
async function isRelaying(databaseUrl: string): Promise<boolean> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND objid = 72011401 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows[0].n > 0;
  } finally {
    await client.end();
  }
}

/** Runs a bench's main: a failure prints its stack and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

/** Writes a bench's figures to bench/results/<name>.json (kept out of git) beside its printed table. */
export function saveResult(name: string, result: unknown): void {
  mkdirSync(join(process.cwd(), 'bench/results'), { recursive: true });
  writeFileSync(join(process.cwd(), `bench/results/${name}.json`), JSON.stringify(result, null, 2));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** A numeric `--name=value` argument of the bench's command line. */
export const arg = (name: string, fallback: number): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

/**
 * Calls `send(i)` for i below `count`, `rate` times a second whatever the answers' pace (an open loop);
 * settles once every call has.
 */
export async function paced(
  rate: number,
  count: number,
  send: (i: number) => Promise<unknown>,
): Promise<void> {
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(i));
  }
  await Promise.all(pending);
}

/**
 * A lean JSON poster for load generation (`path` from the server's root): node:http with kept-alive connections. `fetch` costs the load
 * generator about a millisecond of CPU per request, which on a 2-core machine is taken from the hub.
 */
export function jsonPoster(
  baseUrl: string,
  token?: string,
): (path: string, body: unknown) => Promise<{ status: number; body: string }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const { hostname, port } = new URL(baseUrl);
  return (path, body) =>
    new Promise((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const req = httpRequest(
        {
          agent,
          hostname,
          port,
          method: 'POST',
          path,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            'content-type': 'application/json',
            'content-length': payload.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

/**
 * The log's order of an incident's shares: each shared item's id and URL with its `seq`, read page by
 * page after a run (the reference for "in order" at a webhook: the hub delivers in commit order, which
 * two requests in flight at once may not share with the order they were sent in).
 */
export async function sharedOrder(
  api: ApiClient,
  incidentId: string,
): Promise<{ byItem: Map<string, number>; byUrl: Map<string, number> }> {
  const byItem = new Map<string, number>();
  const byUrl = new Map<string, number>();
  let after = 0;
  for (;;) {
    const page = await api.get(`/incidents/${incidentId}/events?after=${after}&limit=500`);
    const items = (page.body.items ?? []) as { seq: number; type: string; data: Record<string, unknown> }[];
    for (const e of items) {
      if (e.type !== 'item.shared') continue;
      byItem.set(String(e.data.itemId), e.seq);
      if (typeof e.data.url === 'string') byUrl.set(e.data.url, e.seq);
    }
    if (items.length === 0 || !page.body.next) return { byItem, byUrl };
    after = items[items.length - 1].seq;
  }
}
