import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type TestHub } from '@hub/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const HUB = join(__dirname, '..', '..', 'bin', 'hub.js');

describe('the hub command', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'cli' });
  });
  afterAll(() => t?.close());

  // Asynchronously: the hub under test runs in this very process and must keep answering.
  const run = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [HUB, ...args]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const hub = (...args: string[]) => run(['--url', t.url, '--token', t.adminToken, ...args]);

  it('seeds the demo cast and prints a working token per member', async () => {
    const out = await hub('seed-demo');
    expect(out.status).toBe(0);
    const lines = out.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    expect(lines.map((l) => l[1]).sort()).toEqual([
      'authority',
      'authority',
      'authority',
      'coordinator',
      'liaison',
      'liaison',
      'liaison',
      'observer',
    ]);
    const coordinatorToken = lines.find((l) => l[1] === 'coordinator')![2];
    expect((await t.client(coordinatorToken).get('/me')).body.member.role).toBe('coordinator');
  });

  it('creates a token for a member of a named organisation, and refuses a bad role', async () => {
    const out = await hub('token', 'create', 'videoshare', 'liaison', 'Night shift liaison');
    expect(out.status).toBe(0);
    const me = await t.client(out.stdout.trim()).get('/me');
    expect(me.body).toMatchObject({
      member: { displayName: 'Night shift liaison', role: 'liaison' },
      organisation: { platformKey: 'videoshare' },
    });
    const bad = await hub('token', 'create', 'videoshare', 'emperor', 'X');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('role');
  });

  it('prints a report', async () => {
    const coordinator = (
      await hub('token', 'create', 'EU crisis coordination', 'coordinator', 'Report reader')
    ).stdout.trim();
    const incident = (
      await t.client(coordinator).post('/incidents', {
        title: 'CLI report',
        summary: 's',
        category: 'other',
        level: 'awareness',
        mode: 'live',
        participants: [],
        platforms: [],
      })
    ).body;
    const out = await run(['--url', t.url, '--token', coordinator, 'report', incident.id, '--format', 'md']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(incident.ref);
  });
});
