import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { packageRoot } from '@hub/platform';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * The console loads nothing but its own files, and talks only to this hub (REST and the socket). `blob:`
 * is for the media chosen in the share form, hashed in the page: previews (images) and the video drawn
 * for its frames are object URLs of local files, never fetched from anywhere. The hashing worker is one
 * of the console's own scripts.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self' ws: wss:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Where `npm run build:console` writes the console: index.html and assets/ with hashed names. */
export const consoleDirectory = (): string => join(packageRoot(), 'dist', 'console');

/**
 * The browser console at `/`: index.html, always revalidated, and its hashed assets under /assets,
 * cached for good. These are plain Express handlers, not Nest routes, so no guard sees them: the
 * console is public and authenticates its own API calls. There is no fallback to index.html (the
 * console routes with the hash), so any other path still answers 404.
 */
export function serveConsole(http: NestExpressApplication, directory = consoleDirectory()): void {
  const index = join(directory, 'index.html');
  if (!existsSync(index)) {
    new Logger('console').warn(`${index} not found: the console is not served (run npm run build)`);
    return;
  }
  http.useStaticAssets(join(directory, 'assets'), {
    prefix: '/assets',
    index: false,
    redirect: false,
    fallthrough: true,
    // Cache-Control: public, max-age=31536000, immutable (the names change with the content).
    immutable: true,
    maxAge: ONE_YEAR_MS,
    setHeaders: (res: Response) => res.set(CONSOLE_SECURITY_HEADERS),
  });
  http
    .getHttpAdapter()
    .getInstance()
    .get('/', (_req: Request, res: Response, next: NextFunction) => {
      const headers = { ...CONSOLE_SECURITY_HEADERS, 'Cache-Control': 'no-cache' };
      res.sendFile(index, { cacheControl: false, headers }, (error) => {
        // Gone since start-up (a rebuild in progress): answer as for any unknown path.
        if (error && !res.headersSent) next();
      });
    });
}
