import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError, ERROR_CODES } from '@hub/domain';

/** A path id that is not a UUID is refused with the parameter named. */
export const uuidParam = (name: string): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new DomainError(ERROR_CODES.VALIDATION_FAILED, `${name}: must be a UUID`, [
        { field: name, message: 'must be a UUID' },
      ]),
  });
