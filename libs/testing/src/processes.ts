import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '@hub/platform';

const ROOT = packageRoot();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** `npm run db:migrate` from the build, against one database: its exit status and what it printed. */
export function migrateFromBuild(databaseUrl: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, 'dist/libs/persistence/src/migrate.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
}

/** A hub process (api, worker or both) started from the build, for tests that kill and restart it. */
export class HubProcess {
  child?: ChildProcess;
  output = '';

  constructor(
    readonly script: 'apps/api/src/main.js' | 'apps/worker/src/main.js' | 'apps/hub/src/main.js',
    readonly env: Record<string, string>,
  ) {}

  start(): this {
    this.output = '';
    this.child = spawn(process.execPath, [join(ROOT, 'dist', this.script)], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    this.child.stderr!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    return this;
  }

  /** SIGKILL: no shutdown hooks, jobs in flight are abandoned mid-way. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/** A Redis server of the test's own, so it can be flushed and restarted without touching anyone else's. */
export class PrivateRedis {
  child?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const { default: IORedis } = await import('ioredis');
    const probe = new IORedis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  async flushAndStop(): Promise<void> {
    const { default: IORedis } = await import('ioredis');
    const client = new IORedis(this.url, { maxRetriesPerRequest: 1 });
    await client.flushall();
    client.disconnect();
    await this.stop();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
