import type { ApiResponseNoStatusOptions, ApiResponseSchemaHost } from '@nestjs/swagger';
import type { JsonSchema } from './answers/answer-schema';

/** The options of `@ApiOkResponse` / `@ApiCreatedResponse` for a JSON answer of this schema. */
export function answer(schema: JsonSchema, description = 'The answer.'): ApiResponseNoStatusOptions {
  return { description, schema: schema as ApiResponseSchemaHost['schema'] };
}

/** A non-JSON answer (a report, an export): its media types, each a string. */
export function textAnswer(description: string, ...mediaTypes: string[]): ApiResponseNoStatusOptions {
  return {
    description,
    content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string' } }])),
  };
}
