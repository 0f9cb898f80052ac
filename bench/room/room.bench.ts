import { addWebhookPlatform, createTestDatabase, freePort, type WebhookPlatform } from '@hub/testing';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import {
  arg,
  paced,
  jsonPoster,
  percentile,
  round,
  runBench,
  saveResult,
  sharedOrder,
  startBenchHub,
} from '../lib/bench-hub';
import { joinRoomSockets, openIncidents, type RoomSockets } from './room-load';

/**
 * The incident room under load. (a) 500 sockets across 10 incidents, 100 shares/s; (b) 500 sockets in one
 * incident, 10 shares/s; (c) 50 sockets in one incident, 100 shares/s; each for --seconds (default 60, after
 * --warmup seconds of the same load, default 5), through the REST API, measuring share → receipt per
 * recipient. In the same run, against two floors (floor-server.ts: an INSERT then a broadcast; the durable
 * floor: BEGIN, INSERT, COMMIT, then a broadcast), the hub as it is (`plain`) and the hub with a platform
 * taking part whose webhook is on (`single`: one POST per event; `batch`: `batch: true`), where each share
 * is also counted at the webhook (lost, out of order, share → webhook p50 / p99). Ratios are against the
 * durable floor. `--hubs=plain,single,batch` chooses the hub runs.
 * Run: `npm run build && node dist/bench/room/room.bench.js [--seconds=60] [--only=a|b|c] [--rounds=1]
 * [--trace=file]`.
 */
const SECONDS = arg('seconds', 60);
/** Seconds of the same load before measuring, for the floor and the hub alike (code compiled, pools filled). */
const WARMUP = arg('warmup', 5);
const ROUNDS = arg('rounds', 1);
const round2 = (n: number) => round(n, 2);

interface Scenario {
  name: string;
  sockets: number;
  incidents: number;
  rate: number;
}
const SCENARIOS: Scenario[] = [
  { name: '(a) 500 sockets, 10 incidents, 100 shares/s', sockets: 500, incidents: 10, rate: 100 },
  { name: '(b) 500 sockets, 1 incident, 10 shares/s', sockets: 500, incidents: 1, rate: 10 },
  { name: '(c) 50 sockets, 1 incident, 100 shares/s', sockets: 50, incidents: 1, rate: 100 },
];

type HubMode = 'plain' | 'single' | 'batch';
const HUBS = (process.argv.find((a) => a.startsWith('--hubs='))?.split('=')[1] ?? 'plain,single')
  .split(',')
  .filter((h): h is HubMode => h === 'plain' || h === 'single' || h === 'batch');
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

interface Sent {
  at: number;
  room: string;
  answeredAt?: number;
}

interface Outcome {
  /** The share's HTTP answer, and its first recipient, p50 (ms after sending). */
  answeredP50: number;
  firstP50: number;
  p50: number;
  p99: number;
  slowestP50: number;
  slowestP99: number;
  lost: number;
  outOfOrder: number;
  shares: number;
  rssMb?: number;
  /** With a webhook on: shares never delivered, delivered out of share order, and share → webhook. */
  webhook?: { lost: number; outOfOrder: number; p50: number; p99: number; posts: number };
}

function summarise(
  sent: Map<string, Sent>,
  received: Map<string, number[]>,
  expectedPerShare: Map<string, number>,
  outOfOrder: number,
): Outcome {
  const all: number[] = [];
  const slowest: number[] = [];
  const first: number[] = [];
  const answered: number[] = [];
  let lost = 0;
  for (const [key, { at, answeredAt }] of sent) {
    const times = received.get(key) ?? [];
    lost += (expectedPerShare.get(key) ?? 0) - times.length;
    for (const t of times) all.push(t - at);
    if (times.length) slowest.push(Math.max(...times) - at);
    if (times.length) first.push(Math.min(...times) - at);
    if (answeredAt !== undefined) answered.push(answeredAt - at);
  }
  return {
    answeredP50: round(percentile(answered, 50)),
    firstP50: round(percentile(first, 50)),
    p50: round(percentile(all, 50)),
    p99: round(percentile(all, 99)),
    slowestP50: round(percentile(slowest, 50)),
    slowestP99: round(percentile(slowest, 99)),
    lost,
    outOfOrder,
    shares: sent.size,
  };
}

