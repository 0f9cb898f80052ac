import { QUEUES } from '@hub/contracts';
import { WebhookReceiver } from '@hub/testing';
import { cpus } from 'node:os';
import {
  arg,
  jsonPoster,
  paced,
  round,
  runBench,
  saveResult,
  startBenchHub,
  waitForQuiet,
} from '../lib/bench-hub';
import { joinRoomSockets, openIncidents, type RoomSockets } from '../room/room-load';

/**
 * The soak: load (a) of bench/room (500 sockets across 10 incidents, 100 shares/s through the REST API from
 * two authorities) for --minutes (default 30), where every --hook-every-th share (default 10) names a
 * platform with a webhook, so deliveries run all along. Each platform's liaison acknowledges every
 * --acknowledge-every-th share as soon as it is answered (default 1: all of them, as the protocol asks;
 * 0: none, so every cell goes overdue and is reminded every 15 minutes until the end). Every minute: the
 * hub's RSS, event-loop delay and open handles (from its /metrics, prom-client's default metrics), the
 * deadline and delivery queues' waiting and delayed jobs, and what was lost so far. Verdict: RSS after the
 * last minute within 10% of RSS after minute 5, no share refused, no room event or webhook lost.
 * Run: `npm run build:server && node dist/bench/soak/soak.bench.js [--minutes=30] [--rate=100]
 * [--acknowledge-every=1]`.
 */
const MINUTES = arg('minutes', 30);
const SOCKETS = arg('sockets', 500);
const INCIDENTS = arg('incidents', 10);
const RATE = arg('rate', 100);
const HOOK_EVERY = arg('hook-every', 10);
const ACK_EVERY = arg('acknowledge-every', 1);
/** The minute whose RSS is the baseline (pools filled, code compiled, caches warm). */
const BASELINE_MINUTE = Math.min(arg('baseline', 5), MINUTES);

interface Minute {
  minute: number;
  rssMb: number;
  heapUsedMb: number;
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  handles: number;
  /** Jobs waiting (due, not yet taken) and delayed (due later) on the deadline and delivery queues. */
  deadlinesWaiting: number;
  deadlinesDelayed: number;
  deliveriesWaiting: number;
  deliveriesDelayed: number;
  shares: number;
  refused: number;
  acknowledged: number;
  /** Receipts and deliveries not yet arrived as the minute ends (still in flight, or lost). */
  roomLost: number;
  webhooksPending: number;
  outOfOrder: number;
}

/** The value of a sample of the hub's /metrics (prom-client's default metrics carry the `hub_` prefix). */
function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').pop()) : NaN;
}

/** Jobs of one queue in one state, from the hub's `hub_queue_jobs{queue,state}` gauge. */
function queueJobs(text: string, queue: string, state: string): number {
  return metric(text, `hub_queue_jobs{queue="${queue}",state="${state}"}`);
}

