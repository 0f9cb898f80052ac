import { RoomClient } from '@hub/client';
import { ApiClient, waitFor } from '@hub/testing';
import { cpus, loadavg } from 'node:os';
import { arg, jsonPoster, paced, percentile, round, runBench, saveResult } from '../lib/bench-hub';
import { connect, declare, mirrorOf, startFederationHub, type FederationBenchHub } from './federation-hubs';

/**
 * Federation between hubs on this machine (issue 27, "Performance"). Each hub is the whole hub in one process
 * (`npm start` on the local PostgreSQL and Redis), on a database of its own, under its own HUB_NAME; hubs are
 * connected both ways as their admins would (an organisation of kind `hub`, a `peer` token, `POST /peers`).
 *
 * (a) A share on hub A seen in a liaison's room on hub B: a `connected` incident on A concerning videoshare,
 *     its mirror on B, B's videoshare liaison's socket joined to the mirror; A's authority shares --rate
 *     items a second (default 50, one POST each on a fixed schedule, an open loop) for --seconds (default 20)
 *     after --warmup seconds of the same load (default 3, not counted). Each item is timed from A's 201
 *     answer (and from the POST's sending) to its `item.shared` at B's socket; the hops are timed from the
 *     events' own times in A's and B's logs. Goals: p50 <= 150 ms, p99 <= 500 ms.
 * (b) A peer away while --items items are shared (default 10,000, in bulk POSTs of 1,000): hub B is killed
 *     (SIGKILL) after the mirror of a fresh `connected` incident reached it; A shares; B is started again on
 *     the same database and port once --away-seconds have passed since the kill (default 20: what B lacks
 *     and how it catches up are the same after 20 s or 10 minutes; A's push job gives up retrying after
 *     about 30 s either way, and its periodic pass and B's pull at start are what catch up). Measured: from
 *     B's process start, and from B's first `/health/ready` 200, until every item is on B's mirror (rows in
 *     B's database), then items, distinct origin items and `item.shared` events counted (each exactly
 *     once). Goal: <= 30 s.
 * (c) A chain A - B - C (A and C not connected), an incident of distribution `all` on A: (a)'s latency at
 *     C's videoshare liaison, two hops away, at --rate-c shares a second (default 50) for --seconds.
 * The load average (/proc/loadavg) is printed at each step; figures taken above 2 are marked as measured
 * under load. --only=a,b,c runs some of them (b and c also start from a fresh A and B).
 * Run: `npm run build:server && node dist/bench/federation/federation.bench.js [--rate=50] [--seconds=20]
 * [--items=10000] [--away-seconds=20] [--rate-c=50] [--only=a,b,c]`.
 */
const RATE = arg('rate', 50);
const SECONDS = arg('seconds', 20);
const WARMUP = arg('warmup', 3);
const ITEMS = arg('items', 10_000);
const AWAY_SECONDS = arg('away-seconds', 20);
const RATE_C = arg('rate-c', 50);
const ONLY = (process.argv.find((a) => a.startsWith('--only='))?.split('=')[1] ?? 'a,b,c').split(',');
const GOALS = { p50: 150, p99: 500, catchUpSeconds: 30 };
const BULK = 1_000;

/** Milliseconds since the epoch on a sub-millisecond clock: comparable with the logs' `at`. */
const now = () => performance.timeOrigin + performance.now();
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

