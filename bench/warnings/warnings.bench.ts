import { RoomClient } from '@hub/client';
import type { WarningView } from '@hub/contracts';
import { loadavg } from 'node:os';
import {
  arg,
  jsonPoster,
  paced,
  percentile,
  round,
  runBench,
  saveResult,
  startBenchHub,
} from '../lib/bench-hub';

/**
 * Election warnings, live: `--orgs` organisations take part in one election, each with one connected
 * socket (joined to nothing); `--warnings` warnings are issued by the participants in turn, `--rate` a
 * second, and each is timed from the moment its POST is sent to its arrival at every other organisation's
 * socket. Goal: p99 of arrival ≤ 250 ms. The hub runs in its own process on the local PostgreSQL and Redis.
 * With `--apis=2`, a second api process on the same database and Redis holds every other socket, and the
 * warnings are posted to the first: half the arrivals cross processes.
 * Run: `npm run build && node dist/bench/warnings/warnings.bench.js [--orgs=50] [--warnings=200] [--rate=5] [--apis=1]`.
 */
const ORGS = arg('orgs', 50);
const WARNINGS = arg('warnings', 200);
const RATE = arg('rate', 5);
const APIS = arg('apis', 1);
const DAY = 86_400_000;

async function main(): Promise<void> {
  const hub = await startBenchHub();
  const clients: RoomClient[] = [];
  try {
    const { admin, cast, url } = hub;
    const socketUrls = APIS > 1 ? [url, (await hub.addApi()).url] : [url];
    const kinds = ['party', 'civil_society', 'fact_checker', 'electoral_body'];
    const orgs: { id: string; token: string }[] = [];
    for (let i = 0; i < ORGS; i++) {
      const org = await admin.post('/organisations', { name: `Bench organisation ${i}`, kind: kinds[i % 4] });
      const member = await admin.post(`/organisations/${org.body.id}/members`, {
        displayName: `Bench desk ${i}`,
        role: 'flagger',
      });
      orgs.push({ id: org.body.id, token: member.body.token });
    }
    const now = Date.now();
    const election = await cast.coordinator.api.post('/elections', {
      name: 'Bench elections',
      votingDays: [new Date(now + DAY).toISOString().slice(0, 10)],
      activeFrom: new Date(now - DAY).toISOString(),
      activeUntil: new Date(now + 30 * DAY).toISOString(),
      participants: orgs.map((o) => o.id),
      platforms: [],
    });
    if (election.status !== 201)
      throw new Error(`election: ${election.status} ${JSON.stringify(election.body)}`);
    const electionId = election.body.id as string;

    /** Per warning title: when its POST was sent, and when each receiving socket got it. */
    const sentAt = new Map<string, number>();
    const arrivals = new Map<string, number[]>();
    let wrongRecipient = 0;
    for (const [i, org] of orgs.entries()) {
      const client = new RoomClient({ url: socketUrls[i % socketUrls.length], token: org.token });
      clients.push(client);
      client.onWarning((w: WarningView) => {
        const at = performance.now();
        if (w.issuedBy.organisationId === org.id) wrongRecipient++;
        const list = arrivals.get(w.title);
        if (list) list.push(at);
        else arrivals.set(w.title, [at]);
      });
      await client.connected();
      if (i % 10 === 9) process.stdout.write(`${i + 1} sockets connected\n`);
    }
    const posters = orgs.map((o) => jsonPoster(url, o.token));
    // A few warnings first, not timed: connections and statements warm up.
    for (let i = 0; i < 5; i++) {
      await posters[i % ORGS](`/api/v1/elections/${electionId}/warnings`, {
        title: `warm-up ${i}`,
        text: 'w',
      });
    }
    const load0 = loadavg();
    const t0 = performance.now();
    const failures: number[] = [];
    await paced(RATE, WARNINGS, async (i) => {
      const title = `bench warning ${i}`;
      sentAt.set(title, performance.now());
      const res = await posters[i % ORGS](`/api/v1/elections/${electionId}/warnings`, {
        title,
        text: 'A forged ballot instruction is circulating.',
        severity: 'urgent',
      });
      if (res.status !== 201) failures.push(res.status);
    });
    const expected = ORGS - 1;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const done = [...sentAt.keys()].every((t) => (arrivals.get(t)?.length ?? 0) >= expected);
      if (done) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const wallS = (performance.now() - t0) / 1000;
    const load1 = loadavg();
    const each: number[] = [];
    const last: number[] = [];
    let missing = 0;
    for (const [title, at] of sentAt) {
      const got = arrivals.get(title) ?? [];
      missing += Math.max(0, expected - got.length);
      const latencies = got.map((a) => a - at);
      each.push(...latencies);
      if (got.length) last.push(Math.max(...latencies));
    }
    const result = {
      orgs: ORGS,
      apis: socketUrls.length,
      warnings: WARNINGS,
      ratePerSecond: RATE,
      arrivals: each.length,
      missing,
      wrongRecipient,
      failedPosts: failures.length,
      arrivalMs: {
        p50: round(percentile(each, 50)),
        p90: round(percentile(each, 90)),
        p99: round(percentile(each, 99)),
        max: round(Math.max(...each)),
      },
      lastArrivalPerWarningMs: { p50: round(percentile(last, 50)), p99: round(percentile(last, 99)) },
      wallSeconds: round(wallS),
      loadAverage: { start: load0.map((l) => round(l, 2)), end: load1.map((l) => round(l, 2)) },
      goal: 'p99 of arrival ≤ 250 ms',
      met: percentile(each, 99) <= 250 && missing === 0 && wrongRecipient === 0,
    };
    console.log(JSON.stringify(result, null, 2));
    saveResult(APIS > 1 ? `warnings-${APIS}-apis` : 'warnings', result);
  } finally {
    for (const c of clients) c.close();
    await hub.stop();
  }
}

runBench(main);
