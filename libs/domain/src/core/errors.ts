/**
 * Domain errors carry a code; each transport maps codes to its own answers (HTTP status, socket ack).
 * Domain code never knows about HTTP.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_A_PARTICIPANT: 'NOT_A_PARTICIPANT',
  WRONG_PLATFORM: 'WRONG_PLATFORM',
  NOT_FOUND: 'NOT_FOUND',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  INCIDENT_CLOSED: 'INCIDENT_CLOSED',
  CONFLICT: 'CONFLICT',
  TOO_LARGE: 'TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface ErrorDetail {
  field?: string;
  line?: number;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (field: string, message: string): DomainError =>
  new DomainError(ERROR_CODES.VALIDATION_FAILED, `${field}: ${message}`, [{ field, message }]);