/** `WARMUP` seconds of the load, not measured, then `SECONDS` measured; share indexes run on across both. */
async function load(rate: number, send: (i: number, measured: boolean) => Promise<void>): Promise<void> {
  await paced(rate, rate * WARMUP, (i) => send(i, false));
  await paced(rate, rate * SECONDS, (i) => send(rate * WARMUP + i, true));
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `--trace=file`: each measured share of a hub run as a line (mode, wall ms sent, ms to its answer, to its
 * slowest recipient, to the webhook), to lay a slow spell beside what the hub and the database did then.
 */
const TRACE = process.argv.find((a) => a.startsWith('--trace='))?.split('=')[1];

function traceShares(
  mode: HubMode,
  sent: Map<string, Sent>,
  received: Map<string, number[]>,
  webhookSent?: Map<string, number>,
  arrived?: { url: string; at: number }[],
): void {
  const hooked = firstArrivals(arrived ?? []);
  const lines = [...sent].map(([url, { at, answeredAt }]) => {
    const times = received.get(url) ?? [];
    const slowest = times.length ? Math.max(...times) - at : -1;
    const hook = webhookSent?.has(url) && hooked.has(url) ? hooked.get(url)! - webhookSent.get(url)! : -1;
    const answered = answeredAt === undefined ? -1 : answeredAt - at;
    return [mode, Math.round(performance.timeOrigin + at), round(answered), round(slowest), hook].join(' ');
  });
  appendFileSync(TRACE!, lines.join('\n') + '\n');
}

/** When each URL first reached the webhook. */
function firstArrivals(arrived: { url: string; at: number }[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const { url, at } of arrived) if (!first.has(url)) first.set(url, at);
  return first;
}

/** What a webhook received of the measured shares: each share's URL, in the order they arrived. */
function webhookUrls(platform: WebhookPlatform): { url: string; at: number }[] {
  const out: { url: string; at: number }[] = [];
  for (const r of platform.receiver.received) {
    const events: { item?: { url?: string } }[] = Array.isArray(r.json?.events) ? r.json.events : [r.json];
    for (const e of events) if (e?.item?.url) out.push({ url: e.item.url, at: r.at });
  }
  return out;
}

/**
 * Shares sent → the webhook: lost, latencies, and out of order: a share that arrived after one later in
 * its incident's log (`order`: URL → incident and seq; without it, nothing is counted out of order).
 */
function summariseWebhook(
  platform: WebhookPlatform,
  sentAt: Map<string, number>,
  order?: Map<string, { incident: string; seq: number }>,
): NonNullable<Outcome['webhook']> {
  const first = firstArrivals(webhookUrls(platform));
  let outOfOrder = 0;
  const highest = new Map<string, number>();
  for (const url of first.keys()) {
    const place = order?.get(url);
    if (!place) continue;
    if (place.seq < (highest.get(place.incident) ?? -1)) outOfOrder += 1;
    highest.set(place.incident, Math.max(highest.get(place.incident) ?? -1, place.seq));
  }
  const latencies: number[] = [];
  let lost = 0;
  for (const [url, at] of sentAt) {
    const got = first.get(url);
    if (got === undefined) lost += 1;
    else latencies.push(got - at);
  }
  return {
    lost,
    outOfOrder,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    posts: platform.receiver.received.length,
  };
}

async function runHub(scenario: Scenario, mode: HubMode): Promise<Outcome> {
  // The whole hub in one process (`npm start` on real servers): on two cores, an api and a worker in
  // processes of their own only compete for the same cores (measured: p99 worse).
  const hub = await startBenchHub({ env: { HUB_RATE_LIMIT_PER_MINUTE: '1000000' } });
  let room: RoomSockets | undefined;
  let platform: WebhookPlatform | undefined;
  try {
    const { cast } = hub;
    if (mode !== 'plain') {
      platform = await addWebhookPlatform(hub.admin, { secret: WEBHOOK_SECRET, path: '/hook' });
      if (mode === 'batch') {
        const res = await hub.admin.patch(`/organisations/${platform.id}`, {
          webhook: { url: `${platform.url}/hook`, secret: WEBHOOK_SECRET, batch: true },
        });
        if (res.status !== 200) throw new Error(`batch webhook ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    const host = platform ? 'hookshare.example' : 'videoshare.example';
    const incidents = await openIncidents(hub, scenario.incidents, {
      title: 'room',
      moreParticipants: platform ? [platform.id] : [],
    });
    const webhookSent = new Map<string, number>();
    const sent = new Map<string, Sent>();
    const received = new Map<string, number[]>();
    const expected = new Map<string, number>();
    room = await joinRoomSockets(hub, incidents, scenario.sockets, (url) => {
      const list = received.get(url) ?? [];
      list.push(performance.now());
      received.set(url, list);
    });
    const { perIncident } = room;
    const posters = [jsonPoster(hub.url, cast.fr.token), jsonPoster(hub.url, cast.be.token)];
    await load(scenario.rate, async (i, measured) => {
      const incidentId = incidents[i % incidents.length];
      const url = `https://${host}/bench/${i}`;
      if (measured) {
        sent.set(url, { at: performance.now(), room: incidentId });
        expected.set(url, perIncident.get(incidentId) ?? 0);
        webhookSent.set(url, Date.now());
      }
      const res = await posters[i % 2](`/api/v1/incidents/${incidentId}/items`, {
        kind: 'url',
        url,
        channel: 'referral',
      });
      if (res.status !== 201) throw new Error(`share ${res.status}`);
      if (measured) sent.get(url)!.answeredAt = performance.now();
    });
    await settle(3000);
    // Every measured share at the webhook, or 30 s more at most (the rest are counted lost).
    if (platform) {
      const until = Date.now() + 30_000;
      while (Date.now() < until && summariseWebhook(platform, webhookSent).lost > 0) await settle(100);
    }
    if (TRACE) traceShares(mode, sent, received, platform && webhookSent, platform && webhookUrls(platform));
    const rss = await hub.rssMb();
    const order = new Map<string, { incident: string; seq: number }>();
    if (platform)
      for (const incident of incidents)
        for (const [url, seq] of (await sharedOrder(cast.coordinator.api, incident)).byUrl)
          order.set(url, { incident, seq });
    return {
      ...summarise(sent, received, expected, room.outOfOrder()),
      rssMb: Math.round(rss),
      ...(platform && { webhook: summariseWebhook(platform, webhookSent, order) }),
    };
  } finally {
    room?.close();
    await hub.stop();
    await platform?.receiver.stop();
  }
}

async function runFloor(scenario: Scenario, mode: 'insert' | 'durable'): Promise<Outcome> {
  const db = await createTestDatabase('floor');
  const port = await freePort();
  const server = spawn(process.execPath, [join(__dirname, 'floor-server.js')], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), FLOOR_MODE: mode },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => server.stdout!.once('data', resolve));
  const url = `http://127.0.0.1:${port}`;
  const sockets: Socket[] = [];
  try {
    const sent = new Map<string, Sent>();
    const received = new Map<string, number[]>();
    const expected = new Map<string, number>();
    const perRoom = new Map<string, number>();
    let outOfOrder = 0;
    for (let s = 0; s < scenario.sockets; s++) {
      const room = `r${s % scenario.incidents}`;
      const socket = io(url, { transports: ['websocket'], forceNew: true });
      sockets.push(socket);
      let last = 0;
      socket.on('incident:event', (e: { id: string; data: { url: string } }) => {
        if (Number(e.id) < last) outOfOrder += 1;
        last = Math.max(last, Number(e.id));
        const list = received.get(e.data.url) ?? [];
        list.push(performance.now());
        received.set(e.data.url, list);
      });
      await new Promise<void>((resolve) => socket.emit('join', room, resolve));
      perRoom.set(room, (perRoom.get(room) ?? 0) + 1);
    }
    const post = jsonPoster(url);
    await load(scenario.rate, async (i, measured) => {
      const room = `r${i % scenario.incidents}`;
      const shareUrl = `https://videoshare.example/bench/${i}`;
      if (measured) {
        sent.set(shareUrl, { at: performance.now(), room });
        expected.set(shareUrl, perRoom.get(room) ?? 0);
      }
      await post('/share', { room, url: shareUrl, kind: 'url', channel: 'referral' });
      if (measured) sent.get(shareUrl)!.answeredAt = performance.now();
    });
    await settle(3000);
    const rss =
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    return { ...summarise(sent, received, expected, outOfOrder), rssMb: Math.round(rss) };
  } finally {
    for (const s of sockets) s.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await db.drop();
  }
}

