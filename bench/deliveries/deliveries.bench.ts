import { WebhookReceiver } from '@hub/testing';
import { cpus } from 'node:os';
import { arg, paced, percentile, round, runBench, saveResult, startBenchHub } from '../lib/bench-hub';

/**
 * Webhook deliveries: (1) throughput: 5,000 items shared in bulk to a platform with a webhook, deliveries/s
 * until the last one arrives; (2) latency: single shares at 50/s for 20 s, share sent → webhook received,
 * p50/p99. The hub runs in its own process (api + worker) on the local PostgreSQL and Redis.
 * Run: `npm run build && node dist/bench/deliveries/deliveries.bench.js`.
 */
const ITEMS = arg('items', 5000);
const RATE = arg('rate', 50);
const SECONDS = arg('seconds', 20);

async function main(): Promise<void> {
  const receiver = new WebhookReceiver();
  const receiverUrl = await receiver.start();
  const hub = await startBenchHub();
  try {
    const { cast, admin } = hub;
    const org = (
      await admin.post('/organisations', {
        name: 'HookShare',
        kind: 'platform',
        platformKey: 'hookshare',
        domains: ['hookshare.example'],
        webhook: { url: `${receiverUrl}/hook`, secret: 'bench-webhook-secret-0123456789' },
      })
    ).body;
    const incident = (
      await cast.coordinator.api.post('/incidents', {
        title: 'Delivery bench',
        summary: 's',
        category: 'terrorist_content',
        level: 'incident',
        mode: 'live',
        participants: [cast.be.organisation.id, org.id],
        platforms: [],
      })
    ).body;

    // 1. Throughput.
    const t0 = performance.now();
    for (let b = 0; b < ITEMS; b += 1000) {
      const items = Array.from({ length: Math.min(1000, ITEMS - b) }, (_, i) => ({
        kind: 'url',
        url: `https://hookshare.example/t/${b + i}`,
        channel: 'referral',
      }));
      const res = await cast.be.api.post(`/incidents/${incident.id}/items/bulk`, { items });
      if (res.status !== 200) throw new Error(`bulk ${res.status}`);
    }
    const throughputDone = await waitForCount(receiver, incident.id, ITEMS, 300_000);
    const throughputSeconds = (throughputDone - t0) / 1000;

    // 2. Latency of single shares, open loop.
    const sentAt = new Map<string, number>();
    const total = RATE * SECONDS;
    await paced(RATE, total, (i) => {
      const url = `https://hookshare.example/l/${i}`;
      sentAt.set(url, Date.now());
      return cast.be.api.post(`/incidents/${incident.id}/items`, { kind: 'url', url, channel: 'referral' });
    });
    await waitForCount(receiver, incident.id, ITEMS + total, 120_000);
    const latencies = receiver.received
      .filter((r) => r.json?.incident?.id === incident.id && sentAt.has(r.json.item.url))
      .map((r) => r.at - sentAt.get(r.json.item.url)!);

    const result = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      throughput: {
        deliveries: ITEMS,
        seconds: round(throughputSeconds, 2),
        perSecond: Math.round(ITEMS / throughputSeconds),
      },
      latency: {
        shares: total,
        rate: RATE,
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        maxMs: round(Math.max(...latencies)),
      },
      hubRssMb: Math.round(await hub.rssMb()),
    };
    saveResult('deliveries', result);
    process.stdout.write(
      [
        '| measure | result |',
        '|---|---|',
        `| ${ITEMS} items shared in bulk → signed webhooks delivered | ${result.throughput.perSecond} deliveries/s (${result.throughput.seconds} s from first share to last delivery) |`,
        `| single shares at ${RATE}/s for ${SECONDS} s: share sent → webhook received | p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms, max ${result.latency.maxMs} ms |`,
        `| hub RSS after the run | ${result.hubRssMb} MB |`,
        '',
      ].join('\n'),
    );
  } finally {
    await hub.stop();
    await receiver.stop();
  }
}

async function waitForCount(
  receiver: WebhookReceiver,
  incidentId: string,
  n: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const ids = new Set(
      receiver.received.filter((r) => r.json?.incident?.id === incidentId).map((r) => r.json.item.id),
    );
    if (ids.size >= n) return performance.now();
    if (performance.now() > deadline) throw new Error(`only ${ids.size} of ${n} deliveries arrived`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

runBench(main);
