import { spawn } from 'node:child_process';
import { join } from 'node:path';

const HUB = join(__dirname, '..', '..', 'bin', 'hub.js');

export interface HubRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npx hub ...` as a user runs it: the built command line in its own process (`npm run build:server`
 * first). Hashing runs there, on its worker threads: inside Jest's module sandbox the same typed-array
 * code runs tens of times slower, too slow to hash every frame of the reference videos.
 */
export function runHub(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<HubRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HUB, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `npx hub hash --format json ...`: one object per file. */
export async function hashJson(args: string[]): Promise<any[]> {
  const out = await runHub(['hash', '--format', 'json', ...args]);
  if (out.status !== 0) throw new Error(`hub hash exited ${out.status}: ${out.stderr}`);
  return out.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}