const loads: { step: string; load1: number; at: string }[] = [];
function noteLoad(step: string): number {
  const load1 = round(loadavg()[0], 2);
  loads.push({ step, load1, at: new Date().toISOString() });
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${step}: load ${load1}\n`);
  return load1;
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
const stats = (xs: number[]): Stats => ({
  n: xs.length,
  p50: round(percentile(xs, 50)),
  p95: round(percentile(xs, 95)),
  p99: round(percentile(xs, 99)),
  max: round(xs.reduce((m, x) => Math.max(m, x), -Infinity)),
});

interface LatencyResult {
  rate: number;
  seconds: number;
  sent: number;
  refused: number;
  received: number;
  lost: number;
  doubled: number;
  fromAnswer: Stats;
  fromSend: Stats;
  /** Where the time goes, per item, from the logs' own times (ms). */
  hops: { hop: string; stats: Stats }[];
  loadDuring: number;
}

/** Each `item.shared` event's time on a hub, and when its federated application began there. */
async function loggedShares(
  hub: FederationBenchHub,
  incidentId: string,
): Promise<Map<string, { at: number; began?: number }>> {
  const { rows } = await hub.db.sql.query(
    `SELECT e.data->>'url' AS url, extract(epoch FROM e.at) * 1000 AS at,
            extract(epoch FROM r.received_at) * 1000 AS began
       FROM incident_events e
       LEFT JOIN federation_received r
         ON r.origin_hub || ':' || r.origin_event_id = e.data->'federation'->>'id'
      WHERE e.incident_id = $1 AND e.type = 'item.shared'`,
    [incidentId],
  );
  return new Map(
    rows.map((r) => [
      r.url as string,
      { at: Number(r.at), began: r.began === null ? undefined : Number(r.began) },
    ]),
  );
}

/**
 * Shares on `origin` at `rate` a second, one POST each, and times each item's `item.shared` at the videoshare
 * liaison's socket on the last of `path` (the hubs it goes through, in order), joined to `mirrorId`.
 */
async function measureLatency(
  origin: FederationBenchHub,
  incidentId: string,
  path: FederationBenchHub[],
  mirrorId: string,
  rate: number,
  tag: string,
): Promise<LatencyResult> {
  const target = path[path.length - 1];
  const client = new RoomClient({
    url: target.url,
    token: target.cast.videoshare.token,
    socketOptions: { forceNew: true },
  });
  const arrivals = new Map<string, number[]>();
  client.onEvent((e) => {
    const url = (e.data as { url?: string }).url;
    if (e.type !== 'item.shared' || !url) return;
    const list = arrivals.get(url) ?? [];
    list.push(now());
    arrivals.set(url, list);
  });
  try {
    await client.connected();
    await client.join(mirrorId);
    const post = jsonPoster(origin.url, origin.cast.be.token);
    const sent = new Map<string, { at: number; answeredAt?: number }>();
    let refused = 0;
    const warm = rate * WARMUP;
    const loadBefore = loadavg()[0];
    await paced(rate, rate * (WARMUP + SECONDS), async (i) => {
      const url = `https://videoshare.example/fed-${tag}/${i}`;
      const measured = i >= warm;
      const at = now();
      if (measured) sent.set(url, { at });
      const res = await post(`/api/v1/incidents/${incidentId}/items`, {
        kind: 'url',
        url,
        channel: 'referral',
      }).catch(() => ({ status: 0 }));
      if (res.status !== 201) {
        refused += 1;
        sent.delete(url);
      } else if (measured) sent.get(url)!.answeredAt = now();
    });
    const loadDuring = Math.max(loadBefore, loadavg()[0]);
    const arrived = () => [...sent.keys()].filter((u) => arrivals.has(u)).length;
    await waitFor(
      () => arrived(),
      (n) => n >= sent.size,
      {
        timeoutMs: 30_000,
        intervalMs: 50,
        what: 'every share at the far socket',
      },
    ).catch(() => undefined);
    await settle(2_000); // anything doubled arrives in this time too
    const fromAnswer: number[] = [];
    const fromSend: number[] = [];
    let lost = 0;
    let doubled = 0;
    for (const [url, s] of sent) {
      const times = arrivals.get(url);
      if (!times) {
        lost += 1;
        continue;
      }
      if (times.length > 1) doubled += times.length - 1;
      fromSend.push(times[0] - s.at);
      fromAnswer.push(times[0] - s.answeredAt!);
    }
    // The hops, from the logs' times: the origin's event, then on each hub where its application began
    // (its transaction's start, `federation_received.received_at`) and its own event.
    const origins = await loggedShares(origin, incidentId);
    const mirrors: Map<string, { at: number; began?: number }>[] = [];
    for (const hub of path) {
      const id = hub === target ? mirrorId : await mirrorOf(hub, incidentId);
      mirrors.push(await loggedShares(hub, id));
    }
    const hop = new Map<string, number[]>();
    const add = (name: string, v: number | undefined) => {
      if (v === undefined || Number.isNaN(v)) return;
      const list = hop.get(name) ?? [];
      list.push(v);
      hop.set(name, list);
    };
    const names = [origin.name, ...path.map((h) => h.name)];
    for (const [url, s] of sent) {
      const o = origins.get(url);
      const times = arrivals.get(url);
      if (!o || !times) continue;
      add(`${names[0]}: POST sent → event appended (commit)`, o.at - s.at);
      add(`${names[0]}: event appended → 201 received`, s.answeredAt! - o.at);
      let before = o.at;
      for (const [k, m] of mirrors.entries()) {
        const row = m.get(url);
        if (!row) break;
        add(
          `${names[k]} appended → ${names[k + 1]} applying (relay, push job, HTTP)`,
          row.began !== undefined ? row.began - before : undefined,
        );
        add(
          `${names[k + 1]}: applying → event appended`,
          row.began !== undefined ? row.at - row.began : undefined,
        );
        before = row.at;
      }
      add(`${names[names.length - 1]} appended → liaison's socket`, times[0] - before);
    }
    return {
      rate,
      seconds: SECONDS,
      sent: sent.size,
      refused,
      received: arrived(),
      lost,
      doubled,
      fromAnswer: stats(fromAnswer),
      fromSend: stats(fromSend),
      hops: [...hop].map(([name, xs]) => ({ hop: name, stats: stats(xs) })),
      loadDuring: round(loadDuring, 2),
    };
  } finally {
    client.close();
  }
}

