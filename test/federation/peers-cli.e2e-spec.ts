import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type TestHub } from '@hub/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const HUB = join(__dirname, '..', '..', 'bin', 'hub.js');

/** An admin connects a peer hub from the command line, lists it, names a sharing group and disconnects it. */
describe('hub peers', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'peers_cli', env: { HUB_NAME: 'de-hub' } });
  });
  afterAll(() => t?.close());

  const run = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [HUB, '--url', t.url, '--token', t.adminToken, ...args]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('adds, lists, groups and removes a peer; a bad one is refused naming the field', async () => {
    const org = await t.admin.post('/organisations', { name: 'EU hub', kind: 'hub' });
    expect(org.status).toBe(201);
    const added = await run([
      'peers',
      'add',
      'eu-hub',
      '--peer-url',
      'http://127.0.0.1:9/',
      '--peer-token',
      'a-token-the-eu-hub-issued-here',
      '--organisation',
      'EU hub',
      '--json',
    ]);
    expect(added.stderr).toBe('');
    const peer = JSON.parse(added.stdout);
    expect(peer).toMatchObject({ name: 'eu-hub', url: 'http://127.0.0.1:9', state: 'new' });
    expect(JSON.stringify(peer)).not.toContain('a-token-the-eu-hub-issued-here');
    const listed = await run(['peers', 'list']);
    expect(listed.stdout).toMatch(/eu-hub\s+(new|failing)/);
    const group = await run(['sharing-group', 'add', 'EU', '--peer', peer.id, '--json']);
    expect(JSON.parse(group.stdout)).toMatchObject({ name: 'EU', peers: [peer.id] });
    const own = await run([
      'peers',
      'add',
      'de-hub',
      '--peer-url',
      'http://127.0.0.1:9/',
      '--peer-token',
      'a-token-the-eu-hub-issued-here',
      '--organisation',
      'EU hub',
    ]);
    expect(own.status).not.toBe(0);
    expect(own.stderr).toContain('name');
    const removed = await run(['peers', 'remove', peer.id]);
    expect(removed.status).toBe(0);
    expect((await t.admin.get('/peers')).body.items).toEqual([]);
  });
});