async function main(): Promise<void> {
  const receiver = new WebhookReceiver();
  const receiverUrl = await receiver.start();
  // Only the delivered item ids are kept: 30 minutes of bodies would be the bench's memory, not the hub's.
  const delivered = new Set<string>();
  receiver.respond = (request) => {
    if (request.json?.item?.id) delivered.add(request.json.item.url);
    receiver.received.length = 0;
    return 200;
  };
  const hub = await startBenchHub();
  let room: RoomSockets | undefined;
  try {
    const { cast, admin } = hub;
    const hookOrg = await admin.post('/organisations', {
      name: 'HookShare',
      kind: 'platform',
      platformKey: 'hookshare',
      domains: ['hookshare.example'],
      webhook: { url: `${receiverUrl}/hook`, secret: 'soak-webhook-secret-0123456789' },
    });
    if (hookOrg.status !== 201) throw new Error(`organisation ${hookOrg.status}`);
    const incidents = await openIncidents(hub, INCIDENTS, {
      title: 'soak',
      moreParticipants: [hookOrg.body.id],
    });
    const hookLiaison = await admin.post(`/organisations/${hookOrg.body.id}/members`, {
      displayName: 'HookShare liaison',
      role: 'liaison',
    });
    if (hookLiaison.status !== 201) throw new Error(`liaison ${hookLiaison.status}`);

    // Counters, not per-share lists: 180,000 shares × 50 recipients would weigh on the load generator.
    let expectedReceipts = 0;
    let receipts = 0;
    room = await joinRoomSockets(hub, incidents, SOCKETS, (url) => {
      if (url.includes('/soak/')) receipts += 1;
    });
    const { perIncident } = room;

    const posters = [jsonPoster(hub.url, cast.fr.token), jsonPoster(hub.url, cast.be.token)];
    const liaisons = {
      'videoshare.example': { platformKey: 'videoshare', post: jsonPoster(hub.url, cast.videoshare.token) },
      'hookshare.example': { platformKey: 'hookshare', post: jsonPoster(hub.url, hookLiaison.body.token) },
    };
    const hooked = new Set<string>();
    let shares = 0;
    let refused = 0;
    let acknowledged = 0;
    const minutes: Minute[] = [];
    process.stdout.write(
      `soak: ${SOCKETS} sockets, ${INCIDENTS} incidents, ${RATE} shares/s (1 in ${HOOK_EVERY} to a webhook, ` +
        `${ACK_EVERY > 0 ? `1 in ${ACK_EVERY} acknowledged` : 'none acknowledged'}), ${MINUTES} min\n` +
        '| minute | RSS MB | heap MB | event loop p50 / p99 / max ms | handles | deadline jobs waiting / delayed | delivery jobs waiting / delayed | shares | refused | acknowledged | room receipts pending | webhooks pending | out of order |\n' +
        '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n',
    );
    for (let minute = 1; minute <= MINUTES; minute++) {
      const base = shares;
      await paced(RATE, RATE * 60, async (k) => {
        const i = base + k;
        const incidentId = incidents[i % incidents.length];
        const host = i % HOOK_EVERY === 0 ? 'hookshare.example' : 'videoshare.example';
        const url = `https://${host}/soak/${i}`;
        expectedReceipts += perIncident.get(incidentId) ?? 0;
        if (host === 'hookshare.example') hooked.add(url);
        const res = await posters[i % 2](`/api/v1/incidents/${incidentId}/items`, {
          kind: 'url',
          url,
          channel: 'referral',
        }).catch(() => ({ status: 0, body: '' }));
        if (res.status !== 201) {
          refused += 1;
          return;
        }
        if (ACK_EVERY > 0 && i % ACK_EVERY === 0) {
          const liaison = liaisons[host];
          const itemId = (JSON.parse(res.body) as { item: { id: string } }).item.id;
          const ack = await liaison
            .post(`/api/v1/incidents/${incidentId}/items/${itemId}/containment/${liaison.platformKey}`, {
              status: 'acknowledged',
            })
            .catch(() => ({ status: 0 }));
          if (ack.status === 200) acknowledged += 1;
        }
      });
      shares += RATE * 60;
      const metrics = String((await admin.get<string>('/metrics')).body);
      // A minute's figures are read as it ends: receipts and deliveries still in flight count as lost
      // until the next minute (the final figures are read after the queues drain).
      const row: Minute = {
        minute,
        rssMb: Math.round(await hub.rssMb()),
        heapUsedMb: Math.round(metric(metrics, 'hub_nodejs_heap_size_used_bytes') / 2 ** 20),
        eventLoopP50Ms: round(metric(metrics, 'hub_nodejs_eventloop_lag_p50_seconds') * 1000),
        eventLoopP99Ms: round(metric(metrics, 'hub_nodejs_eventloop_lag_p99_seconds') * 1000),
        eventLoopMaxMs: round(metric(metrics, 'hub_nodejs_eventloop_lag_max_seconds') * 1000),
        handles: metric(metrics, 'hub_nodejs_active_handles_total'),
        deadlinesWaiting: queueJobs(metrics, QUEUES.deadlines, 'waiting'),
        deadlinesDelayed: queueJobs(metrics, QUEUES.deadlines, 'delayed'),
        deliveriesWaiting: queueJobs(metrics, QUEUES.deliveries, 'waiting'),
        deliveriesDelayed: queueJobs(metrics, QUEUES.deliveries, 'delayed'),
        shares,
        refused,
        acknowledged,
        roomLost: expectedReceipts - receipts,
        webhooksPending: [...hooked].filter((u) => !delivered.has(u)).length,
        outOfOrder: room.outOfOrder(),
      };
      minutes.push(row);
      process.stdout.write(
        `| ${row.minute} | ${row.rssMb} | ${row.heapUsedMb} | ${row.eventLoopP50Ms} / ${row.eventLoopP99Ms} / ${row.eventLoopMaxMs} | ${row.handles} | ${row.deadlinesWaiting} / ${row.deadlinesDelayed} | ${row.deliveriesWaiting} / ${row.deliveriesDelayed} | ${row.shares} | ${row.refused} | ${row.acknowledged} | ${row.roomLost} | ${row.webhooksPending} | ${row.outOfOrder} |\n`,
      );
    }

    // Lost means still missing once the backlog had time to drain: deliveries may trail the shares by
    // minutes on a loaded machine, so wait for them (up to --drain-minutes) before counting.
    const pendingHooks = () => [...hooked].filter((u) => !delivered.has(u)).length;
    const drainUntil = Date.now() + arg('drain-minutes', 15) * 60_000;
    while ((pendingHooks() > 0 || receipts < expectedReceipts) && Date.now() < drainUntil)
      await new Promise((r) => setTimeout(r, 1000));
    // With shares left unacknowledged (--acknowledge-every=0 or > 1) the deadline queue holds a reminder
    // per overdue cell until the end, so it is never quiet: this wait is bounded and reported.
    const drainedMs = await waitForQuiet(hub, 60_000).catch(() => NaN);
    const outOfOrder = room.outOfOrder();
    const roomLost = expectedReceipts - receipts;
    const webhooksLost = pendingHooks();
    const baseline = minutes[BASELINE_MINUTE - 1].rssMb;
    const final = minutes[minutes.length - 1].rssMb;
    const growth = (final - baseline) / baseline;
    const pass =
      Math.abs(growth) <= 0.1 && refused === 0 && roomLost === 0 && webhooksLost === 0 && outOfOrder === 0;
    const result = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      minutes: MINUTES,
      sockets: SOCKETS,
      incidents: INCIDENTS,
      rate: RATE,
      hookEvery: HOOK_EVERY,
      acknowledgeEvery: ACK_EVERY,
      perMinute: minutes,
      final: {
        shares,
        refused,
        roomLost,
        webhooksLost,
        outOfOrder,
        webhooksExpected: hooked.size,
        drainedMs,
      },
      rss: {
        baselineMinute: BASELINE_MINUTE,
        baselineMb: baseline,
        finalMb: final,
        growthPct: round(growth * 100),
      },
      pass,
    };
    saveResult('soak', result);
    process.stdout.write(
      `\nafter draining: ${shares} shares, ${refused} refused, ${roomLost} room receipts lost of ${expectedReceipts}, ` +
        `${webhooksLost} webhooks lost of ${hooked.size}, ${outOfOrder} out of order, ${acknowledged} acknowledged\n` +
        `RSS minute ${BASELINE_MINUTE}: ${baseline} MB, minute ${MINUTES}: ${final} MB (${round(growth * 100)}%)\n` +
        `verdict: ${pass ? 'PASS' : 'FAIL'}\n`,
    );
    if (!pass) process.exitCode = 1;
  } finally {
    room?.close();
    await hub.stop();
    await receiver.stop();
  }
}

runBench(main);
