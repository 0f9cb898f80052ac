import { ERROR_CODES, type ErrorCode } from '@hub/domain';
import { pgCode } from '@hub/persistence';

export const STATUS_OF_CODE: Record<ErrorCode, number> = {
  [ERROR_CODES.VALIDATION_FAILED]: 400,
  [ERROR_CODES.UNAUTHENTICATED]: 401,
  [ERROR_CODES.FORBIDDEN]: 403,
  [ERROR_CODES.NOT_A_PARTICIPANT]: 403,
  [ERROR_CODES.WRONG_PLATFORM]: 403,
  [ERROR_CODES.NOT_FOUND]: 404,
  [ERROR_CODES.ILLEGAL_TRANSITION]: 409,
  [ERROR_CODES.INCIDENT_CLOSED]: 409,
  [ERROR_CODES.CONFLICT]: 409,
  [ERROR_CODES.TOO_LARGE]: 413,
  [ERROR_CODES.RATE_LIMITED]: 429,
  [ERROR_CODES.UNAVAILABLE]: 503,
};

export const REASON_OF_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Connection failures of PostgreSQL or Redis: the hub is up, a backing service is not. */
export function isBackingServiceDown(error: unknown): boolean {
  const code = pgCode(error);
  if (code && /^(08|57P0|53)/.test(code)) return true;
  const e = error as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(e?.code ?? '') ||
    // ioredis gives up on a command after its retries while Redis is away (the rate limiter's counts).
    /Connection terminated|connect ECONNREFUSED|Connection is closed|timeout exceeded when trying to connect|Reached the max retries per request limit/i.test(
      e?.message ?? '',
    )
  );
}
