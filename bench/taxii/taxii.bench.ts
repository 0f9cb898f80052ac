import { Client } from 'pg';
import { loadavg } from 'node:os';
import { arg, percentile, round, runBench, saveResult, startBenchHub } from '../lib/bench-hub';
import { postgresCpuMs, processCpuMs } from '../lib/process-cpu';

/**
 * TAXII 2.1, end to end: an incident of `--items` items (default 100,000; URLs, MD5 hashes and accounts,
 * written straight into PostgreSQL so that the measure is of reading) paged through
 * `GET /taxii2/hub/collections/<id>/objects/?limit=1000` with Basic authentication, as a TAXII client
 * does (goal ≥ 20,000 objects/s); then `added_after` at the last page's start, `--probes` times (goal
 * ≤ 50 ms). Same run, as references: the incident's whole STIX export in one answer, and its REST item
 * pages. Run: `npm run build:server && node dist/bench/taxii/taxii.bench.js`.
 */
const ITEMS = arg('items', 100_000);
const LIMIT = arg('limit', 1_000);
const PROBES = arg('probes', 30);
const ROUNDS = arg('rounds', 3);
/** `--references=0` pages TAXII alone (a profile of the hub then holds only TAXII's pages). */
const REFERENCES = arg('references', 1) !== 0;
const TAXII = 'application/taxii+json;version=2.1';

