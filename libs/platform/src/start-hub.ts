import {
  Logger,
  Module,
  type DynamicModule,
  type INestApplication,
  type INestApplicationContext,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BootstrapAdminUseCase, type Clock } from '@hub/domain';
import { createDataSource, runMigrations } from '@hub/persistence';
import { setMissingMessageListener } from '@hub/i18n';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type HubConfig } from './config/config.schema';
import { HubCoreModule } from './core/hub-core.module';
import { IdentityModule } from './identity/identity.module';
import { createRootLogger, JsonLogger, requestLogging } from './observability/logging';
import { prepareRuntime, type HubRuntime } from './runtime';

/** A part of the hub (the api, the worker) as a module built for this configuration. */
export type HubPart = (config: HubConfig, runtime: HubRuntime) => DynamicModule;

export interface StartOptions {
  name: string;
  parts: HubPart[];
  http: boolean;
  /** Apply migrations before starting (single-process mode; always with the embedded database). */
  migrate: boolean;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Runs on the HTTP application before it listens (static files, OpenAPI). */
  configureHttp?: (app: INestApplication, config: HubConfig) => void | Promise<void>;
}

export interface RunningHub {
  app: INestApplicationContext;
  config: HubConfig;
  runtime: HubRuntime;
  url?: string;
  close(): Promise<void>;
}

export async function startHub(options: StartOptions): Promise<RunningHub> {
  const config = loadConfig(options.env ?? process.env);
  const bootLog = new Logger(options.name);
  const runtime = await prepareRuntime(config, (line) => config.LOG_LEVEL === 'debug' && bootLog.debug(line));
  try {
    if (options.migrate || runtime.embedded) {
      const db = createDataSource({
        url: runtime.databaseUrl,
        applicationName: 'crisis-hub-migrate',
        poolSize: 1,
      });
      await db.initialize();
      const applied = await runMigrations(db);
      await db.destroy();
      if (applied.length) bootLog.log(`migrations applied: ${applied.join(', ')}`);
    }

    @Module({})
    class RootModule {}
    const root: DynamicModule = {
      module: RootModule,
      imports: [
        HubCoreModule.forRoot(config, runtime, options.clock),
        IdentityModule, // the bootstrap admin below, whichever parts run
        ...options.parts.map((part) => part(config, runtime)),
      ],
    };

    const app = options.http
      ? await NestFactory.create(root, { bufferLogs: true, bodyParser: false })
      : await NestFactory.createApplicationContext(root, { bufferLogs: true });
    const logger = createRootLogger(config.LOG_LEVEL);
    app.useLogger(new JsonLogger(logger));
    // A message a catalogue lacks is written in English, and said once in the log, not on the console.
    setMissingMessageListener((language, key) =>
      logger.warn({ context: 'i18n', language, key }, 'a catalogue lacks a message: English stands in'),
    );

    if (config.HUB_BOOTSTRAP_TOKEN) {
      const created = await app.get(BootstrapAdminUseCase).execute(config.HUB_BOOTSTRAP_TOKEN);
      if (created) bootLog.log('bootstrap admin created from HUB_BOOTSTRAP_TOKEN');
    }

    let url: string | undefined;
    if (options.http) {
      const http = app as INestApplication;
      http.use(requestLogging(logger));
      await options.configureHttp?.(http, config);
      await http.listen(config.PORT, '0.0.0.0');
      const address = http.getHttpServer().address() as AddressInfo;
      url = `http://127.0.0.1:${address.port}`;
    } else {
      await app.init();
    }

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        // Keep-alive clients (a peer hub polling every second, a load balancer) would hold the server open:
        // idle connections are closed while requests under way finish, and after a grace every one is.
        const server = options.http ? ((app as INestApplication).getHttpServer() as Server) : undefined;
        const idle = server && setInterval(() => server.closeIdleConnections(), 100);
        const cut = server && setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        try {
          await app.close();
        } finally {
          clearInterval(idle);
          clearTimeout(cut);
        }
        await runtime.close();
      })());
    return { app, config, runtime, url, close };
  } catch (error) {
    await runtime.close().catch(() => {});
    throw error;
  }
}

/** How long requests under way may take to finish once the hub is closing (SIGTERM allows 20 s in all). */
const CLOSE_GRACE_MS = 5_000;

/** For the entry points: start, report, and shut down cleanly on SIGTERM / SIGINT. */
export async function runMain(options: StartOptions): Promise<void> {
  let hub: RunningHub;
  try {
    hub = await startHub(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${options.name} failed to start: ${message}\n`);
    process.exit(error instanceof Error && error.name === 'ConfigError' ? 2 : 1);
  }
  const log = new Logger(options.name);
  log.log(
    `${options.name} ready${hub.url ? ` on ${hub.url}` : ''} (${hub.runtime.embedded ? 'embedded PostgreSQL' : 'PostgreSQL'}, queues on ${hub.runtime.redisUrl ? 'Redis' : 'PostgreSQL'})`,
  );
  const stop = (signal: string) => {
    log.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    hub
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  // The embedded database's package stops its server on these signals by itself, which would pull the
  // database from under requests still draining; the hub owns the order: app first, database last.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
