/**
 * A refusal from the hub (`status` its HTTP status, `fields` the message of each field it names, to show
 * next to that field), or a hub that could not be reached (`status` 0, the message naming the URL).
 */
export class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly code?: string,
    /** The refusal in the language the request's `Accept-Language` asked for, when the hub speaks it. */
    readonly localizedMessage?: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

interface ErrorBody {
  message?: string;
  code?: string;
  localizedMessage?: string;
  details?: { field?: string; message?: string }[];
}

/** The hub's error shape (`{ statusCode, message, details, code? }`) as a HubError. */
export function toHubError(status: number, body: unknown): HubError {
  const answer: ErrorBody = typeof body === 'object' && body !== null ? body : {};
  const fields: Record<string, string> = {};
  for (const detail of answer.details ?? []) {
    if (detail.field && detail.message) fields[detail.field] ??= detail.message;
  }
  const message =
    answer.message ??
    (typeof body === 'string' && body
      ? body
      : status === 401
        ? 'Your token is not valid or was revoked.'
        : `The hub answered ${status}.`);
  return new HubError(status, message, fields, answer.code, answer.localizedMessage);
}

/** Why fetch failed, in words: Node puts the system's code on the error's `cause`. */
export function unreachableReason(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'timed out';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
