import { createTestDatabase, freePort } from '@hub/testing';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  startBenchHub,
} from '../lib/bench-hub';
import { joinRoomSockets, openIncidents, type RoomSockets } from './room-load';

/**
 * The incident room under load. (a) 500 sockets across 10 incidents, 100 shares/s; (b) 500 sockets in one
 * incident, 10 shares/s; each for --seconds (default 60, after --warmup seconds of the same load, default
 * 5), through the REST API, measuring share → receipt per recipient. The same loads against a floor server (insert one row, broadcast it) in the same run.
 * Run: `npm run build && node dist/bench/room/room.bench.js [--seconds=60] [--only=a|b] [--rounds=1]`.
 */
const SECONDS = arg('seconds', 60);
const SOCKETS = arg('sockets', 500);
/** Seconds of the same load before measuring, for the floor and the hub alike (code compiled, pools filled). */
const WARMUP = arg('warmup', 5);
const ROUNDS = arg('rounds', 1);
const round2 = (n: number) => round(n, 2);

interface Scenario {
  name: string;
  incidents: number;
  rate: number;
}
const SCENARIOS: Scenario[] = [
  { name: '(a) 500 sockets, 10 incidents, 100 shares/s', incidents: 10, rate: 100 },
  { name: '(b) 500 sockets, 1 incident, 10 shares/s', incidents: 1, rate: 10 },
];

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

async function runHub(scenario: Scenario): Promise<Outcome> {
  // The whole hub in one process (`npm start` on real servers): on two cores, an api and a worker in
  // processes of their own only compete for the same cores (measured: p99 worse).
  const hub = await startBenchHub({ env: { HUB_RATE_LIMIT_PER_MINUTE: '1000000' } });
  let room: RoomSockets | undefined;
  try {
    const { cast } = hub;
    const incidents = await openIncidents(hub, scenario.incidents, { title: 'room' });
    const sent = new Map<string, Sent>();
    const received = new Map<string, number[]>();
    const expected = new Map<string, number>();
    room = await joinRoomSockets(hub, incidents, SOCKETS, (url) => {
      const list = received.get(url) ?? [];
      list.push(performance.now());
      received.set(url, list);
    });
    const { perIncident } = room;
    const posters = [jsonPoster(hub.url, cast.fr.token), jsonPoster(hub.url, cast.be.token)];
    await load(scenario.rate, async (i, measured) => {
      const incidentId = incidents[i % incidents.length];
      const url = `https://videoshare.example/bench/${i}`;
      if (measured) {
        sent.set(url, { at: performance.now(), room: incidentId });
        expected.set(url, perIncident.get(incidentId) ?? 0);
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
    const rss = await hub.rssMb();
    return { ...summarise(sent, received, expected, room.outOfOrder()), rssMb: Math.round(rss) };
  } finally {
    room?.close();
    await hub.stop();
  }
}

async function runFloor(scenario: Scenario): Promise<Outcome> {
  const db = await createTestDatabase('floor');
  const port = await freePort();
  const server = spawn(process.execPath, [join(__dirname, 'floor-server.js')], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port) },
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
    for (let s = 0; s < SOCKETS; s++) {
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

async function main(): Promise<void> {
  const rows: string[] = [];
  const results: Record<string, unknown> = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    seconds: SECONDS,
    sockets: SOCKETS,
  };
  // `--only=a` or `--only=b` runs one load; `--rounds=N` measures floor and hub N times each, alternately
  // (this host's speed drifts within minutes), and adds the median of the rounds' ratios.
  const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];
  for (const scenario of SCENARIOS.filter((s) => !only || s.name.startsWith(`(${only})`))) {
    const ratios: { p50: number; p99: number }[] = [];
    const rounds: { floor: Outcome; hub: Outcome }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const floor = await runFloor(scenario);
      const hub = await runHub(scenario);
      rounds.push({ floor, hub });
      ratios.push({ p50: hub.p50 / floor.p50, p99: hub.p99 / floor.p99 });
      rows.push(
        `| ${round === 0 ? scenario.name : ''} | floor | ${floor.p50} / ${floor.p99} | ${floor.slowestP50} / ${floor.slowestP99} | ${floor.answeredP50} / ${floor.firstP50} | ${floor.lost} | ${floor.outOfOrder} | ${floor.rssMb} MB |`,
        `| | crisis-hub | ${hub.p50} / ${hub.p99} (${round2(ratios[round].p50)}× / ${round2(ratios[round].p99)}×) | ${hub.slowestP50} / ${hub.slowestP99} | ${hub.answeredP50} / ${hub.firstP50} | ${hub.lost} | ${hub.outOfOrder} | ${hub.rssMb} MB |`,
      );
    }
    const median = (values: number[]) => round2(percentile(values, 50));
    if (ROUNDS > 1)
      rows.push(
        `| | median ratio of ${ROUNDS} rounds | ${median(ratios.map((r) => r.p50))}× / ${median(ratios.map((r) => r.p99))}× | | | | | |`,
      );
    results[scenario.name] = rounds;
  }
  saveResult('room', results);
  process.stdout.write(
    [
      '| load | server | per recipient p50 / p99 ms | slowest recipient per share p50 / p99 ms | share answered / first recipient p50 ms | lost | out of order | server RSS |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

runBench(main);
