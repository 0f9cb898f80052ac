import 'reflect-metadata';
import { HubClient, RoomClient, seedDemo } from '@hub/client';
import type { WarningAcknowledgedEvent, WarningView } from '@hub/contracts';
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
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DAY = 86_400_000;

/** Two api processes on one database and Redis: a warning issued through one reaches sockets on the other. */
describe('warnings across api instances', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  const rooms: RoomClient[] = [];
  afterAll(async () => {
    for (const r of rooms) r.close();
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))),
    );
    await db?.drop();
  });

  it('delivers a warning and its acknowledgement to sockets of the other instance', async () => {
    db = await createTestDatabase('warn2api');
    expect(migrateFromBuild(db.url).status).toBe(0);
    const [firstPort, secondPort] = [await freePort(), await freePort()];
    const token = `two-instances-warnings-admin-${firstPort}-xxxxxxxxxxxx`;
    const start = async (port: number) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          REDIS_URL: TEST_REDIS_URL,
          HUB_KEY_PREFIX: `w2${firstPort}`,
          PORT: String(port),
          HUB_BOOTSTRAP_TOKEN: token,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitFor(
        () => fetch(`${url}/health/ready`).then((r) => r.status),
        (s) => s === 200,
        { timeoutMs: 60_000, what: `api on ${port}` },
      );
      return url;
    };
    const first = await start(firstPort);
    const second = await start(secondPort);

    const admin = new ApiClient(first, token);
    const cast = await seedDemo(new HubClient({ url: first, token }));
    const parties: { id: string; token: string }[] = [];
    for (const name of ['Party one', 'Party two', 'Party three']) {
      const org = await admin.post('/organisations', { name, kind: 'party' });
      const member = await admin.post(`/organisations/${org.body.id}/members`, {
        displayName: name,
        role: 'flagger',
      });
      parties.push({ id: org.body.id, token: member.body.token });
    }
    const now = Date.now();
    const election = await new ApiClient(first, cast.coordinator.token).post('/elections', {
      name: 'Cross-instance elections',
      votingDays: [new Date(now).toISOString().slice(0, 10)],
      activeFrom: new Date(now - DAY).toISOString(),
      activeUntil: new Date(now + DAY).toISOString(),
      participants: parties.slice(0, 2).map((p) => p.id),
      platforms: [],
    });
    expect(election.status).toBe(201);

    const listen = async (url: string, memberToken: string) => {
      const room = new RoomClient({ url, token: memberToken });
      rooms.push(room);
      const warnings: WarningView[] = [];
      const acks: WarningAcknowledgedEvent[] = [];
      room.onWarning((w) => warnings.push(w));
      room.onWarningAcknowledged((a) => acks.push(a));
      await room.connected();
      return { warnings, acks };
    };
    // The issuer listens on the first instance; the receiver and an outsider on the second.
    const issuer = await listen(first, parties[0].token);
    const receiver = await listen(second, parties[1].token);
    const outsider = await listen(second, parties[2].token);

    const issued = await new ApiClient(first, parties[0].token).post(
      `/elections/${election.body.id}/warnings`,
      { title: 'Deepfake', text: 'A forged video of a candidate' },
    );
    expect(issued.status).toBe(201);
    await waitFor(
      () => receiver.warnings.length,
      (n) => n === 1,
      { what: 'the warning on the other instance' },
    );
    expect(receiver.warnings[0].id).toBe(issued.body.id);

    const ack = await new ApiClient(second, parties[1].token).post(`/warnings/${issued.body.id}/acknowledge`);
    expect(ack.status).toBe(200);
    await waitFor(
      () => issuer.acks.length,
      (n) => n === 1,
      { what: 'the acknowledgement on the first instance' },
    );
    expect(issuer.acks[0]).toMatchObject({ warningId: issued.body.id, organisationId: parties[1].id });
    expect(issuer.warnings).toEqual([]);
    expect(outsider.warnings).toEqual([]);
    expect(receiver.warnings).toHaveLength(1);
  }, 180_000);
});
