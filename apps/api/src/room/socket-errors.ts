import { DomainError } from '@hub/domain';
import { isBackingServiceDown, localizedMessage, REASON_OF_STATUS, STATUS_OF_CODE } from '@hub/platform';
import type { Language } from '@hub/i18n';
import type { Ack, SocketError } from '@hub/contracts';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

const logger = new Logger('incident-room');

/**
 * The socket transport's one mapping from errors to answers (the HTTP filter's twin), with the refusal in
 * the socket's language when it has one.
 */
export function toSocketError(error: unknown, language?: Language): SocketError {
  const answer = socketErrorOf(error);
  if (!language) return answer;
  const localized = localizedMessage({ ...answer, error: '', details: [] }, language);
  return { ...answer, localizedMessage: localized };
}

function socketErrorOf(error: unknown): SocketError {
  if (error instanceof DomainError) {
    return { statusCode: STATUS_OF_CODE[error.code], message: error.message, code: error.code };
  }
  // Nest's own exceptions (a guard's or a pipe's) carry their status.
  if (error instanceof HttpException && error.getStatus() < 500) {
    return { statusCode: error.getStatus(), message: error.message };
  }
  if (isBackingServiceDown(error))
    return {
      statusCode: 503,
      message: 'a backing service is unavailable; retry shortly',
      code: 'UNAVAILABLE',
    };
  const correlationId = randomUUID();
  logger.error({ correlationId, err: error }, 'unexpected error in the incident room');
  return { statusCode: 500, message: `${REASON_OF_STATUS[500]} (${correlationId})` };
}

/** Runs a handler and always answers: `{ ok: true, ... }` or `{ ok: false, error }`, never silence. */
export async function answer<T extends object>(work: () => Promise<T>, language?: Language): Promise<Ack<T>> {
  try {
    return { ok: true, ...(await work()) } as Ack<T>;
  } catch (error) {
    return { ok: false, error: toSocketError(error, language) };
  }
}

/**
 * What escapes a handler before `answer` runs (a guard, a pipe, an interceptor) is answered the same way
 * through the message's acknowledgement: Nest's default would emit an `exception` event the client never
 * waits for, leaving its acknowledgement unanswered.
 */
@Catch()
export class RoomExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const ack = host.getArgs().find((arg): arg is (answer: Ack) => void => typeof arg === 'function');
    const language = (host.switchToWs().getClient() as { data?: { language?: Language } }).data?.language;
    ack?.({ ok: false, error: toSocketError(error, language) });
  }
}