interface CatchUpResult {
  items: number;
  shareSeconds: number;
  awaySeconds: number;
  readySeconds: number;
  fromStartSeconds: number;
  fromReadySeconds: number;
  /** Items on B's mirror by second after the restart. */
  timeline: { second: number; items: number }[];
  onMirror: { items: number; distinctOrigins: number; events: number; distinctFederated: number };
  loadDuring: number;
}

async function countMirror(hub: FederationBenchHub, mirrorId: string): Promise<CatchUpResult['onMirror']> {
  const { rows } = await hub.db.sql.query(
    `SELECT (SELECT count(*) FROM items WHERE incident_id = $1)::int AS items,
            (SELECT count(DISTINCT origin_item_id) FROM items WHERE incident_id = $1)::int AS "distinctOrigins",
            (SELECT count(*) FROM incident_events WHERE incident_id = $1 AND type = 'item.shared')::int AS events,
            (SELECT count(DISTINCT data->'federation'->>'id') FROM incident_events
              WHERE incident_id = $1 AND type = 'item.shared')::int AS "distinctFederated"`,
    [mirrorId],
  );
  return rows[0];
}

async function measureCatchUp(
  a: FederationBenchHub,
  b: FederationBenchHub,
  tag: string,
): Promise<CatchUpResult> {
  const incidentId = await declare(a, 'connected', `Away ${tag}`);
  const mirrorId = await mirrorOf(b, incidentId);
  await b.kill('SIGKILL');
  const killedAt = Date.now();
  noteLoad(`(b) ${b.name} killed`);
  const api = new ApiClient(a.url, a.cast.be.token);
  const shareStart = Date.now();
  for (let from = 0; from < ITEMS; from += BULK) {
    const items = Array.from({ length: Math.min(BULK, ITEMS - from) }, (_, k) => ({
      kind: 'url',
      url: `https://videoshare.example/fed-${tag}/${from + k}`,
      channel: 'referral',
    }));
    const res = await api.post(`/incidents/${incidentId}/items/bulk`, { items });
    const created = (res.body?.results ?? []).filter((r: { status: number }) => r.status === 201).length;
    if (res.status !== 200 || created !== items.length)
      throw new Error(`bulk share: ${res.status}, ${created} of ${items.length} created`);
  }
  const shareSeconds = (Date.now() - shareStart) / 1000;
  noteLoad(`(b) ${ITEMS} items shared on ${a.name} in ${round(shareSeconds)} s`);
  const wait = killedAt + AWAY_SECONDS * 1000 - Date.now();
  if (wait > 0) await settle(wait);
  const awaySeconds = (Date.now() - killedAt) / 1000;
  const timeline: { second: number; items: number }[] = [];
  let doneAt = 0;
  let startedAt = Date.now();
  let polling = true;
  const poller = (async () => {
    let lastSecond = -1;
    while (polling) {
      const { rows } = await b.db.sql.query(`SELECT count(*)::int AS n FROM items WHERE incident_id = $1`, [
        mirrorId,
      ]);
      const n = rows[0].n as number;
      const second = Math.floor((Date.now() - startedAt) / 1000);
      if (second !== lastSecond) {
        timeline.push({ second, items: n });
        lastSecond = second;
      }
      if (n >= ITEMS && !doneAt) {
        doneAt = Date.now();
        timeline.push({ second: round((doneAt - startedAt) / 1000), items: n });
        return;
      }
      await settle(50);
    }
  })();
  const loadBefore = loadavg()[0];
  startedAt = Date.now();
  const { readyAt } = await b.restart();
  noteLoad(`(b) ${b.name} ready again after ${round((readyAt - startedAt) / 1000)} s`);
  let timeout: NodeJS.Timeout | undefined;
  await Promise.race([poller, new Promise((r) => (timeout = setTimeout(r, 300_000)))]);
  clearTimeout(timeout);
  polling = false;
  if (!doneAt)
    throw new Error(`(b) catch-up not done in 300 s: ${JSON.stringify(await countMirror(b, mirrorId))}`);
  const loadDuring = Math.max(loadBefore, loadavg()[0]);
  await settle(3_000); // a push or pull still running would show here as a double
  const onMirror = await countMirror(b, mirrorId);
  return {
    items: ITEMS,
    shareSeconds: round(shareSeconds),
    awaySeconds: round(awaySeconds),
    readySeconds: round((readyAt - startedAt) / 1000, 2),
    fromStartSeconds: round((doneAt - startedAt) / 1000, 2),
    fromReadySeconds: round((doneAt - readyAt) / 1000, 2),
    timeline,
    onMirror,
    loadDuring: round(loadDuring, 2),
  };
}

