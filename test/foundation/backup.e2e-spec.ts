import { HUB_OPTIONS } from '@hub/app';
import { createTestDatabase, startTestHub, type TestDatabase, type TestHub } from '@hub/testing';
import { spawn } from 'node:child_process';
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

  it('backs up the embedded database, or says which pg_dump it needs', async () => {
    // With no DATABASE_URL the command starts the embedded server under HUB_DATA_DIR (no hub runs there).
    // Its PostgreSQL may be newer than any pg_dump installed here; then the message names both versions.
    const dataDir = join(folder, 'embedded');
    const out = await run(['backup', join(folder, 'embedded.dump')], {
      DATABASE_URL: undefined,
      HUB_DATA_DIR: dataDir,
    });
    if (out.status === 0) {
      expect(existsSync(join(folder, 'embedded.dump'))).toBe(true);
      expect(out.stdout).toContain('embedded database');
    } else {
      expect(out.stderr).toMatch(
        /server is PostgreSQL \d+\S* and needs pg_dump \d+ or newer \(found .*pg_dump/,
      );
      expect(out.stderr).toContain('HUB_PG_BIN');
    }
    // The server it started is stopped again: the data folder is free for a hub.
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);
});
