import 'reflect-metadata';
import { HubClient, RoomClient, seedDemo } from '@hub/client';
import type { EventView } from '@hub/contracts';
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

/** Two api processes on one database and Redis: a client on the first sees what is done through the second. */
describe('the room across api instances', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  let room: RoomClient | undefined;
  afterAll(async () => {
    room?.close();
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))),
    );
    await db?.drop();
  });

  it('delivers events produced through the other instance', async () => {
    db = await createTestDatabase('twoapi');
    expect(migrateFromBuild(db.url).status).toBe(0);
    // Ports the system hands out free: a random one can be taken (an outgoing connection's, even).
    const [firstPort, secondPort] = [await freePort(), await freePort()];
    const base = firstPort;
    const token = `two-instances-admin-token-${base}-xxxxxxxxxxxx`;
    const start = (port: number) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          REDIS_URL: TEST_REDIS_URL,
          HUB_KEY_PREFIX: `two${base}`,
          PORT: String(port),
          HUB_BOOTSTRAP_TOKEN: token,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      return `http://127.0.0.1:${port}`;
    };
    const first = start(firstPort);
    await waitFor(
      () => fetch(`${first}/health/ready`).then((r) => r.status),
      (s) => s === 200,
      { timeoutMs: 60_000, what: 'first api' },
    );
    const second = start(secondPort);
    await waitFor(
      () => fetch(`${second}/health/ready`).then((r) => r.status),
      (s) => s === 200,
      { timeoutMs: 60_000, what: 'second api' },
    );

    const cast = await seedDemo(new HubClient({ url: first, token }));
    const coordinatorOnSecond = new ApiClient(second, cast.coordinator.token);
    const incident = (
      await coordinatorOnSecond.post('/incidents', {
        title: 'Cross-instance',
        summary: 's',
        category: 'terrorist_content',
        level: 'crisis',
        mode: 'live',
        participants: [cast.be.organisation.id],
        platforms: ['videoshare'],
      })
    ).body;

    room = new RoomClient({ url: first, token: cast.videoshare.token });
    const events: EventView[] = [];
    room.onEvent((e) => events.push(e));
    await room.connected();
    await room.join(incident.id);
    const beOnSecond = new ApiClient(second, cast.be.token);
    for (let i = 0; i < 5; i++) {
      await beOnSecond.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url: `https://videoshare.example/x/${i}`,
        channel: 'referral',
      });
    }
    await waitFor(
      () => events.length,
      (n) => n === 6,
      { what: 'events from the second instance' },
    );
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 180_000);
});
