import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { pino, type Level, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

/** Readable lines for a person at a terminal; JSON lines for everything else (files, collectors, pipes). */
export function logFormat(out: { isTTY?: boolean }): 'pretty' | 'json' {
  return out.isTTY ? 'pretty' : 'json';
}

/**
 * The hub's log on stdout (or `out`); credentials never reach it. On a terminal each record is one line,
 * `14:02:11 INFO [context] message`, with its fields below it, so `npm start` reads like a runbook.
 */
export function createRootLogger(
  level: string,
  out: Writable & { isTTY?: boolean } = process.stdout,
): Logger {
  const options = {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'token', 'secret', '*.token', '*.secret'],
      censor: '[redacted]',
    },
  };
  if (logFormat(out) === 'pretty') {
    const pretty = PinoPretty({
      destination: out,
      sync: true,
      colorize: out === process.stdout ? undefined : false,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,context',
      messageFormat: '{if context}[{context}] {end}{msg}',
    });
    return pino(options, pretty);
  }
  return out === process.stdout ? pino(options) : pino(options, out);
}

/** Nest's own logging (start-up, `new Logger(context)` in services) written through the JSON log. */
export class JsonLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context last; before it, a stack (for errors) or a message (for an object logged). */
  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    const text = typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.pino[level]({ context, err: message }, text ?? message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message }, text);
    else
      this.pino[level]({ context, ...(text && level === 'error' ? { stack: text } : {}) }, String(message));
  }
}

const REQUEST_ID = /^[\w-]{1,64}$/;

/**
 * Every answer carries `x-request-id` (the caller's, when well formed, else a new one). At info, each
 * request is logged when it completes; at a quieter level a request costs nothing but its id (the
 * exception filter logs the failures).
 */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', id);
    if (logger.isLevelEnabled('info') && !req.url.startsWith('/health')) {
      const started = performance.now();
      res.once('finish', () =>
        logger.info(
          {
            req: { id, method: req.method, url: req.originalUrl },
            res: { statusCode: res.statusCode },
            responseTime: Math.round(performance.now() - started),
          },
          'request completed',
        ),
      );
    }
    next();
  };
}
