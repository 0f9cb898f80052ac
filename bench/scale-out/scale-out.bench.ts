import { RoomClient } from '@hub/client';
import { waitFor } from '@hub/testing';
import { readFileSync } from 'node:fs';
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
import { openIncidents } from '../room/room-load';

/**
 * Scale-out under load: two api and two worker processes on one PostgreSQL and Redis (the room's events go
 * from one api to the other through Redis), --incidents live incidents at once (default 100), --sockets
 * sockets (default 1,000) spread over the incidents and over the two apis, and --rate shares a second
 * (default 200) through the REST API, alternating between the apis, for --seconds (default 600). Measured:
 * share sent → `item.shared` received, per recipient, on a sub-millisecond clock (p50, p99, max, per
 * minute and overall); receipts missing at the end (nothing lost: every joined socket of the incident gets
 * every share); and each process's RSS every --sample-seconds (memory flat: the last sample against the
 * first after the warm-up minute). Goal: p99 ≤ 250 ms, nothing lost.
 * Run: `npm run build:server && node dist/bench/scale-out/scale-out.bench.js [--seconds=600] [--rate=200]
 * [--sockets=1000] [--incidents=100]`.
 */
const SECONDS = arg('seconds', 600);
const RATE = arg('rate', 200);
const SOCKETS = arg('sockets', 1000);
const INCIDENTS = arg('incidents', 100);
const SAMPLE_SECONDS = arg('sample-seconds', 60);
const GOAL_P99_MS = 250;

const rssMb = (pid: number): number => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return NaN;
  }
};