function latencyRows(label: string, r: LatencyResult): string[] {
  const met =
    r.fromAnswer.p50 <= GOALS.p50 && r.fromAnswer.p99 <= GOALS.p99 && r.lost === 0 && r.doubled === 0;
  return [
    `| ${label}, from A's 201 | ${r.fromAnswer.p50} | ${r.fromAnswer.p95} | ${r.fromAnswer.p99} | ${r.fromAnswer.max} | ${r.received} / ${r.sent} | ${r.lost} | ${r.doubled} | ${r.refused} | ${r.loadDuring} | ${met ? 'met' : 'MISSED'} |`,
    `| ${label}, from the POST's sending | ${r.fromSend.p50} | ${r.fromSend.p95} | ${r.fromSend.p99} | ${r.fromSend.max} | | | | | | |`,
  ];
}

function hopRows(label: string, r: LatencyResult): string[] {
  return r.hops.map(
    (h) =>
      `| ${label} | ${h.hop} | ${h.stats.p50} | ${h.stats.p95} | ${h.stats.p99} | ${h.stats.max} | ${h.stats.n} |`,
  );
}

runBench(async () => {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const startedAt = new Date().toISOString();
  noteLoad(`federation bench on ${machine}, ${process.argv.slice(2).join(' ') || 'defaults'}`);
  const hubs: FederationBenchHub[] = [];
  const results: Record<string, unknown> = {
    at: startedAt,
    machine,
    command: `node dist/bench/federation/federation.bench.js ${process.argv.slice(2).join(' ')}`.trim(),
    options: {
      rate: RATE,
      seconds: SECONDS,
      warmup: WARMUP,
      items: ITEMS,
      awaySeconds: AWAY_SECONDS,
      rateC: RATE_C,
    },
  };
  const tag = Date.now().toString(36);
  let failed = false;
  try {
    const [a, b] = await Promise.all([startFederationHub('hub-a'), startFederationHub('hub-b')]);
    hubs.push(a, b);
    await connect(a, b);
    noteLoad('hub-a and hub-b started and connected');
    let latencyA: LatencyResult | undefined;
    let latencyC: LatencyResult | undefined;
    let catchUp: CatchUpResult | undefined;
    if (ONLY.includes('a')) {
      const incidentId = await declare(a, 'connected', `Latency ${tag}`);
      const mirrorId = await mirrorOf(b, incidentId);
      noteLoad(`(a) mirror on hub-b; sharing ${RATE}/s for ${WARMUP} + ${SECONDS} s`);
      latencyA = await measureLatency(a, incidentId, [b], mirrorId, RATE, `a${tag}`);
      noteLoad('(a) done');
      results.a = latencyA;
    }
    if (ONLY.includes('b')) {
      catchUp = await measureCatchUp(a, b, `b${tag}`);
      noteLoad('(b) done');
      results.b = catchUp;
    }
    if (ONLY.includes('c')) {
      const c = await startFederationHub('hub-c');
      hubs.push(c);
      await connect(b, c);
      const incidentId = await declare(a, 'all', `Chain ${tag}`);
      await mirrorOf(b, incidentId);
      const mirrorId = await mirrorOf(c, incidentId);
      noteLoad(`(c) hub-c started, connected to hub-b; mirror on hub-c; sharing ${RATE_C}/s`);
      latencyC = await measureLatency(a, incidentId, [b, c], mirrorId, RATE_C, `c${tag}`);
      noteLoad('(c) done');
      results.c = latencyC;
    }
    results.loads = loads;
    const underLoad = loads.some((l) => l.load1 > 2);
    results.underLoad = underLoad;
    const out: string[] = [
      '',
      `federation bench, ${startedAt}; ${machine}; load averages: ${loads.map((l) => l.load1).join(', ')}${underLoad ? ' (measured under load: above 2)' : ''}`,
      '',
    ];
    if (latencyA || latencyC) {
      out.push(
        `| share → liaison's socket (ms) | p50 | p95 | p99 | max | received / sent | lost | doubled | refused | load | goal p50 ≤ ${GOALS.p50}, p99 ≤ ${GOALS.p99} |`,
        '|---|---|---|---|---|---|---|---|---|---|---|',
      );
      if (latencyA) out.push(...latencyRows(`(a) A → B, ${RATE}/s for ${SECONDS} s`, latencyA));
      if (latencyC) out.push(...latencyRows(`(c) A → B → C, ${RATE_C}/s for ${SECONDS} s`, latencyC));
      out.push(
        '',
        "| run | hop (from the logs' times) | p50 | p95 | p99 | max | n |",
        '|---|---|---|---|---|---|---|',
      );
      if (latencyA) out.push(...hopRows('(a)', latencyA));
      if (latencyC) out.push(...hopRows('(c)', latencyC));
      for (const r of [latencyA, latencyC])
        if (
          r &&
          !(r.fromAnswer.p50 <= GOALS.p50 && r.fromAnswer.p99 <= GOALS.p99 && r.lost === 0 && r.doubled === 0)
        )
          failed = true;
    }
    if (catchUp) {
      const m = catchUp.onMirror;
      const once =
        m.items === ITEMS &&
        m.distinctOrigins === ITEMS &&
        m.events === ITEMS &&
        m.distinctFederated === ITEMS;
      const met = once && catchUp.fromStartSeconds <= GOALS.catchUpSeconds;
      if (!met) failed = true;
      out.push(
        '',
        `| (b) catch-up of ${ITEMS} items | B start → ready | B start → all on B | B ready → all on B | items / distinct origins / item.shared events / distinct federated ids on B | away | load | goal ≤ ${GOALS.catchUpSeconds} s, each once |`,
        '|---|---|---|---|---|---|---|---|',
        `| shared in ${catchUp.shareSeconds} s while B was down | ${catchUp.readySeconds} s | ${catchUp.fromStartSeconds} s | ${catchUp.fromReadySeconds} s | ${m.items} / ${m.distinctOrigins} / ${m.events} / ${m.distinctFederated} | ${catchUp.awaySeconds} s | ${catchUp.loadDuring} | ${met ? 'met' : 'MISSED'} |`,
        '',
        `items on B's mirror by second after B's start: ${catchUp.timeline.map((t) => `${t.second}s ${t.items}`).join(', ')}`,
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
    saveResult('federation', results);
    if (failed) process.exitCode = 1;
  } finally {
    for (const hub of hubs.reverse()) await hub.stop().catch(() => undefined);
  }
});
