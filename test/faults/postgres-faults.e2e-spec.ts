import { HubClient, RoomClient, seedDemo } from '@hub/client';
import {
  ApiClient,
  freePort,
  HubProcess,
  migrateFromBuild,
  PrivateRedis,
  waitFor,
  WebhookReceiver,
} from '@hub/testing';
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** Debian's newest PostgreSQL server programs (installed with the server the other tests use). */
function postgresBin(): string {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
    : [];
  if (!versions.length) throw new Error('no PostgreSQL server programs under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions.sort((a, b) => Number(b) - Number(a))[0]}/bin`;
}

/**
 * A PostgreSQL cluster of the test's own, so it can be stopped and started without touching the server
 * everyone else uses. It runs as the postgres user (the server refuses root).
 */
class PrivateCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  readonly bin = postgresBin();
  constructor(readonly port: number) {}

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private as(program: string, args: string[]) {
    return run('runuser', ['-u', 'postgres', '--', join(this.bin, program), ...args]);
  }

  async init(): Promise<void> {
    chownSync(
      this.dir,
      Number((await run('id', ['-u', 'postgres'])).stdout),
      Number((await run('id', ['-g', 'postgres'])).stdout),
    );
    await this.as('initdb', ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await this.start();
  }

  start() {
    return this.as('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  /** Immediate: as a crash, no checkpoint, every connection cut. */
  stop() {
    return this.as('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The database and Redis going away under a burst of shares, in the scale-out wiring (an api and a worker
 * in processes of their own): nothing acknowledged is lost or doubled, the room heals from seq, the relay
 * resumes, and readiness says what is going on.
 */
describe('faults of PostgreSQL and Redis', () => {
  let pg: PrivateCluster;
  let redis: PrivateRedis;
  let api: HubProcess;
  let worker: HubProcess;
  let url: string;
  const receiver = new WebhookReceiver();
  let cast: Awaited<ReturnType<typeof seedDemo>>;
  let hookOrg: string;
  const rooms: RoomClient[] = [];

  beforeAll(async () => {
    pg = new PrivateCluster(await freePort());
    await pg.init();
    const admin = new Client({ connectionString: pg.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE hub');
    await admin.end();
    expect(migrateFromBuild(pg.url('hub')).status).toBe(0);
    redis = new PrivateRedis(await freePort());
    await redis.start();
    const receiverUrl = await receiver.start();
    const port = await freePort();
    const token = `pg-faults-admin-token-${port}-0123456789abcdef`;
    const env = {
      DATABASE_URL: pg.url('hub'),
      REDIS_URL: redis.url,
      PORT: String(port),
      HUB_BOOTSTRAP_TOKEN: token,
      HUB_RATE_LIMIT_PER_MINUTE: '100000',
      HUB_WEBHOOK_BACKOFF_MS: '100',
      HUB_WEBHOOK_ALLOW_PRIVATE: 'true',
    };
    api = new HubProcess('apps/api/src/main.js', env).start();
    worker = new HubProcess('apps/worker/src/main.js', env).start();
    url = `http://127.0.0.1:${port}`;
    await waitFor(
      () => fetch(`${url}/health/ready`).then((r) => r.status),
      (s) => s === 200,
      { timeoutMs: 30_000, what: `api ready ${api.output}` },
    );
    const adminApi = new ApiClient(url, token);
    cast = await seedDemo(new HubClient({ url, token }));
    const org = await adminApi.post('/organisations', {
      name: 'HookShare',
      kind: 'platform',
      platformKey: 'hookshare',
      domains: ['hookshare.example'],
      webhook: { url: `${receiverUrl}/hook`, secret: 'pg-faults-webhook-secret-0123456789' },
    });
    expect(org.status).toBe(201);
    hookOrg = org.body.id;
  }, 120_000);

  afterAll(async () => {
    for (const room of rooms) room.close();
    // SIGKILL: a hub part waiting on a Redis that a failed test left stopped would not exit on SIGTERM.
    await worker?.kill();
    await api?.kill();
    await redis?.stop();
    await receiver.stop();
    await pg?.destroy();
  });

  const query = async (text: string, values: unknown[] = []) => {
    const client = new Client({ connectionString: pg.url('hub') });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };

  /** Readiness answers; one that is neither 200 nor 503 is kept whole for the failure message. */
  const odd: string[] = [];
  const ready = () =>
    fetch(`${url}/health/ready`)
      .then(async (r) => {
        if (r.status !== 200 && r.status !== 503) odd.push(`${r.status} ${await r.text()}`);
        return r.status;
      })
      .catch(() => 0);

  /**
   * 500 shares from two authorities, 8 at a time each, while `fault` runs: which were acknowledged, and
   * every answer that was not.
   */
  async function burst(
    label: string,
    fault: (acknowledged: () => number) => Promise<void>,
  ): Promise<{ incidentId: string; room: RoomClient; seen: number[]; acked: string[]; failures: number[] }> {
    const coordinator = new ApiClient(url, cast.coordinator.token);
    const incident = await coordinator.post('/incidents', {
      title: label,
      summary: 's',
      category: 'terrorist_content',
      level: 'incident',
      mode: 'live',
      participants: [cast.be.organisation.id, cast.fr.organisation.id, hookOrg],
      platforms: [],
    });
    expect(incident.status).toBe(201);
    const incidentId: string = incident.body.id;
    const room = new RoomClient({ url, token: cast.be.token, socketOptions: { forceNew: true } });
    rooms.push(room);
    const seen: number[] = [];
    room.onEvent((e) => {
      if (e.incidentId === incidentId) seen.push(e.seq);
    });
    await room.connected();
    await room.join(incidentId);

    const acked: string[] = [];
    const failures: number[] = [];
    const clients = [new ApiClient(url, cast.be.token), new ApiClient(url, cast.fr.token)];
    let next = 0;
    const lane = async (client: ApiClient) => {
      while (next < 500) {
        const shareUrl = `https://hookshare.example/${label}/${next++}`;
        const res = await client
          .post(`/incidents/${incidentId}/items`, { kind: 'url', url: shareUrl, channel: 'referral' })
          .catch(() => ({ status: 0 }));
        if (res.status >= 200 && res.status < 300) acked.push(shareUrl);
        else failures.push(res.status);
      }
    };
    const sharing = Promise.all(clients.flatMap((c) => Array.from({ length: 8 }, () => lane(c))));
    await fault(() => acked.length);
    await sharing;
    return { incidentId, room, seen, acked, failures };
  }

  async function expectHealed(outcome: Awaited<ReturnType<typeof burst>>): Promise<void> {
    const { incidentId, room, seen, acked, failures } = outcome;
    // A share refused while the database was away says so as a 503 (retry), never a 500.
    expect(failures.filter((s) => s !== 503)).toEqual([]);
    expect(acked.length).toBeGreaterThan(0);
    // Every acknowledged share is in the log exactly once.
    const shared = await query(
      `SELECT data ->> 'url' AS url, count(*)::int AS n FROM incident_events
        WHERE incident_id = $1 AND type = 'item.shared' GROUP BY 1`,
      [incidentId],
    );
    const times = new Map(shared.map((r) => [r.url as string, r.n as number]));
    expect(acked.filter((u) => times.get(u) !== 1)).toEqual([]);
    expect([...times.values()].filter((n) => n !== 1)).toEqual([]);
    // The relay resumed: every item in the log reached the platform's webhook.
    await waitFor(
      () =>
        new Set(
          receiver.received.filter((r) => r.json?.incident?.id === incidentId).map((r) => r.json.item.url),
        ).size,
      (delivered) => delivered === times.size,
      {
        timeoutMs: 90_000,
        intervalMs: 250,
        what: `${times.size} deliveries (worker: ${worker.output.slice(-4000)})`,
      },
    );
    // The log has no gap, and the room, healing from seq, delivers all of it in order (read once the
    // worker has recorded its deliveries, which append to the same log).
    const lastSeq = async () =>
      (
        await query(
          `SELECT max(seq)::int AS hi, count(*)::int AS n FROM incident_events WHERE incident_id = $1`,
          [incidentId],
        )
      )[0] as { hi: number; n: number };
    const log = await waitFor(
      async () => ({ ...(await lastSeq()), room: room.seqOf(incidentId) }),
      (l) => l.room === l.hi,
      { timeoutMs: 60_000, intervalMs: 250, what: 'the room at the last seq of the log' },
    );
    expect(log.hi).toBe(log.n);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen[0] + i));
    expect(seen[seen.length - 1]).toBe(log.hi);
    expect(await ready()).toBe(200);
  }

  it('survives every hub connection terminated, again and again, during a burst', async () => {
    const outcome = await burst('terminated', async (acknowledged) => {
      for (let round = 0; round < 5; round++) {
        const before = acknowledged();
        await waitFor(acknowledged, (n) => n >= before + 40 || n >= 480, {
          timeoutMs: 60_000,
          what: 'shares acknowledged',
        });
        const cut = await query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        expect(cut[0].n).toBeGreaterThan(0);
      }
    });
    await expectHealed(outcome);
  }, 240_000);

  it('survives a restart of the database server during a burst; readiness goes 503 and back to 200', async () => {
    const statuses: number[] = [];
    const outcome = await burst('restarted', async (acknowledged) => {
      await waitFor(acknowledged, (n) => n >= 100, { timeoutMs: 60_000, what: '100 shares acknowledged' });
      await pg.stop();
      statuses.push(
        await waitFor(ready, (s) => s === 503, {
          timeoutMs: 15_000,
          intervalMs: 100,
          what: `readiness 503 (${odd.slice(-2).join(' | ')}; api: ${api.output.slice(-1500)})`,
        }),
      );
      await pg.start();
      statuses.push(
        await waitFor(ready, (s) => s === 200, { timeoutMs: 30_000, intervalMs: 100, what: 'readiness 200' }),
      );
    });
    expect(statuses).toEqual([503, 200]);
    expect(outcome.failures.length).toBeGreaterThan(0); // the outage did hit the burst
    await expectHealed(outcome);
  }, 240_000);

  it('survives Redis gone for 30 s during a burst; readiness goes 503 and back to 200', async () => {
    const statuses: number[] = [];
    const outcome = await burst('redisless', async (acknowledged) => {
      await waitFor(acknowledged, (n) => n >= 100, { timeoutMs: 60_000, what: '100 shares acknowledged' });
      await redis.stop();
      const gone = Date.now();
      statuses.push(
        await waitFor(ready, (s) => s === 503, {
          timeoutMs: 15_000,
          intervalMs: 100,
          what: `readiness 503 (${odd.slice(-2).join(' | ')}; api: ${api.output.slice(-1500)})`,
        }),
      );
      // The outage itself lasts 30 s (not a wait for a condition): queues, adapter and limits all retry.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 30_000 - (Date.now() - gone))));
      await redis.start();
      statuses.push(
        await waitFor(ready, (s) => s === 200, { timeoutMs: 30_000, intervalMs: 100, what: 'readiness 200' }),
      );
    });
    expect(statuses).toEqual([503, 200]);
    await expectHealed(outcome);
  }, 300_000);
});
