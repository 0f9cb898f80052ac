import { HUB_OPTIONS } from '@hub/app';
import { HubClient, seedDemo } from '@hub/client';
import {
  ApiClient,
  createTestDatabase,
  freePort,
  HubProcess,
  startTestHub,
  waitFor,
  type TestDatabase,
  type TestHub,
} from '@hub/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const HUB = join(__dirname, '..', '..', 'bin', 'hub.js');
const COUNTED = ['incidents', 'incident_events', 'items', 'containment_cells', 'members'];

/** `hub backup` and `hub restore` of a real hub's database, then a hub on the restored copy. */
describe('backup and restore', () => {
  let source: TestHub;
  let restoredDb: TestDatabase | undefined;
  let restored: TestHub | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'hub-backup-'));
  const file = join(folder, 'hub.dump');

  beforeAll(async () => {
    source = await startTestHub(HUB_OPTIONS, { label: 'backup' });
  });
  afterAll(async () => {
    await restored?.close();
    await restoredDb?.drop();
    await source?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  // Asynchronously: the hub under test runs in this very process and must keep answering.
  const run = (args: string[], env: Record<string, string | undefined>) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [HUB, ...args], { env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  async function counts(url: string): Promise<Record<string, number>> {
    const sql = new Client({ connectionString: url });
    await sql.connect();
    try {
      const out: Record<string, number> = {};
      for (const table of COUNTED)
        out[table] = (await sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
      return out;
    } finally {
      await sql.end();
    }
  }

  it('backs up a working hub, refuses a non-empty target, and restores a copy that verifies', async () => {
    const cast = await source.seed();
    const incident = (
      await cast.coordinator.api.post('/incidents', {
        title: 'Backed up',
        summary: 's',
        category: 'terrorist_content',
        level: 'crisis',
        mode: 'live',
        participants: [cast.be.organisation.id, cast.videoshare.organisation.id],
        platforms: [],
      })
    ).body;
    for (let i = 0; i < 5; i++) {
      const res = await cast.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url: `https://videoshare.example/backup/${i}`,
        channel: 'referral',
      });
      expect(res.status).toBe(201);
    }
    expect((await cast.be.api.post(`/incidents/${incident.id}/messages`, { text: 'kept' })).status).toBe(201);
    const before = await counts(source.db.url);
    expect(before.items).toBe(5);
    expect(before.containment_cells).toBeGreaterThan(0);

    const backup = await run(['backup', file], { DATABASE_URL: source.db.url });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(backup.stdout).toContain(`items ${before.items}`);

    const refused = await run(['restore', file], { DATABASE_URL: source.db.url });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/is not empty \(\d+ tables\)/);
    expect(await counts(source.db.url)).toEqual(before);

    restoredDb = await createTestDatabase('restored');
    const restore = await run(['restore', file], { DATABASE_URL: restoredDb.url });
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(await counts(restoredDb.url)).toEqual(before);

    // A hub on the copy: the audit chain verifies, the old tokens work, and it goes on appending.
    restored = await startTestHub(HUB_OPTIONS, {
      label: 'unused',
      env: { DATABASE_URL: restoredDb.url },
    });
    const verify = await restored.client(source.adminToken).get('/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, checked: before.incident_events });
    const items = await restored.client(cast.be.token).get(`/incidents/${incident.id}/items`);
    expect(items.status).toBe(200);
    expect(items.body.items).toHaveLength(5);
    expect(await counts(restoredDb.url)).toEqual(before);
  });

  it('names the missing file', async () => {
    const out = await run(['restore', join(folder, 'nothing.dump')], { DATABASE_URL: source.db.url });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('no file');
  });

  it('backs up a running embedded hub and restores it into a new data folder, where a hub verifies it', async () => {
    // `npm start` with no DATABASE_URL: the hub's own PostgreSQL under HUB_DATA_DIR, queues on it.
    const sourceDir = join(folder, 'embedded');
    const copyDir = join(folder, 'embedded-copy');
    const [port, pgPort, copyPort, copyPgPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const token = `backup-embedded-admin-${randomBytes(16).toString('hex')}`;
    const embedded = (dir: string, http: number, pg: number) =>
      new HubProcess('apps/hub/src/main.js', {
        HUB_DATA_DIR: dir,
        PORT: String(http),
        HUB_EMBEDDED_PG_PORT: String(pg),
        HUB_BOOTSTRAP_TOKEN: token,
        HUB_WEBHOOK_ALLOW_PRIVATE: 'true',
      }).start();
    const ready = (hub: HubProcess, http: number) =>
      waitFor(
        () => fetch(`http://127.0.0.1:${http}/health/ready`).then((r) => r.status),
        (status) => status === 200,
        { timeoutMs: 60_000, intervalMs: 100, what: `embedded hub ready (${hub.output.slice(-500)})` },
      );
    const noExternal = { DATABASE_URL: undefined, REDIS_URL: undefined };
    const sourceHub = embedded(sourceDir, port, pgPort);
    let copyHub: HubProcess | undefined;
    try {
      await ready(sourceHub, port);
      const cast = await seedDemo(new HubClient({ url: `http://127.0.0.1:${port}`, token }));
      const coordinator = new ApiClient(`http://127.0.0.1:${port}`, cast.coordinator.token);
      const be = new ApiClient(`http://127.0.0.1:${port}`, cast.be.token);
      const incident = (
        await coordinator.post('/incidents', {
          title: 'Backed up on a laptop',
          summary: 's',
          category: 'terrorist_content',
          level: 'crisis',
          // Live: no webhook for videoshare, so nothing appends to the log while it is backed up (an
          // exercise's simulated deliveries would).
          mode: 'live',
          participants: [cast.be.organisation.id, cast.videoshare.organisation.id],
          platforms: [],
        })
      ).body;
      for (let i = 0; i < 3; i++)
        expect(
          (
            await be.post(`/incidents/${incident.id}/items`, {
              kind: 'url',
              url: `https://videoshare.example/laptop/${i}`,
              channel: 'referral',
            })
          ).status,
        ).toBe(201);
      const before = await counts(`postgres://hub:hub@127.0.0.1:${pgPort}/hub`);
      expect(before.items).toBe(3);

      // While the hub runs: the backup reads its server's port from postmaster.pid.
      const dump = join(folder, 'embedded.dump');
      const backup = await run(['backup', dump], { ...noExternal, HUB_DATA_DIR: sourceDir });
      expect(backup.stderr).toBe('');
      expect(backup.status).toBe(0);
      expect(backup.stdout).toContain(
        `embedded database in ${sourceDir} (the running hub's, port ${pgPort})`,
      );
      expect(backup.stdout).toContain(`items ${before.items}`);

      // Into a new data folder: the command starts an embedded server there, restores, and stops it.
      const restore = await run(['restore', dump], {
        ...noExternal,
        HUB_DATA_DIR: copyDir,
        HUB_EMBEDDED_PG_PORT: String(copyPgPort),
      });
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      expect(restore.stdout).toContain(
        `items ${before.items}, containment_cells ${before.containment_cells}`,
      );
      expect(existsSync(join(copyDir, 'pg', 'postmaster.pid'))).toBe(false);
      const refused = await run(['restore', dump], { ...noExternal, HUB_DATA_DIR: copyDir });
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(/is not empty \(\d+ tables\)/);

      // A hub on the copy: the chain verifies, the members' tokens work, every count matches.
      copyHub = embedded(copyDir, copyPort, copyPgPort);
      await ready(copyHub, copyPort);
      const verify = await new ApiClient(`http://127.0.0.1:${copyPort}`, token).get('/audit/verify');
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ ok: true, checked: before.incident_events });
      const items = await new ApiClient(`http://127.0.0.1:${copyPort}`, cast.be.token).get(
        `/incidents/${incident.id}/items`,
      );
      expect(items.body.items).toHaveLength(3);
      expect(await counts(`postgres://hub:hub@127.0.0.1:${copyPgPort}/hub`)).toEqual(before);
    } finally {
      await copyHub?.kill('SIGTERM');
      await sourceHub.kill('SIGTERM');
    }
    // Both servers are stopped with their hubs: the folders are free again.
    expect(existsSync(join(sourceDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(join(copyDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 180_000);
});
