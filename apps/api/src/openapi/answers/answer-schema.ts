/**
 * JSON Schemas of the hub's answers (OpenAPI 3.1 is JSON Schema 2020-12), written against the view
 * interfaces of `@hub/contracts`: `object<IncidentView>({...})` does not compile when the interface gains
 * or loses a field, or when a field becomes optional or required. Types within a field are checked by the
 * e2e test that validates real answers against the document.
 */

export type JsonSchema = { readonly [key: string]: unknown };

declare const OPTIONAL: unique symbol;
/** A property a view may leave out. */
export interface OptionalProperty {
  readonly [OPTIONAL]: true;
  readonly schema: JsonSchema;
}
/** A property a view always has. */
type RequiredProperty = JsonSchema & { readonly [OPTIONAL]?: never };

type Shape<T> = { [K in keyof T]-?: object extends Pick<T, K> ? OptionalProperty : RequiredProperty };

const optionalProperties = new WeakSet<object>();

export function optional(schema: JsonSchema): OptionalProperty {
  const property = { schema } as unknown as OptionalProperty;
  optionalProperties.add(property);
  return property;
}

/** An object with exactly the properties of `T`, those `T` may leave out not required. */
export function object<T>(shape: Shape<T>, description?: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, value] of Object.entries(shape) as [string, JsonSchema | OptionalProperty][]) {
    if (optionalProperties.has(value)) {
      properties[key] = (value as OptionalProperty).schema;
    } else {
      properties[key] = value as JsonSchema;
      required.push(key);
    }
  }
  return {
    type: 'object',
    ...(description && { description }),
    properties,
    ...(required.length && { required }),
  };
}

/** Named schemas, one entry each in `components.schemas`. */
export const ANSWER_SCHEMAS: Record<string, JsonSchema> = {};

/** A component of the document: registered once, referred to by `$ref` wherever it is used. */
export function named(name: string, schema: JsonSchema): JsonSchema {
  if (ANSWER_SCHEMAS[name] && ANSWER_SCHEMAS[name] !== schema) throw new Error(`two answer schemas ${name}`);
  ANSWER_SCHEMAS[name] = schema;
  return { $ref: `#/components/schemas/${name}` };
}

export const string = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
export const uuid: JsonSchema = { type: 'string', format: 'uuid' };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
export const integer = (extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', ...extra });
export const number: JsonSchema = { type: 'number' };
export const boolean: JsonSchema = { type: 'boolean' };
/** Any JSON value (free-form event data, a signal's own fields). */
export const anyValue: JsonSchema = {};

export const enumOf = (values: readonly (string | number)[]): JsonSchema => ({
  type: values.every((v) => typeof v === 'number') ? 'integer' : 'string',
  enum: [...values],
});
export const arrayOf = (items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({
  type: 'array',
  items,
  ...extra,
});
export const recordOf = (values: JsonSchema): JsonSchema => ({
  type: 'object',
  additionalProperties: values,
});
/** A value or null (JSON Schema 2020-12: a type list, or `anyOf` for a `$ref`). */
export function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string' && !schema.enum) return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}
export const oneOf = (...schemas: JsonSchema[]): JsonSchema => ({ anyOf: schemas });

/** `{ items, next? }`: every cursor-paged list. */
export function pageOf(item: JsonSchema): JsonSchema {
  const name = typeof item.$ref === 'string' ? item.$ref.split('/').pop() : undefined;
  const schema = object<{ items: unknown[]; next?: string }>({
    items: arrayOf(item),
    next: optional(string({ description: 'Pass as `after` for the next page; absent on the last.' })),
  });
  if (!name) return schema;
  return ANSWER_SCHEMAS[`${name}Page`]
    ? { $ref: `#/components/schemas/${name}Page` }
    : named(`${name}Page`, schema);
}
