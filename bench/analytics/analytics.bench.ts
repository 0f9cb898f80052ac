import { Client } from 'pg';
import { loadavg } from 'node:os';
import { arg, percentile, round, runBench, saveResult, startBenchHub } from '../lib/bench-hub';
import { postgresCpuMs, processCpuMs } from '../lib/process-cpu';

/**
 * Response times across incidents, end to end: `--incidents` closed live incidents (default 1,000) of
 * `--items` items each (default 50) on two platforms each (100,000 cells), written straight into PostgreSQL
 * with answers minutes apart, then `GET /analytics/response-times` `--calls` times (default 30) after three
 * warm-up calls: over everything, over one month, and over one category (goal: p99 ≤ 300 ms). The public
 * account's build (its first call) and its cached calls, the same way. Run:
 * `npm run build:server && node dist/bench/analytics/analytics.bench.js`.
 */
const INCIDENTS = arg('incidents', 1_000);
const ITEMS = arg('items', 50);
const CALLS = arg('calls', 30);
const PLATFORMS = ['videoshare', 'clipcast', 'socialnet', 'streamhub', 'picboard'];

/** Incidents over the 90 days before the delay, items an hour apart at most, answers 1 to ~600 minutes on. */
async function seed(databaseUrl: string, coordinatorId: string, participants: string[]): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO incidents (id, ref, title, summary, category, protocol, level, mode, status, participants,
                              platforms, created_by, created_at, updated_at, closed_at)
       SELECT gen_random_uuid(), 'BENCH-' || n, 'Bench incident ' || n, 'Seeded for the analytics bench',
              (ARRAY['terrorist_content', 'violent_extremism', 'election_integrity', 'other'])[1 + n % 4],
              'default', 'crisis', 'live', 'closed', $1::uuid[], $2::text[], $3::uuid,
              now() - interval '100 days' + n * interval '2 hours', now(),
              now() - interval '100 days' + n * interval '2 hours' + interval '3 days'
         FROM generate_series(1, $4::int) AS n`,
      [participants, PLATFORMS, coordinatorId, INCIDENTS],
    );
    await db.query(
      `INSERT INTO items (id, incident_id, kind, dedup_key, url, channel, reporters, created_at)
       SELECT gen_random_uuid(), i.id, 'url', 'url:' || i.ref || ':' || k,
              'https://videoshare.example/v/' || i.ref || '-' || k, 'alert', ARRAY[$1::uuid],
              i.created_at + k * interval '1 minute'
         FROM incidents i, generate_series(1, $2::int) AS k
        WHERE i.ref LIKE 'BENCH-%'`,
      [participants[0], ITEMS],
    );
    // Two platforms an item; each answer a hash of the cell's position, so the figures are the same each run.
    await db.query(
      `INSERT INTO containment_cells (item_id, platform_key, incident_id, status, ack_due_at, action_due_at,
                                      acknowledged_at, acted_at, created_at, updated_at)
       SELECT it.id, p.key, it.incident_id,
              CASE WHEN r % 10 = 0 THEN 'pending' WHEN r % 10 < 4 THEN 'acknowledged'
                   WHEN r % 10 < 8 THEN 'removed' ELSE 'labelled' END,
              it.created_at + interval '15 minutes', it.created_at + interval '60 minutes',
              CASE WHEN r % 10 <> 0 THEN it.created_at + (1 + r % 97) * interval '1 minute' END,
              CASE WHEN r % 10 >= 4 THEN it.created_at + (1 + r % 97 + r % 500) * interval '1 minute' END,
              it.created_at, it.created_at
         FROM items it
         JOIN incidents i ON i.id = it.incident_id AND i.ref LIKE 'BENCH-%'
         CROSS JOIN LATERAL (SELECT abs(hashtext(it.dedup_key)) AS h) hh
         CROSS JOIN LATERAL (
           VALUES ((($1::text[])[1 + hh.h % 5])), ((($1::text[])[1 + (hh.h + 1 + hh.h / 5 % 4) % 5]))
         ) AS p(key)
         CROSS JOIN LATERAL (SELECT abs(hashtext(it.dedup_key || p.key)) AS r) rr`,
      [PLATFORMS],
    );
    await db.query('ANALYZE incidents; ANALYZE items; ANALYZE containment_cells');
  } finally {
    await db.end();
  }
}

async function count(databaseUrl: string): Promise<{ incidents: number; cells: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM incidents) AS incidents, (SELECT count(*)::int FROM containment_cells) AS cells`,
    );
    return rows[0];
  } finally {
    await db.end();
  }
}

