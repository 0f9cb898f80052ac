import { addWebhookPlatform, type WebhookPlatform } from '@hub/testing';
import { cpus } from 'node:os';
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
  waitForQuiet,
} from '../lib/bench-hub';
import { postgresCpuMs, processCpuMs } from '../lib/process-cpu';

/**
 * Ingest: bulk-share 10,000 mixed items into one incident (goal ≥ 5,000 items/s), then single-item POSTs
 * at 200 requests/s (goal p99 ≤ 50 ms), measured after a warm-up of a few seconds at the same rate (its
 * figures are printed too). With `--webhook=single` or `--webhook=batch`, a sixth participant, a platform
 * whose webhook is on (`batch: true` for the latter), is told of every item of the burst (its URLs and every
 * hash, one in five items in its name): the bench counts them at its webhook, in order and with none lost,
 * and times the last one after the last bulk was answered (goal ≤ 5 s).
 * Run: `npm run build && node dist/bench/ingest/ingest.bench.js [--webhook=single|batch]`.
 */
const TOTAL = arg('items', 10_000);
const RATE = arg('rate', 200);
const SECONDS = arg('seconds', 20);
/** Seconds of the same load before measuring: the hub's pools and compiled code warm up. */
const WARMUP = arg('warmup', 3);
const WEBHOOK = process.argv.find((a) => a.startsWith('--webhook='))?.split('=')[1];
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

function hex(n: number, seed: number): string {
  let out = '';
  let x = seed * 2654435761 + 7;
  while (out.length < n) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, n);
}

function mixedItem(i: number): object {
  switch (i % 5) {
    case 0:
      return { kind: 'hash', hash: { algorithm: 'pdq', value: hex(64, i), quality: 80 }, channel: 'alert' };
    case 1:
      return { kind: 'hash', hash: { algorithm: 'md5', value: hex(32, i) }, channel: 'alert' };
    case 2:
      return {
        kind: 'account',
        account: { platformKey: 'socialnet', handle: `bot_${i}` },
        channel: 'referral',
      };
    case 3:
      return {
        kind: 'url',
        url: WEBHOOK
          ? `https://hookshare.example/h/${i}`
          : `https://clipcast.example/c/${i}?utm_source=bench`,
        channel: 'referral',
        metadata: { contentType: 'video' },
      };
    default:
      return {
        kind: 'url',
        url: `https://videoshare.example/v/${i}`,
        channel: 'removal_order',
        legalReference: 'TCO art. 3',
      };
  }
}

/** `rate` requests a second for `seconds` (an open loop), with each answer's latency and the errors. */
async function openLoop(
  send: (i: number) => Promise<{ status: number }>,
  rate: number,
  seconds: number,
  from: number,
): Promise<{ latencies: number[]; errors: number; total: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  await paced(rate, total, async (i) => {
    const sent = performance.now();
    try {
      const r = await send(from + i);
      latencies.push(performance.now() - sent);
      if (r.status !== 201) errors += 1;
    } catch {
      errors += 1;
    }
  });
  return { latencies, errors, total };
}

/** The items a webhook received, in arrival order (a batch's events in their order), and the POSTs. */
function delivered(platform: WebhookPlatform): { itemIds: string[]; posts: number; lastAt: number } {
  const itemIds: string[] = [];
  let lastAt = 0;
  for (const r of platform.receiver.received) {
    const events: { item?: { id?: string } }[] = Array.isArray(r.json?.events) ? r.json.events : [r.json];
    for (const e of events) if (e?.item?.id) itemIds.push(e.item.id);
    lastAt = Math.max(lastAt, r.at);
  }
  return { itemIds, posts: platform.receiver.received.length, lastAt };
}

