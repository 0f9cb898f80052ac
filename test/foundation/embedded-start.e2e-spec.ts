import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { freePort, waitFor } from '@hub/testing';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist/apps/hub/src/main.js');

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.REDIS_URL;
  const child = spawn(process.execPath, [MAIN], {
    env: { ...clean, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

/** `npm start` with no DATABASE_URL and no REDIS_URL: an embedded PostgreSQL, queues on it, one process. */
describe('the zero-service start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is ready within 15 s, serves the bootstrap admin, and stops the embedded database on SIGTERM', async () => {
    const token = 'bootstrap-token-for-the-embedded-start-test';
    const [port, pgPort] = [await freePort(), await freePort()];
    const started = Date.now();
    const hub = start({
      PORT: String(port),
      HUB_DATA_DIR: dataDir,
      HUB_BOOTSTRAP_TOKEN: token,
      HUB_EMBEDDED_PG_PORT: String(pgPort),
    });
    try {
      const ready = await waitFor(
        () =>
          fetch(`http://127.0.0.1:${port}/health/ready`).then(async (r) => ({
            status: r.status,
            body: (await r.json()) as any,
          })),
        (r) => r.status === 200,
        { timeoutMs: 15_000, intervalMs: 100, what: `/health/ready (output: ${hub.output().slice(-500)})` },
      );
      const seconds = (Date.now() - started) / 1000;
      expect(seconds).toBeLessThan(15);
      expect(ready.body.details.queues.backend).toBe('postgres');
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.status).toBe(200);
      expect(((await me.json()) as any).member.role).toBe('admin');
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/me`)).status).toBe(401);
      expect(await portOpen(pgPort)).toBe(true);
    } finally {
      hub.child.kill('SIGTERM');
    }
    expect(await hub.exited).toBe(0);
    expect(await portOpen(pgPort)).toBe(false);
  });

  it('keeps its data across restarts', async () => {
    const port = await freePort();
    const hub = start({ PORT: String(port), HUB_DATA_DIR: dataDir });
    try {
      await waitFor(
        () => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status),
        (s) => s === 200,
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      // The admin created in the first run still exists, so no token is needed to prove it: the old one works.
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, {
        headers: { authorization: 'Bearer bootstrap-token-for-the-embedded-start-test' },
      });
      expect(me.status).toBe(200);
    } finally {
      hub.child.kill('SIGTERM');
    }
    expect(await hub.exited).toBe(0);
  });

  it('refuses a data folder of another PostgreSQL major version, naming both', async () => {
    // What a folder made by an earlier hub on PostgreSQL 18 looks like to this one's server.
    const older = mkdtempSync(join(tmpdir(), 'hub-embedded-18-'));
    try {
      mkdirSync(join(older, 'pg'));
      writeFileSync(join(older, 'pg', 'PG_VERSION'), '18\n');
      const hub = start({ HUB_DATA_DIR: older });
      expect(await hub.exited).toBe(1);
      expect(hub.output()).toMatch(/created by PostgreSQL 18, and this hub embeds PostgreSQL 15/);
      expect(hub.output()).toContain('DATABASE_URL');
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'not-a-url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
  ])('exits non-zero on %j naming the variable', async (env, name) => {
    const hub = start({ HUB_DATA_DIR: dataDir, ...env });
    expect(await hub.exited).toBe(2);
    expect(hub.output()).toContain(`${name}:`);
  });
});
