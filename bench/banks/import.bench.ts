import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, round, runBench, saveResult, startBenchHub } from '../lib/bench-hub';
import { processCpuMs } from '../lib/process-cpu';
import { copyReference } from './copy-reference';

/**
 * Bank import, end to end: a ThreatExchange file of `--lines` PDQ signals (default 1,000,000) streamed
 * to `POST /banks/:id/import` of a hub in its own process, until every signal is committed in PostgreSQL
 * (goal ≥ 100,000 signals/s). Then the same file again (all duplicates). Prints wall time and the CPU time
 * of the hub process and of PostgreSQL (the database's backends; its WAL and checkpoint writers apart), and
 * beside each import its same-run reference (`copyReference`, measured right before and after it) and the
 * import's rate over theirs. Run: `npm run build && node dist/bench/banks/import.bench.js --lines=1000000`
 * (`--again=0`: the new signals only, without the import of the same file again).
 */
const LINES = arg('lines', 1_000_000);
const AGAIN = arg('again', 1) !== 0;

/**
 * CPU seconds of PostgreSQL spent for the bench: its database's backends, and apart the server's own
 * writers (WAL writer, checkpointer, background writer), which also work for anything else on the server.
 */
async function postgresCpu(databaseUrl: string): Promise<{ backends: number; writers: number }> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; own: boolean }>(
      `SELECT pid, coalesce(datname = current_database(), false) AS own FROM pg_stat_activity
        WHERE pid <> pg_backend_pid()
          AND (datname = current_database()
               OR backend_type IN ('walwriter', 'checkpointer', 'background writer'))`,
    );
    const sum = (own: boolean) =>
      rows.filter((r) => r.own === own).reduce((total, r) => total + safeCpu(r.pid), 0);
    return { backends: sum(true), writers: sum(false) };
  } finally {
    await client.end();
  }
}

/** A backend that ended between the listing and the read counts nothing. */
const safeCpu = (pid: number): number => {
  try {
    return processCpuMs(pid) / 1000;
  } catch {
    return 0;
  }
};

async function writeFile(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < lines; i++) {
    chunk += `pdq ${createHash('sha256').update(`bench ${i}`).digest('hex')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

function upload(url: string, token: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}

runBench(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bank-bench-'));
  const file = join(dir, 'signals.te.txt');
  await writeFile(file, LINES);
  const hub = await startBenchHub();
  try {
    const bank = await hub.admin.post('/banks', { name: 'Bench bank', visibility: 'members' });
    const pid = hub.processes[0].pid!;
    const runs = [];
    for (const label of AGAIN ? ['first import', 'same file again'] : ['first import']) {
      const before = await copyReference(hub.db.url, file, LINES);
      const cpu0 = processCpuMs(pid) / 1000;
      const pg0 = await postgresCpu(hub.db.url);
      const t0 = performance.now();
      const res = await upload(`${hub.url}/api/v1/banks/${bank.body.id}/import`, hub.admin.token!, file);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = processCpuMs(pid) / 1000 - cpu0;
      const pg1 = await postgresCpu(hub.db.url);
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${res.body}`);
      const after = await copyReference(hub.db.url, file, LINES);
      const reference = (before.rowsPerSecond + after.rowsPerSecond) / 2;
      const answer = JSON.parse(res.body);
      const run = {
        label,
        lines: LINES,
        bytes: statSync(file).size,
        seconds: round(seconds, 2),
        signalsPerSecond: Math.round(LINES / seconds),
        hubCpuSeconds: round(cpu, 2),
        postgresCpuSeconds: round(pg1.backends - pg0.backends, 2),
        postgresWritersCpuSeconds: round(pg1.writers - pg0.writers, 2),
        loadAverage: round(loadavg()[0], 2),
        added: answer.added,
        duplicates: answer.duplicates,
        rssMb: round(await hub.rssMb(), 0),
        referenceRowsPerSecond: [before.rowsPerSecond, after.rowsPerSecond],
        ratioToReference: round(LINES / seconds / reference, 3),
      };
      runs.push(run);
      process.stdout.write(
        `${label}: ${LINES} lines in ${run.seconds} s = ${run.signalsPerSecond} signals/s ` +
          `(hub CPU ${run.hubCpuSeconds} s, PostgreSQL CPU ${run.postgresCpuSeconds} s + writers ` +
          `${run.postgresWritersCpuSeconds} s, load ${run.loadAverage}, RSS ${run.rssMb} MB; added ${run.added}, duplicates ${run.duplicates})\n` +
          `  reference COPY into a bare unlogged table: ${before.rowsPerSecond} rows/s before, ${after.rowsPerSecond} after; ` +
          `import/reference ${run.ratioToReference}×\n`,
      );
    }
    saveResult('bank-import', { at: new Date().toISOString(), runs });
  } finally {
    await hub.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
