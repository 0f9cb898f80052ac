import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { assertStorableText, DomainError, ERROR_CODES, type ErrorDetail } from '@hub/domain';
import { assertShape } from './body-limits';
import { passesValidation } from './validation-plan';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      const named = message.startsWith(error.property)
        ? field + message.slice(error.property.length)
        : `${field}: ${message}`;
      out.push({ field, message: named });
    }
    out.push(...flattenValidationErrors(error.children ?? [], field));
  }
  return out;
}

export function validationError(errors: ValidationError[]): DomainError {
  const details = flattenValidationErrors(errors);
  const message = details.length ? details.map((d) => d.message).join('; ') : 'body: invalid';
  return new DomainError(ERROR_CODES.VALIDATION_FAILED, message, details);
}

export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
} as const;

/** What a client sent: a socket's payload has a type of its own and is checked by `validatePayload`. */
const TEXT_FROM_CLIENT = new Set<ArgumentMetadata['type']>(['body', 'query', 'param']);

/**
 * Checks a body's shape (depth, entries, prototype keys) before class-transformer walks it. Bodies with
 * a DTO only: other arguments are strings (params, queries) or the framework's own (a connected socket).
 * Every body, query and route parameter, with a DTO or not (a scenario's text, an import), is checked for
 * text PostgreSQL cannot store, so no route reaches the database with it.
 */
class ShapedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A body with no DTO (a socket payload, a scenario text) is checked where it is read.
    if (metadata.type === 'body' && this.toValidate(metadata)) assertShape(value, 'body');
    if (TEXT_FROM_CLIENT.has(metadata.type)) assertStorableText(value, metadata.data ?? metadata.type);
    return super.transform(value, metadata);
  }

  /**
   * A valid body is recognised by `passesValidation`, without class-validator's error objects (a share's
   * body spent about 90 µs in them); anything else is validated by class-validator, which names each fault.
   */
  protected override validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    return passesValidation(object) ? [] : super.validate(object, validatorOptions);
  }
}

/** At the edge: unknown fields refused, every field named in the answer. */
export function createValidationPipe(): ValidationPipe {
  return new ShapedValidationPipe({ ...VALIDATION_OPTIONS, exceptionFactory: validationError });
}

/**
 * The same rules for payloads validated by hand (bulk entries, socket messages). A valid payload is
 * recognised by `passesValidation`, without class-validator's error objects (a bulk's 1,000 entries spent
 * most of their validation building empty ones); any other is validated by class-validator, which names
 * each fault as it always has.
 */
export async function validatePayload<T extends object>(cls: new () => T, raw: unknown): Promise<T> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DomainError(ERROR_CODES.VALIDATION_FAILED, 'payload: must be an object', [
      { field: 'payload', message: 'must be an object' },
    ]);
  }
  assertShape(raw, 'payload');
  assertStorableText(raw, 'payload');
  const instance = plainToInstance(cls, raw);
  if (passesValidation(instance)) return instance;
  const errors = await validate(instance, VALIDATION_OPTIONS);
  if (errors.length) throw validationError(errors);
  return instance;
}
