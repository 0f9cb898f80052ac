import type { components, operations, paths } from './openapi.generated';

/**
 * The hub's API as its OpenAPI document types it (`openapi.generated.ts`, from docs/openapi.json by
 * `npm run sdk`): `HubClient`'s methods take their bodies and give their answers in these types, so the
 * console and the command line compile against the document itself, as a platform's generated client does.
 */
export type { components, operations, paths };

/** An operation of the document, by its `operationId`. */
export type OperationId = keyof operations;

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Success<R> = R extends { 201: infer A } ? A : R extends { 200: infer A } ? A : never;

/** The JSON body an operation takes. */
export type BodyOf<Id extends OperationId> = operations[Id] extends { requestBody?: infer B }
  ? Json<NonNullable<B>>
  : never;

/** An operation's JSON answer when it succeeds (201, else 200); `void` for one that answers 204. */
export type AnswerOf<Id extends OperationId> = operations[Id]['responses'] extends { 204: unknown }
  ? void
  : Json<Success<operations[Id]['responses']>>;

/** The query an operation takes. */
export type QueryOf<Id extends OperationId> = NonNullable<operations[Id]['parameters']['query']>;

/** A named schema of the document (`components.schemas`). */
export type SchemaOf<Name extends keyof components['schemas']> = components['schemas'][Name];