runBench(async () => {
  // Four processes start on two cores shared with the load generator: give them two minutes.
  const hub = await startBenchHub({ worker: true, readyTimeoutMs: 120_000 });
  const clients: RoomClient[] = [];
  try {
    // The second api and worker: the same database, Redis and key prefix as the first pair.
    const second = await hub.addApi({ worker: true });
    const apis = [hub.url, second.url];
    const processes = [
      { name: 'api 1', pid: hub.processes[0].pid! },
      { name: 'worker 1', pid: hub.processes[1].pid! },
      { name: 'api 2', pid: second.api.pid! },
      { name: 'worker 2', pid: second.worker!.pid! },
    ];

    const incidents = await openIncidents(hub, INCIDENTS, { title: 'scale-out' });
    const { cast } = hub;
    const tokens = [cast.coordinator, cast.be, cast.fr, cast.videoshare, cast.observer].map((m) => m.token);
    const perIncident = new Map<string, number>();
    // Send times by share number; latencies by the minute the share was sent in (2,000 receipts a second).
    const sentAt = new Float64Array(RATE * SECONDS + 1);
    const byMinute: number[][] = Array.from({ length: Math.ceil(SECONDS / 60) }, () => []);
    let received = 0;
    const joining: Promise<void>[] = [];
    for (let s = 0; s < SOCKETS; s++) {
      const incidentId = incidents[s % incidents.length];
      const client = new RoomClient({
        url: apis[Math.floor(s / incidents.length) % 2],
        token: tokens[s % tokens.length],
        socketOptions: { forceNew: true },
      });
      clients.push(client);
      client.onEvent((e) => {
        const shareUrl = (e.data as { url?: string }).url;
        if (e.type !== 'item.shared' || !shareUrl) return;
        const n = Number(shareUrl.slice(shareUrl.lastIndexOf('/') + 1));
        if (!(sentAt[n] > 0)) return;
        byMinute[Math.floor(n / (RATE * 60))].push(performance.now() - sentAt[n]);
        received += 1;
      });
      // Joined 50 at a time: a thousand one after the other take minutes on a busy machine.
      joining.push(
        client
          .connected()
          .then(() => client.join(incidentId))
          .then(() => void perIncident.set(incidentId, (perIncident.get(incidentId) ?? 0) + 1)),
      );
      if (joining.length === 50) await Promise.all(joining.splice(0));
    }
    await Promise.all(joining);
    process.stdout.write(
      `scale-out: 2 apis, 2 workers, ${INCIDENTS} incidents, ${SOCKETS} sockets, ${RATE} shares/s for ${SECONDS} s; load ${loadavg()[0].toFixed(2)}\n`,
    );

    const posters = apis.flatMap((api) => [jsonPoster(api, cast.fr.token), jsonPoster(api, cast.be.token)]);
    let expected = 0;
    let refused = 0;
    const samples: { second: number; load: number; rssMb: Record<string, number> }[] = [];
    const t0 = performance.now();
    const sample = () => {
      const entry = {
        second: Math.round((performance.now() - t0) / 1000),
        load: round(loadavg()[0], 2),
        rssMb: Object.fromEntries(processes.map((p) => [p.name, round(rssMb(p.pid), 0)])),
      };
      samples.push(entry);
      process.stdout.write(
        `  ${entry.second} s: load ${entry.load}, RSS ${processes.map((p) => `${p.name} ${entry.rssMb[p.name]} MB`).join(', ')}; received ${received} of ${expected}, refused ${refused}\n`,
      );
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_SECONDS * 1000);
    await paced(RATE, RATE * SECONDS, async (i) => {
      const incidentId = incidents[i % incidents.length];
      sentAt[i] = performance.now();
      expected += perIncident.get(incidentId) ?? 0;
      const res = await posters[i % posters.length](`/api/v1/incidents/${incidentId}/items`, {
        kind: 'url',
        url: `https://videoshare.example/scale-out/${i}`,
        channel: 'referral',
      }).catch(() => ({ status: 0 }));
      if (res.status !== 201) {
        refused += 1;
        expected -= perIncident.get(incidentId) ?? 0;
      }
    });
    clearInterval(sampler);
    const sendSeconds = (performance.now() - t0) / 1000;
    await waitFor(
      () => Promise.resolve(received),
      (n) => n >= expected,
      { timeoutMs: 30_000, intervalMs: 200, what: 'every receipt' },
    ).catch(() => undefined);
    sample();

    const all = byMinute.flat();
    const perMinute = byMinute.map((xs, m) => ({
      minute: m + 1,
      p50: round(percentile(xs, 50), 1),
      p99: round(percentile(xs, 99), 1),
    }));
    const p99 = percentile(all, 99);
    const first = samples[Math.min(1, samples.length - 1)];
    const last = samples[samples.length - 1];
    const result = {
      at: new Date().toISOString(),
      options: { seconds: SECONDS, rate: RATE, sockets: SOCKETS, incidents: INCIDENTS },
      sendSeconds: round(sendSeconds, 1),
      shares: RATE * SECONDS,
      refused,
      receipts: { expected, received, missing: expected - received },
      latencyMs: {
        p50: round(percentile(all, 50), 1),
        p90: round(percentile(all, 90), 1),
        p99: round(p99, 1),
        max: round(
          all.reduce((m, x) => Math.max(m, x), 0),
          1,
        ),
      },
      perMinute,
      samples,
      memory: Object.fromEntries(
        processes.map((p) => [p.name, { after: first.rssMb[p.name], end: last.rssMb[p.name] }]),
      ),
      goal: { p99Ms: GOAL_P99_MS, met: p99 <= GOAL_P99_MS && refused === 0 && expected === received },
    };
    process.stdout.write(
      `\nshare → room: p50 ${result.latencyMs.p50} ms, p90 ${result.latencyMs.p90} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms ` +
        `(goal p99 <= ${GOAL_P99_MS} ms: ${result.goal.met ? 'met' : 'NOT met'}); shares ${result.shares}, refused ${refused}; ` +
        `receipts ${received} of ${expected} (missing ${expected - received}); sending took ${result.sendSeconds} s\n` +
        `per minute p50 / p99 ms: ${perMinute.map((m) => `${m.minute}: ${m.p50} / ${m.p99}`).join('; ')}\n` +
        `RSS MB (first sample after start → end): ${processes.map((p) => `${p.name} ${first.rssMb[p.name]} → ${last.rssMb[p.name]}`).join(', ')}\n`,
    );
    saveResult('scale-out', result);
    if (!result.goal.met) process.exitCode = 1;
  } finally {
    clients.forEach((c) => c.close());
    await hub.stop();
  }
});