/** Items as sharing writes them, three to a microsecond-exact timestamp now and then (the id breaks ties). */
async function seedItems(databaseUrl: string, incidentId: string, reporter: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO items (id, incident_id, kind, dedup_key, url, hash_algorithm, hash_value,
                          account_platform, account_handle, channel, reporters, created_at)
       SELECT gen_random_uuid(), $1, k.kind, k.kind || ':' || i,
              CASE WHEN k.kind = 'url' THEN 'https://videoshare.example/v/' || i END,
              CASE WHEN k.kind = 'hash' THEN 'md5' END,
              CASE WHEN k.kind = 'hash' THEN md5(i::text) END,
              CASE WHEN k.kind = 'account' THEN 'videoshare' END,
              CASE WHEN k.kind = 'account' THEN 'uploader_' || i END,
              'alert', ARRAY[$2::uuid], now() + (i / 3) * interval '1 millisecond'
         FROM generate_series(1, $3) AS i,
              LATERAL (SELECT (ARRAY['url', 'hash', 'hash', 'account'])[1 + i % 4] AS kind) k`,
      [incidentId, reporter, ITEMS],
    );
    await db.query('ANALYZE items');
  } finally {
    await db.end();
  }
}

async function explain(databaseUrl: string, incidentId: string, addedAfter: string): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `EXPLAIN SELECT * FROM items WHERE incident_id = $1 AND created_at > $2::timestamptz
        ORDER BY created_at, id LIMIT ${LIMIT + 1}`,
      [incidentId, addedAfter],
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await db.end();
  }
}

runBench(async () => {
  const hub = await startBenchHub();
  try {
    const { coordinator, be, fr, videoshare } = hub.cast;
    const declared = await coordinator.api.post('/incidents', {
      title: 'TAXII bench',
      summary: 'Items paged by a TAXII client',
      category: 'terrorist_content',
      level: 'crisis',
      mode: 'live',
      participants: [be, fr, videoshare].map((m) => m.organisation.id),
      platforms: [],
      criteria: ['ongoing real-world violent event'],
      rationale: 'Bench',
    });
    if (declared.status !== 201) throw new Error(`declare answered ${declared.status}`);
    const incidentId: string = declared.body.id;
    await seedItems(hub.db.url, incidentId, be.organisation.id);
    const authorization = `Basic ${Buffer.from(`bench:${be.token}`).toString('base64')}`;
    const taxii = async (query: string) => {
      const t0 = performance.now();
      const res = await fetch(`${hub.url}/taxii2/hub/collections/${incidentId}/objects/?${query}`, {
        headers: { accept: TAXII, authorization },
      });
      const body = (await res.json()) as { more: boolean; next?: string; objects: unknown[] };
      if (res.status !== 200) throw new Error(`TAXII answered ${res.status}: ${JSON.stringify(body)}`);
      return { body, ms: performance.now() - t0, first: res.headers.get('x-taxii-date-added-first')! };
    };

    const rounds = [];
    let lastPageStart = '';
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      // TAXII paging, end to end: request, JSON over HTTP, parsed by the client.
      let objects = 0;
      let pages = 0;
      const pageMs: number[] = [];
      let next: string | undefined;
      const hubPid = hub.processes[0].pid!;
      const hub0 = processCpuMs(hubPid) / 1000;
      const pg0 = (await postgresCpuMs(hub.db.url)) / 1000;
      const client0 = process.cpuUsage();
      const t0 = performance.now();
      do {
        const page = await taxii(`limit=${LIMIT}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
        objects += page.body.objects.length;
        pageMs.push(page.ms);
        pages++;
        next = page.body.more ? page.body.next : undefined;
        if (!next) lastPageStart = page.first;
      } while (next);
      const taxiiSeconds = (performance.now() - t0) / 1000;
      const clientCpu = process.cpuUsage(client0);
      const cpu = {
        hubMsPerPage: round(((processCpuMs(hubPid) / 1000 - hub0) * 1000) / pages, 1),
        postgresMsPerPage: round((((await postgresCpuMs(hub.db.url)) / 1000 - pg0) * 1000) / pages, 1),
        clientMsPerPage: round((clientCpu.user + clientCpu.system) / 1000 / pages, 1),
      };

      // Reference 1: the same objects as one STIX export.
      const e0 = performance.now();
      const bundle = { objects: [] as unknown[] };
      if (REFERENCES) {
        const exported = await fetch(`${hub.url}/api/v1/incidents/${incidentId}/export?format=stix`, {
          headers: { authorization: `Bearer ${be.token}` },
        });
        bundle.objects = ((await exported.json()) as { objects: unknown[] }).objects;
      }
      const exportSeconds = (performance.now() - e0) / 1000;

      // Reference 2: the hub's own REST item pages (500 a page, its maximum), with containment cells.
      const r0 = performance.now();
      let restItems = 0;
      let after: string | undefined;
      while (REFERENCES) {
        const res = await be.api.get(
          `/incidents/${incidentId}/items?limit=500${after ? `&after=${after}` : ''}`,
        );
        restItems += res.body.items.length;
        after = res.body.next;
        if (!after) break;
      }
      const restSeconds = (performance.now() - r0) / 1000;

      const run = {
        objects,
        pages,
        taxiiSeconds: round(taxiiSeconds, 2),
        taxiiObjectsPerSecond: Math.round(objects / taxiiSeconds),
        ...cpu,
        /** Objects a second on an idle machine: one client pages in turn, so hub, database and client add up. */
        cpuBoundObjectsPerSecond: Math.round(
          (objects / ((cpu.hubMsPerPage + cpu.postgresMsPerPage + cpu.clientMsPerPage) * pages)) * 1000,
        ),
        firstPageMs: round(pageMs[0], 1),
        pageP50Ms: round(percentile(pageMs, 50), 1),
        pageP95Ms: round(percentile(pageMs, 95), 1),
        exportObjects: bundle.objects.length,
        exportSeconds: round(exportSeconds, 2),
        exportObjectsPerSecond: Math.round(bundle.objects.length / exportSeconds),
        restItems,
        restSeconds: round(restSeconds, 2),
        restItemsPerSecond: Math.round(restItems / restSeconds),
        ratioToExport: round(objects / taxiiSeconds / (bundle.objects.length / exportSeconds), 2),
        loadAverage: round(loadavg()[0], 2),
      };
      rounds.push(run);
      process.stdout.write(
        `round ${round_ + 1}: TAXII ${objects} objects in ${pages} pages, ${run.taxiiSeconds} s = ` +
          `${run.taxiiObjectsPerSecond} objects/s (first page ${run.firstPageMs} ms, p50 ${run.pageP50Ms} ms, ` +
          `p95 ${run.pageP95Ms} ms; CPU a page: hub ${run.hubMsPerPage} ms, PostgreSQL ${run.postgresMsPerPage} ms, ` +
          `client ${run.clientMsPerPage} ms); STIX export ${run.exportObjectsPerSecond} objects/s; REST items ` +
          `${run.restItemsPerSecond}/s; load ${run.loadAverage}\n`,
      );
    }

    // added_after at the start of the last page: an index range, whatever the collection's size.
    const addedAfter = new Date(Date.parse(lastPageStart) - 1).toISOString();
    const probeMs: number[] = [];
    let probeObjects = 0;
    for (let i = 0; i < PROBES; i++) {
      const page = await taxii(`limit=${LIMIT}&added_after=${addedAfter}`);
      probeMs.push(page.ms);
      probeObjects = page.body.objects.length;
    }
    const plan = await explain(hub.db.url, incidentId, addedAfter);
    const probes = {
      addedAfter,
      objects: probeObjects,
      p50Ms: round(percentile(probeMs, 50), 1),
      p95Ms: round(percentile(probeMs, 95), 1),
      maxMs: round(Math.max(...probeMs), 1),
      plan,
    };
    process.stdout.write(
      `added_after (last page, ${probeObjects} objects): p50 ${probes.p50Ms} ms, p95 ${probes.p95Ms} ms, ` +
        `max ${probes.maxMs} ms\n${plan}\n`,
    );
    saveResult('taxii', { at: new Date().toISOString(), items: ITEMS, limit: LIMIT, rounds, probes });
  } finally {
    await hub.stop();
  }
});