runBench(async () => {
  const hub = await startBenchHub({ env: { HUB_PUBLIC_TRANSPARENCY: 'true' } });
  try {
    const { coordinator, be, fr } = hub.cast;
    const s0 = performance.now();
    await seed(
      hub.db.url,
      coordinator.memberId,
      [be, fr].map((m) => m.organisation.id),
    );
    const seedSeconds = round((performance.now() - s0) / 1000, 1);
    const sizes = await count(hub.db.url);
    process.stdout.write(`seeded ${sizes.incidents} incidents, ${sizes.cells} cells in ${seedSeconds} s\n`);

    const timed = async (path: string, headers: Record<string, string>) => {
      const t0 = performance.now();
      const res = await fetch(`${hub.url}${path}`, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body}`);
      return { ms: performance.now() - t0, body };
    };
    const auth = { authorization: `Bearer ${coordinator.token}` };
    const month = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const monthEnd = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const queries: Record<string, string> = {
      all: '',
      month: `?from=${month}&to=${monthEnd}`,
      category: '?category=election_integrity',
    };
    const results: Record<string, object> = {};
    for (const [name, query] of Object.entries(queries)) {
      const path = `/api/v1/analytics/response-times${query}`;
      for (let i = 0; i < 3; i++) await timed(path, auth);
      const ms: number[] = [];
      let body = '';
      const hub0 = processCpuMs(hub.processes[0].pid!);
      const pg0 = await postgresCpuMs(hub.db.url);
      for (let i = 0; i < CALLS; i++) {
        const r = await timed(path, auth);
        ms.push(r.ms);
        body = r.body;
      }
      const hubCpuMs = round((processCpuMs(hub.processes[0].pid!) - hub0) / CALLS, 1);
      const postgresCpuMsPerCall = round(((await postgresCpuMs(hub.db.url)) - pg0) / CALLS, 1);
      const platforms = (JSON.parse(body) as { platforms: { cells: number }[] }).platforms;
      const figures = {
        cells: platforms.reduce((n, p) => n + p.cells, 0),
        p50Ms: round(percentile(ms, 50), 1),
        p99Ms: round(percentile(ms, 99), 1),
        maxMs: round(Math.max(...ms), 1),
        hubCpuMs,
        postgresCpuMs: postgresCpuMsPerCall,
        loadAverage: round(loadavg()[0], 2),
      };
      results[name] = figures;
      process.stdout.write(
        `response-times ${name}: ${figures.cells} cells, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, ` +
          `max ${figures.maxMs} ms; CPU a call: hub ${hubCpuMs} ms, PostgreSQL ${postgresCpuMsPerCall} ms ` +
          `(${CALLS} calls; load ${figures.loadAverage})\n`,
      );
    }

    // The public account: the first call builds it, the next ones within the minute are served from memory.
    const first = await timed('/transparency.json', {});
    const cached: number[] = [];
    for (let i = 0; i < CALLS; i++) cached.push((await timed('/transparency.json', {})).ms);
    const account = JSON.parse(first.body) as { incidents: number; generatedAt: string };
    results.publicAccount = {
      incidents: account.incidents,
      buildMs: round(first.ms, 1),
      cachedP50Ms: round(percentile(cached, 50), 1),
      cachedP99Ms: round(percentile(cached, 99), 1),
    };
    process.stdout.write(
      `public account: ${account.incidents} incidents, first call (built) ${round(first.ms, 1)} ms, cached p50 ` +
        `${round(percentile(cached, 50), 1)} ms, p99 ${round(percentile(cached, 99), 1)} ms\n`,
    );
    saveResult('analytics', { at: new Date().toISOString(), ...sizes, seedSeconds, calls: CALLS, results });
  } finally {
    await hub.stop();
  }
});