async function main(): Promise<void> {
  const hub = await startBenchHub();
  let platform: WebhookPlatform | undefined;
  try {
    const { cast } = hub;
    const participants = ['be', 'fr', 'videoshare', 'clipcast', 'socialnet'].map(
      (k) => cast[k].organisation.id,
    );
    if (WEBHOOK) {
      platform = await addWebhookPlatform(hub.admin, { secret: WEBHOOK_SECRET, path: '/hook' });
      if (WEBHOOK === 'batch') {
        const res = await hub.admin.patch(`/organisations/${platform.id}`, {
          webhook: { url: `${platform.url}/hook`, secret: WEBHOOK_SECRET, batch: true },
        });
        if (res.status !== 200) throw new Error(`batch webhook ${res.status} ${JSON.stringify(res.body)}`);
      }
      participants.push(platform.id);
    }
    const incident = (
      await cast.coordinator.api.post('/incidents', {
        title: 'Ingest bench',
        summary: 'bench',
        category: 'terrorist_content',
        level: 'crisis',
        mode: 'live',
        participants,
        platforms: [],
      })
    ).body;

    // 1. Bulk: 1,000 per request, two requests in flight. The hub's CPU time beside the rate: what the burst
    //    costs whatever else the machine runs.
    const hubPid = hub.processes[0].pid!;
    const cpuAtStart = processCpuMs(hubPid);
    const pgCpuAtStart = await postgresCpuMs(hub.db.url);
    const started = performance.now();
    let created = 0;
    /** The burst's items that concern the webhook's platform. */
    const owed: string[] = [];
    const batches = Array.from({ length: Math.ceil(TOTAL / 1000) }, (_, b) =>
      Array.from({ length: Math.min(1000, TOTAL - b * 1000) }, (_, i) => mixedItem(b * 1000 + i)),
    );
    const inFlight = 2;
    for (let b = 0; b < batches.length; b += inFlight) {
      const results = await Promise.all(
        batches
          .slice(b, b + inFlight)
          .map((items) => cast.be.api.post(`/incidents/${incident.id}/items/bulk`, { items })),
      );
      for (const r of results) {
        if (r.status !== 200)
          throw new Error(`bulk failed: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        created += r.body.results.filter((x: any) => x.status === 201).length;
        for (const x of r.body.results)
          if (x.item?.containment?.some((c: { platformKey: string }) => c.platformKey === 'hookshare'))
            owed.push(x.item.id);
      }
    }
    const bulkSeconds = (performance.now() - started) / 1000;
    const itemsPerSecond = created / bulkSeconds;
    const burstCpuMs = processCpuMs(hubPid) - cpuAtStart;
    const burstPgCpuMs = (await postgresCpuMs(hub.db.url)) - pgCpuAtStart;
    const answeredAt = Date.now();
    let webhook: Record<string, number> | undefined;
    if (platform) {
      // Every owed item at the webhook (or two minutes at most): when the last arrived, lost, out of order.
      const until = Date.now() + 120_000;
      const want = new Set(owed);
      const seen = () => new Set(delivered(platform!).itemIds.filter((id) => want.has(id))).size;
      while (seen() < want.size && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const got = delivered(platform);
      // In order means in the log's order (two bulks in flight commit in either order).
      const { byItem: order } = await sharedOrder(cast.coordinator.api, incident.id);
      const first = new Set<string>();
      let outOfOrder = 0;
      let highest = -1;
      for (const id of got.itemIds) {
        if (first.has(id) || !order.has(id)) continue;
        first.add(id);
        if (order.get(id)! < highest) outOfOrder += 1;
        highest = Math.max(highest, order.get(id)!);
      }
      webhook = {
        owed: want.size,
        delivered: first.size,
        lost: want.size - first.size,
        outOfOrder,
        repeats: got.itemIds.length - first.size,
        posts: got.posts,
        lastAfterAnsweredMs: got.lastAt - answeredAt,
      };
    }

    // 2. Single shares, open loop at RATE per second, once the bulk's side effects (relay, deliveries,
    //    matching) are done: each measure is of its own load.
    // A machine too loaded to drain in two minutes still gets its other figures printed (drain: NaN).
    const drainMs = await waitForQuiet(hub).catch(() => NaN);
    const drainedCpuMs = processCpuMs(hubPid) - cpuAtStart;
    const posters = [jsonPoster(hub.url, cast.be.token), jsonPoster(hub.url, cast.fr.token)];
    const post = (i: number) =>
      posters[i % 2](`/api/v1/incidents/${incident.id}/items`, mixedItem(TOTAL + i));
    const cold = await openLoop(post, RATE, WARMUP, 0);
    const t0 = performance.now();
    const { latencies, errors, total } = await openLoop(post, RATE, SECONDS, RATE * WARMUP);
    const achieved = total / ((performance.now() - t0) / 1000);
    const rss = await hub.rssMb();

    const result = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      bulk: {
        items: created,
        seconds: round(bulkSeconds, 2),
        itemsPerSecond: Math.round(itemsPerSecond),
        goal: 5000,
        /** The hub's CPU (user + system) per 1,000 items while the bulks were answered, and until drained. */
        hubCpuMsPer1000: Math.round((burstCpuMs / created) * 1000),
        hubCpuMsPer1000WithSideEffects: Math.round((drainedCpuMs / created) * 1000),
        /** The PostgreSQL backends' CPU of the hub's database while the bulks were answered. */
        postgresCpuMsPer1000: Math.round((burstPgCpuMs / created) * 1000),
      },
      single: {
        requests: total,
        targetRate: RATE,
        achievedRate: round(achieved),
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        maxMs: round(Math.max(...latencies)),
        errors,
        goalP99Ms: 50,
      },
      warmup: {
        seconds: WARMUP,
        p50Ms: round(percentile(cold.latencies, 50)),
        p99Ms: round(percentile(cold.latencies, 99)),
        maxMs: round(Math.max(0, ...cold.latencies)),
      },
      bulkSideEffectsDrainedMs: drainMs,
      webhook,
      hubRssMb: Math.round(rss),
    };
    saveResult('ingest', result);
    process.stdout.write(
      [
        `| measure | result | goal |`,
        `|---|---|---|`,
        `| bulk share, ${created} mixed items (1,000 per request) | ${result.bulk.itemsPerSecond} items/s (${result.bulk.seconds} s; side effects done ${drainMs} ms later) | ≥ 5,000 items/s |`,
        `| the hub's CPU per 1,000 items of the burst (with its side effects, until drained); PostgreSQL's | ${result.bulk.hubCpuMsPer1000} ms (${result.bulk.hubCpuMsPer1000WithSideEffects} ms); ${result.bulk.postgresCpuMsPer1000} ms | |`,
        `| single POST at ${RATE}/s for ${SECONDS} s (achieved ${result.single.achievedRate}/s) | p50 ${result.single.p50Ms} ms, p99 ${result.single.p99Ms} ms, max ${result.single.maxMs} ms, ${errors} errors | p99 ≤ 50 ms |`,
        `| the ${WARMUP} s of the same load just before (warm-up, not counted above) | p50 ${result.warmup.p50Ms} ms, p99 ${result.warmup.p99Ms} ms, max ${result.warmup.maxMs} ms | |`,
        ...(webhook
          ? [
              `| the burst at the ${WEBHOOK} webhook: ${webhook.owed} items owed | last one ${webhook.lastAfterAnsweredMs} ms after the last bulk was answered; ${webhook.lost} lost, ${webhook.outOfOrder} out of order, ${webhook.repeats} repeats, ${webhook.posts} POSTs | ≤ 5,000 ms, none lost or out of order |`,
            ]
          : []),
        `| hub RSS after the run | ${result.hubRssMb} MB | |`,
        '',
      ].join('\n'),
    );
  } finally {
    await hub.stop();
    await platform?.receiver.stop();
  }
}

runBench(main);
