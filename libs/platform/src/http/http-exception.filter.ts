import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError } from '@hub/domain';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { fromAcceptLanguage, hasMessage, t, type Language } from '@hub/i18n';
import { isBackingServiceDown, REASON_OF_STATUS, STATUS_OF_CODE } from './error-mapping';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: unknown[];
  correlationId?: string;
  localizedMessage?: string;
}

/** The code a refusal without one of its own is read as, for its localized message. */
const CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/**
 * What went wrong in the reader's language, from the stable code (and the field a validation names): the
 * English `message` carries the particulars, for programs and for the log.
 */
export function localizedMessage(body: ErrorBody, language: Language): string {
  const code =
    body.code ??
    (body.statusCode >= 500 && body.statusCode !== 503 ? 'UNEXPECTED' : CODE_OF_STATUS[body.statusCode]);
  const field = (body.details as { field?: string }[] | undefined)?.find((d) => d.field)?.field;
  if (code === 'VALIDATION_FAILED' && field) return t(language, 'error.VALIDATION_FAILED.field', { field });
  const key = `error.${code ?? 'UNEXPECTED'}`;
  return t(language, hasMessage(key) ? key : 'error.UNEXPECTED');
}

/** The one place HTTP answers are made from errors: domain codes, framework errors, and the unexpected. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    if (response.headersSent) return;
    const language = fromAcceptLanguage(http.getRequest<Request>()?.headers?.['accept-language']);
    if (language) body.localizedMessage = localizedMessage(body, language);
    response.status(body.statusCode).json(body);
  }

  toBody(thrown: unknown): ErrorBody {
    // A body parser's error comes wrapped by Express's adapter with the parser's status (a refusal in its
    // `verify`, such as a body nested too deep, would be a 403): the domain error inside says what it is.
    const exception =
      thrown instanceof HttpException && thrown.cause instanceof DomainError ? thrown.cause : thrown;
    if (exception instanceof DomainError) {
      const statusCode = STATUS_OF_CODE[exception.code];
      return {
        statusCode,
        error: REASON_OF_STATUS[statusCode],
        message: exception.message,
        code: exception.code,
        details: exception.details,
      };
    }
    if (exception instanceof ThrottlerException) {
      return {
        statusCode: 429,
        error: REASON_OF_STATUS[429],
        message: 'rate limit reached; slow down',
        code: 'RATE_LIMITED',
        details: [],
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const message =
        typeof raw === 'string'
          ? raw
          : Array.isArray((raw as any).message)
            ? (raw as any).message.join('; ')
            : String((raw as any).message ?? exception.message);
      return { statusCode, error: REASON_OF_STATUS[statusCode] ?? exception.name, message, details: [] };
    }
    const bodyError = exception as { type?: string; status?: number };
    if (bodyError?.type === 'entity.too.large') {
      return {
        statusCode: 413,
        error: REASON_OF_STATUS[413],
        message: 'body: too large',
        code: 'TOO_LARGE',
        details: [],
      };
    }
    if (bodyError?.type === 'entity.parse.failed' || bodyError?.type === 'charset.unsupported') {
      return {
        statusCode: 400,
        error: REASON_OF_STATUS[400],
        message: 'body: not valid JSON',
        code: 'VALIDATION_FAILED',
        details: [{ field: 'body', message: 'not valid JSON' }],
      };
    }
    if (isBackingServiceDown(exception)) {
      this.logger.warn(`backing service unavailable: ${(exception as Error)?.message}`);
      return {
        statusCode: 503,
        error: REASON_OF_STATUS[503],
        message: 'a backing service is unavailable; retry shortly',
        code: 'UNAVAILABLE',
        details: [],
      };
    }
    const correlationId = randomUUID();
    this.logger.error({ correlationId, err: exception }, 'unexpected error');
    return {
      statusCode: 500,
      error: REASON_OF_STATUS[500],
      message: 'unexpected error',
      correlationId,
      details: [],
    };
  }
}
