import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { startEmbeddedPostgres } from '@hub/platform';
import { Client } from 'pg';

/**
 * What `hub backup` and `hub restore` share: the hub's database, found as the hub finds it (DATABASE_URL,
 * or the embedded server under HUB_DATA_DIR), and PostgreSQL client programs of a version that can talk
 * to it.
 */

/** A failure the command line reports as its message alone (and exit code 1). */
export class CommandError extends Error {}

export interface HubDatabase {
  url: string;
  /** Where it is, for messages (never the password). */
  label: string;
  /** Stops the embedded server if this command started it. */
  release(): Promise<void>;
}

/**
 * The hub's database. With DATABASE_URL, that server. Without it, the embedded one under HUB_DATA_DIR: the
 * running hub's server when there is one (its port is in postmaster.pid; two servers cannot share a data
 * folder), else a server this command starts and stops.
 */
export async function openHubDatabase(): Promise<HubDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const url = new URL(external);
    return { url: external, label: `${url.host}${url.pathname}`, release: async () => {} };
  }
  const dataDir = resolve(process.env.HUB_DATA_DIR ?? './.hub-data');
  const running = runningEmbeddedPort(join(dataDir, 'pg'));
  if (running) {
    return {
      url: `postgres://hub:hub@127.0.0.1:${running}/hub`,
      label: `embedded database in ${dataDir} (the running hub's, port ${running})`,
      release: async () => {},
    };
  }
  const db = await startEmbeddedPostgres(dataDir, { port: Number(process.env.HUB_EMBEDDED_PG_PORT) || 0 });
  return { url: db.url, label: `embedded database in ${dataDir}`, release: () => db.stop() };
}

/** postmaster.pid holds the server's pid on its first line and its port on the fourth. */
function runningEmbeddedPort(databaseDir: string): number | undefined {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return undefined; // left behind by a server that died; starting one cleans it up
  }
  return Number(lines[3]) || undefined;
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function serverMajor(client: Client): Promise<{ major: number; version: string }> {
  const { rows } = await client.query<{ num: string; version: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
  );
  return { major: Math.floor(Number(rows[0].num) / 10_000), version: rows[0].version };
}

interface Program {
  path: string;
  major: number;
  version: string;
}

/** Folders that may hold PostgreSQL's client programs, most specific first. */
function candidateFolders(): string[] {
  const folders: string[] = [];
  if (process.env.HUB_PG_BIN) folders.push(process.env.HUB_PG_BIN);
  if (existsSync('/usr/lib/postgresql'))
    for (const v of readdirSync('/usr/lib/postgresql')) folders.push(`/usr/lib/postgresql/${v}/bin`);
  folders.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  return folders;
}

function findPrograms(name: string): Program[] {
  const found = new Map<string, Program>();
  for (const folder of candidateFolders()) {
    const path = join(folder, name);
    if (found.has(path) || !existsSync(path)) continue;
    try {
      // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
      const out = execFileSync(path, ['--version'], { encoding: 'utf8' });
      const version = /\(PostgreSQL\)\s*(\S+)/.exec(out)?.[1] ?? '';
      const major = Number(/^\d+/.exec(version)?.[0]);
      if (major) found.set(path, { path, major, version });
    } catch {
      // not runnable here
    }
  }
  return [...found.values()];
}

/**
 * The newest `pg_dump` or `pg_restore` at hand, which must not be older than the server: pg_dump refuses
 * a newer server, and an older pg_restore cannot read what a newer pg_dump wrote. HUB_PG_BIN names a
 * folder to look in first.
 */
export function postgresProgram(
  name: 'pg_dump' | 'pg_restore',
  server: { major: number; version: string },
): string {
  const programs = findPrograms(name).sort((a, b) => b.major - a.major);
  const best = programs[0];
  if (!best || best.major < server.major) {
    const seen = programs.length
      ? `found ${programs.map((p) => `${p.path} (${p.version})`).join(', ')}`
      : 'none found';
    throw new CommandError(
      `${name}: the database server is PostgreSQL ${server.version} and needs ${name} ${server.major} or newer (${seen}). ` +
        `Install PostgreSQL ${server.major}'s client programs (Debian: postgresql-client-${server.major}) or set HUB_PG_BIN to the folder holding them.`,
    );
  }
  return best.path;
}

/**
 * Runs a client program against the database: the password goes by PGPASSWORD, not on the command line
 * where any user of the machine could read it.
 */
export function runProgram(path: string, args: string[], url: string): void {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  try {
    execFileSync(path, [...args, `--dbname=${parsed.toString()}`], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new CommandError(`${path.split('/').pop()} failed: ${stderr || String(error)}`);
  }
}

/** The figures a backup and its restore must agree on. */
export const COUNTED_TABLES = [
  'incidents',
  'incident_events',
  'items',
  'containment_cells',
  'members',
] as const;

export async function countRows(client: Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    // A database no hub has started on yet has no tables: nothing to count.
    const exists = await client.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [table]);
    if (!exists.rows[0].ok) continue;
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0].n;
  }
  return counts;
}

export function printCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
}
