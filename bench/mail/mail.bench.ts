import { SmtpInbox } from '@hub/testing';
import { cpus } from 'node:os';
import { arg, paced, percentile, round, runBench, saveResult, startBenchHub } from '../lib/bench-hub';
import { processCpuMs } from '../lib/process-cpu';

/**
 * E-mail to a platform without a webhook: (1) latency: single shares, share sent → e-mail accepted by the
 * SMTP server (an in-process `smtp-server`), p50/p90 against the goal of the batching window + 1 s;
 * (2) a burst of 10,000 items for one platform: how many e-mails, and how long until the last one.
 * The hub runs in its own process (api + worker) on the local PostgreSQL and Redis.
 * Run: `npm run build && node dist/bench/mail/mail.bench.js [--window=2] [--shares=20] [--burst=10000]`.
 */
const WINDOW_S = arg('window', 2);
const SHARES = arg('shares', 20);
const BURST = arg('burst', 10_000);

async function main(): Promise<void> {
  const inbox = new SmtpInbox();
  await inbox.start();
  const hub = await startBenchHub({ env: { SMTP_URL: inbox.url, HUB_MAIL_BATCH_SECONDS: String(WINDOW_S) } });
  const pid = hub.processes[0].pid!;
  try {
    const { cast, admin } = hub;
    await admin.post(`/organisations/${cast.videoshare.organisation.id}/contacts`, {
      name: 'Duty desk',
      email: 'desk@videoshare.example',
      tier: 1,
    });
    const declare = async (title: string) =>
      (
        await cast.coordinator.api.post('/incidents', {
          title,
          summary: 's',
          category: 'terrorist_content',
          level: 'crisis',
          mode: 'live',
          participants: [cast.be.organisation.id, cast.videoshare.organisation.id],
          platforms: [],
        })
      ).body;

    // 1. Latency: shares spread over many windows (one every 0.7 windows), each timed to its e-mail.
    const cpu0 = processCpuMs(pid) / 1000;
    const wall0 = performance.now();
    const incident = await declare('Mail latency bench');
    const sentAt = new Map<string, number>();
    await paced(1 / (WINDOW_S * 0.7), SHARES, (i) => {
      const url = `https://videoshare.example/v/latency-${i}`;
      sentAt.set(url, Date.now());
      return cast.be.api.post(`/incidents/${incident.id}/items`, { kind: 'url', url, channel: 'referral' });
    });
    const arrival = async (url: string) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const hit = inbox.received.find(
          (r) => r.mail.text?.includes(`${url} `) || r.mail.text?.includes(`${url}\n`),
        );
        if (hit) return hit.at;
        if (Date.now() > deadline) throw new Error(`no e-mail for ${url}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const latencies: number[] = [];
    for (const [url, at] of sentAt) latencies.push((await arrival(url)) - at);
    const latencyWall = (performance.now() - wall0) / 1000;
    const latencyCpu = processCpuMs(pid) / 1000 - cpu0;

    // 2. A burst for one platform: one e-mail per window, the rest summarised.
    const burst = await declare('Mail burst bench');
    const cpu1 = processCpuMs(pid) / 1000;
    const t0 = performance.now();
    for (let b = 0; b < BURST; b += 1000) {
      const items = Array.from({ length: Math.min(1000, BURST - b) }, (_, i) => ({
        kind: 'url',
        url: `https://videoshare.example/b/${b + i}`,
        channel: 'referral',
      }));
      const res = await cast.be.api.post(`/incidents/${burst.id}/items/bulk`, { items });
      if (res.status !== 200) throw new Error(`bulk ${res.status}`);
    }
    const ofBurst = () => inbox.received.filter((r) => r.mail.subject?.includes(`[${burst.ref}]`));
    const counted = () =>
      ofBurst().reduce((n, r) => n + Number(/(\d+) items?/.exec(r.mail.subject ?? '')?.[1] ?? 0), 0);
    const deadline = Date.now() + 300_000;
    while (counted() < BURST) {
      if (Date.now() > deadline) throw new Error(`only ${counted()} of ${BURST} items e-mailed`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const burstSeconds =
      (Math.max(...ofBurst().map((r) => r.at)) - (Date.now() - (performance.now() - t0))) / 1000;
    const burstCpu = processCpuMs(pid) / 1000 - cpu1;

    const result = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      windowSeconds: WINDOW_S,
      latency: {
        shares: SHARES,
        p50Ms: round(percentile(latencies, 50)),
        p90Ms: round(percentile(latencies, 90)),
        maxMs: round(Math.max(...latencies)),
        goalMs: WINDOW_S * 1000 + 1000,
        wallSeconds: round(latencyWall, 1),
        hubCpuSeconds: round(latencyCpu, 1),
      },
      burst: {
        items: BURST,
        emails: ofBurst().length,
        seconds: round(burstSeconds, 1),
        hubCpuSeconds: round(burstCpu, 1),
      },
      hubRssMb: Math.round(await hub.rssMb()),
    };
    saveResult('mail', result);
    process.stdout.write(
      [
        '| measure | result |',
        '|---|---|',
        `| single shares (window ${WINDOW_S} s): share sent → e-mail accepted by the SMTP server | p50 ${result.latency.p50Ms} ms, p90 ${result.latency.p90Ms} ms, max ${result.latency.maxMs} ms (goal ≤ ${result.latency.goalMs} ms); hub CPU ${result.latency.hubCpuSeconds} s in ${result.latency.wallSeconds} s |`,
        `| ${BURST} items for one platform in bulk | ${result.burst.emails} e-mail(s), the last ${result.burst.seconds} s after the first share; hub CPU ${result.burst.hubCpuSeconds} s |`,
        `| hub RSS after the run | ${result.hubRssMb} MB |`,
        '',
      ].join('\n'),
    );
  } finally {
    await hub.stop();
    await inbox.stop();
  }
}

runBench(main);
