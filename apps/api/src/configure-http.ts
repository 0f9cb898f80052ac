import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { json, text, urlencoded } from 'body-parser';
import type { IncomingMessage } from 'node:http';
import { IMPORT_BODY_BYTES, LIMITS } from '@hub/contracts';
import { assertJsonTextDepth, HUB_RUNTIME, type HubConfig, type HubRuntime } from '@hub/platform';
import { serveConsole } from './http/console-static';
import { buildOpenApiDocument, openApiDocumentOf } from './openapi/openapi-document';
import { HubIoAdapter } from './room/hub-io.adapter';

// TAXII envelopes are read by their route too, whole but bounded, so its errors keep TAXII's shape.
const STREAMED_BODIES = /^\/api\/v1\/banks\/[^/?]+\/import(?:[/?]|$)|^\/taxii2\//;

/** Whether a general body parser reads this request: one of its media types, and not a streamed route. */
const parsedHere =
  (types: string[]) =>
  (req: IncomingMessage & { originalUrl?: string }): boolean => {
    if (STREAMED_BODIES.test(req.originalUrl ?? req.url ?? '')) return false;
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    return types.includes(type);
  };

/**
 * What the HTTP side needs before it listens: bounded bodies, the /api/v1 prefix, OpenAPI at /docs, and
 * the browser console at /. `openApiAtStart: false` (a bench's reference) leaves the document to the
 * first request for it.
 */
export function configureHttp(
  app: INestApplication,
  _config: HubConfig,
  options: { openApiAtStart?: boolean } = {},
): void {
  const http = app as NestExpressApplication;
  // Nested too deep is refused before parsing (body-parser's `verify`, which Nest's types leave out
  // because Nest uses it for raw bodies, off here); the validation pipe checks the parsed shape again.
  const verify = (_req: unknown, _res: unknown, buf: Buffer) => assertJsonTextDepth(buf);
  // An import (a STIX bundle, a MISP event, ThreatExchange lines) may be larger than other bodies; parsed
  // here first, the general parsers below then leave its body alone.
  http.use(
    '/api/v1/incidents/:id/items/import',
    json({ limit: IMPORT_BODY_BYTES, type: ['application/json', 'application/stix+json'], verify }),
    text({ limit: IMPORT_BODY_BYTES, type: 'text/plain' }),
  );
  // Receipt pages answer plain HTML forms (no script): their bodies are small and URL-encoded.
  http.use('/r', urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 }));
  // A bank import is read by its route as it streams (a file of ten million lines never sits in memory):
  // the general parsers below leave its body alone.
  const jsonOptions = { limit: LIMITS.bodyBytes, verify, type: parsedHere(['application/json']) };
  http.useBodyParser('json', jsonOptions);
  http.useBodyParser('text', {
    limit: LIMITS.bodyBytes,
    type: parsedHere(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain']),
  });
  http.useWebSocketAdapter(new HubIoAdapter(http, http.get<HubRuntime>(HUB_RUNTIME)));
  http.set('trust proxy', 'loopback');
  // Longer than clients' and load balancers' idle timeouts, so the server never closes a connection they reuse.
  http.getHttpServer().keepAliveTimeout = 65_000;
  http.getHttpServer().headersTimeout = 66_000;
  // A bank import of ten million lines streams for minutes: Node's default (5 minutes for a whole
  // request) reset such uploads mid-way. Headers still have to arrive within headersTimeout.
  http.getHttpServer().requestTimeout = 60 * 60_000;
  http.disable('x-powered-by');
  // Receipt links (`/r/:token`) are mailed to people outside the hub: short, and outside the API's prefix;
  // so is the public account, a page for anyone.
  http.setGlobalPrefix('api/v1', {
    exclude: [
      'health/live',
      'health/ready',
      'metrics',
      'r/:token',
      'taxii2',
      'taxii2/{*path}',
      'transparency',
      'transparency.json',
    ],
  });
  // Built once, at start: as the server starts listening, a module at a time, so that its few hundred
  // milliseconds of CPU neither delay the start nor hold up the first requests (docs/benchmarks.md);
  // a request for it that comes first waits for it. docs/openapi.json is this document, committed.
  let built: OpenAPIObject | undefined;
  const document = () => openApiDocumentOf(http).then((d) => (built = d));
  if (options.openApiAtStart !== false) {
    http.getHttpServer().once('listening', () => void document().catch(() => undefined));
  }
  http.use(
    ['/docs', '/docs-json', '/docs-yaml'],
    (_req: unknown, _res: unknown, next: (e?: unknown) => void) => {
      document().then(() => next(), next);
    },
  );
  SwaggerModule.setup('docs', http, () => built ?? buildOpenApiDocument(http), {
    jsonDocumentUrl: 'docs-json',
  });
  serveConsole(http);
}