function row(label: string, name: string, o: Outcome, ratio?: { p50: number; p99: number }): string {
  const ratios = ratio ? ` (${round2(ratio.p50)}× / ${round2(ratio.p99)}×)` : '';
  const hook = o.webhook
    ? `${o.webhook.p50} / ${o.webhook.p99} ms, ${o.webhook.lost} lost, ${o.webhook.outOfOrder} out of order, ${o.webhook.posts} POSTs`
    : '';
  return `| ${label} | ${name} | ${o.p50} / ${o.p99}${ratios} | ${o.slowestP50} / ${o.slowestP99} | ${o.answeredP50} / ${o.firstP50} | ${o.lost} | ${o.outOfOrder} | ${hook} | ${o.rssMb} MB |`;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const results: Record<string, unknown> = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    seconds: SECONDS,
    hubs: HUBS,
  };
  // `--only=a` (or b, c) runs one load; `--rounds=N` measures the floors and the hubs N times each,
  // alternately (this host's speed drifts within minutes), and adds the median of the rounds' ratios.
  const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];
  for (const scenario of SCENARIOS.filter((s) => !only || s.name.startsWith(`(${only})`))) {
    const ratios = new Map<HubMode, { p50: number; p99: number }[]>(HUBS.map((h) => [h, []]));
    const rounds: Record<string, Outcome>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const floor = await runFloor(scenario, 'insert');
      const durable = await runFloor(scenario, 'durable');
      const outcome: Record<string, Outcome> = { floor, durable };
      rows.push(
        row(round === 0 ? scenario.name : '', 'floor (INSERT, broadcast)', floor),
        row('', 'durable floor (BEGIN, INSERT, COMMIT, broadcast)', durable),
      );
      for (const mode of HUBS) {
        const hub = await runHub(scenario, mode);
        outcome[mode] = hub;
        const ratio = { p50: hub.p50 / durable.p50, p99: hub.p99 / durable.p99 };
        ratios.get(mode)!.push(ratio);
        const name = {
          plain: 'crisis-hub',
          single: 'crisis-hub, webhook on',
          batch: 'crisis-hub, batch webhook on',
        };
        rows.push(row('', name[mode], hub, ratio));
      }
      rounds.push(outcome);
    }
    const median = (values: number[]) => round2(percentile(values, 50));
    if (ROUNDS > 1)
      for (const [mode, list] of ratios)
        rows.push(
          `| | ${mode}: median ratio of ${ROUNDS} rounds | ${median(list.map((r) => r.p50))}× / ${median(list.map((r) => r.p99))}× | | | | | | |`,
        );
    results[scenario.name] = rounds;
  }
  saveResult('room', results);
  process.stdout.write(
    [
      '| load | server | per recipient p50 / p99 ms (× the durable floor) | slowest recipient per share p50 / p99 ms | share answered / first recipient p50 ms | lost | out of order | share → webhook p50 / p99 | server RSS |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

runBench(main);
