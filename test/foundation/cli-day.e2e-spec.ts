import { HUB_OPTIONS } from '@hub/app';
import { freePort, startTestHub, type Cast, type TestHub } from '@hub/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const HUB = join(__dirname, '..', '..', 'bin', 'hub.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A day's work from the command line, by reference: a coordinator declares, an authority shares, the
 * platform's liaison answers, the coordinator closes; each step checked in the hub's rows and events.
 */
describe('the hub command for a day of incident work', () => {
  let t: TestHub;
  let as: Cast;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'cli-day' });
    as = await t.seed();
  });
  afterAll(() => t?.close());

  // Asynchronously: the hub under test runs in this very process and must keep answering.
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [HUB, ...args], {
        env: { ...process.env, HUB_URL: '', HUB_TOKEN: '', HUB_BOOTSTRAP_TOKEN: '', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  /** As a member of the cast, through HUB_URL and HUB_TOKEN as a script would. */
  const hub = async (who: string, ...args: string[]) => {
    const out = await run(args, { HUB_URL: t.url, HUB_TOKEN: as[who].token });
    if (out.status !== 0) throw new Error(`hub ${args.join(' ')}: ${out.status} ${out.stderr}`);
    return out;
  };
  const json = async <T>(who: string, ...args: string[]): Promise<T> =>
    JSON.parse((await hub(who, ...args, '--json')).stdout) as T;

  it('declares, shares, answers and closes an incident by reference', async () => {
    const declared = await json<{ id: string; ref: string; status: string }>(
      'coordinator',
      'incident',
      'declare',
      '--title',
      'Attack video spreading',
      '--summary',
      'Re-uploads on two services',
      '--category',
      'terrorist_content',
      '--level',
      'crisis',
      '--participant',
      as.be.organisation.id,
      '--participant',
      'videoshare', // by platform key, as people name it
      '--platform',
      'videoshare',
      '--criteria',
      'ongoing violent event,cross-border spread',
    );
    expect(declared).toMatchObject({ ref: expect.stringMatching(/^CH-\d{4}-\d{4,}$/), status: 'active' });
    const row = await t.sql.query('SELECT participants, platforms, criteria FROM incidents WHERE ref = $1', [
      declared.ref,
    ]);
    expect(row.rows[0]).toMatchObject({
      platforms: ['videoshare'],
      criteria: ['ongoing violent event', 'cross-border spread'],
    });
    expect([...row.rows[0].participants].sort()).toEqual(
      // The declaring coordinator's organisation takes part too.
      [as.coordinator.organisation.id, as.be.organisation.id, as.videoshare.organisation.id].sort(),
    );
    const ref = declared.ref;

    const listed = await hub('be', 'incident', 'list', '--status', 'active');
    expect(listed.stdout.split('\n')[0]).toMatch(/^REF\s+STATUS\s+LEVEL/);
    expect(listed.stdout).toContain(`${ref}  active`);

    const shared = await json<{ duplicate: boolean; item: { id: string; incidentId: string } }>(
      'be',
      'incident',
      'share',
      ref,
      '--url',
      'https://videoshare.example/v/attack-1',
      '--channel',
      'referral',
    );
    expect(shared).toMatchObject({ duplicate: false, item: { incidentId: declared.id } });
    const account = await hub(
      'be',
      'incident',
      'share',
      ref,
      '--account',
      'videoshare:@uploader',
      '--channel',
      'alert',
    );
    expect(account.stdout).toMatch(/^shared item [0-9a-f-]{36}\n {2}videoshare: pending/);

    const answered = await hub(
      'videoshare',
      'incident',
      'contain',
      ref,
      shared.item.id,
      'videoshare',
      'acknowledged',
    );
    expect(answered.stdout).toMatch(/^videoshare: acknowledged/);
    const cell = await t.sql.query(
      'SELECT status FROM containment_cells WHERE item_id = $1 AND platform_key = $2',
      [shared.item.id, 'videoshare'],
    );
    expect(cell.rows).toEqual([{ status: 'acknowledged' }]);

    const shown = await hub('be', 'incident', 'show', ref);
    expect(shown.stdout).toMatch(new RegExp(`^ref +${ref}$`, 'm'));
    expect(shown.stdout).toMatch(/^videoshare +2 /m);

    expect((await hub('coordinator', 'incident', 'level', ref, 'incident')).stdout).toBe(
      `${ref} is active, level incident\n`,
    );
    await hub('coordinator', 'incident', 'stand-down', ref, '--rationale', 'spread contained');
    const closed = await json<{ status: string }>(
      'coordinator',
      'incident',
      'close',
      ref,
      '--summary',
      'All removed',
    );
    expect(closed.status).toBe('closed');

    const events = await t.sql.query('SELECT type FROM incident_events WHERE incident_id = $1 ORDER BY seq', [
      declared.id,
    ]);
    expect(events.rows.map((e: { type: string }) => e.type)).toEqual([
      'incident.activated',
      'item.shared',
      'item.shared',
      'containment.updated',
      'incident.level_changed',
      'incident.standing_down',
      'incident.closed',
    ]);

    // The token after the command's name, as the README's examples give it (`hub report` used to take UUIDs only).
    const report = await run(['report', ref, '--format', 'md', '--token', as.be.token, '--url', t.url]);
    expect(report.status).toBe(0);
    expect(report.stdout).toContain(ref);
  }, 240_000); // a dozen processes started one after the other, on a busy machine

  it('answers a reference that names no incident with the hub’s 404, exit 1', async () => {
    const out = await run(['incident', 'show', 'CH-2026-9999'], { HUB_URL: t.url, HUB_TOKEN: as.be.token });
    expect(out).toMatchObject({ status: 1, stdout: '' });
    expect(out.stderr).toBe('404 incident not found\n');
  });

  it('keeps banks and contacts at hand, as tables or JSON', async () => {
    const bank = await json<{ id: string; name: string }>(
      'coordinator',
      'bank',
      'create',
      'Known attack footage',
      '--visibility',
      'members',
    );
    expect((await t.sql.query('SELECT name FROM banks WHERE id = $1', [bank.id])).rows).toEqual([
      { name: 'Known attack footage' },
    ]);
    expect((await hub('be', 'bank', 'list')).stdout).toMatch(
      new RegExp(`^${bank.id}  Known attack footage +members +0 `, 'm'),
    );
    expect(await json('be', 'bank', 'signals', bank.id)).toEqual({ items: [] });

    const admin = (...args: string[]) => run(args, { HUB_URL: t.url, HUB_TOKEN: t.adminToken });
    const added = await admin(
      'contacts',
      'add',
      'videoshare',
      '--name',
      'Night desk',
      '--email',
      'night@videoshare.example',
      '--tier',
      '2',
      '--language',
      'fr',
      '--language',
      'en',
    );
    expect(added.status).toBe(0);
    const rows = await t.sql.query('SELECT name, tier, languages FROM contacts WHERE email = $1', [
      'night@videoshare.example',
    ]);
    expect(rows.rows).toEqual([{ name: 'Night desk', tier: 2, languages: ['fr', 'en'] }]);
    const listed = await admin('contacts', 'list', 'VideoShare');
    expect(listed.stdout).toMatch(/^ID\s+TIER\s+NAME\s+EMAIL/);
    expect(listed.stdout).toMatch(/2 +Night desk +night@videoshare\.example +fr,en +live/);
  }, 120_000);

  it('names the hub it could not reach, exit 1', async () => {
    const port = await freePort(); // nothing listens there
    const out = await run(['--url', `http://127.0.0.1:${port}`, '--token', 'x', 'incident', 'list']);
    expect(out.status).toBe(1);
    expect(out.stderr).toBe(`cannot reach http://127.0.0.1:${port}: connection refused\n`);
  });
});
