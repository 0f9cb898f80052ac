import { readFileSync } from 'node:fs';
import { Client } from 'pg';

/**
 * user + system CPU milliseconds a process has used, from /proc: what a call costs, whatever else the
 * machine runs.
 */
export function processCpuMs(pid: number): number {
  // After the command's closing parenthesis: state, ppid, ... utime (14th field), stime (15th), in ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU milliseconds of the PostgreSQL backends serving this database (a backend ended meanwhile counts 0). */
export async function postgresCpuMs(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows.reduce((sum, r) => {
      try {
        return sum + processCpuMs(r.pid);
      } catch {
        return sum;
      }
    }, 0);
  } finally {
    await db.end();
  }
}
