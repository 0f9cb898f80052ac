import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type PathItemObject } from '@nestjs/swagger';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ANSWER_SCHEMAS } from './answers/answer-schema';
import { WEBHOOK_HEADERS, WebhookBatchSchema, WebhookDeliverySchema } from './answers/webhooks.answers';
import { EXAMPLES, WEBHOOK_BATCH_EXAMPLE, WEBHOOK_EXAMPLE } from './examples';
import { REQUEST_BODIES } from './request-bodies';
import { refineRequestSchemas } from './request-refinements';
import { describeValidatedClasses } from './validated-class.schema';

const ERROR_BODY = {
  type: 'object',
  description: 'Every refusal: `message` names the field or the rule; `code` is the hub’s error code.',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    code: { type: 'string', examples: ['VALIDATION_FAILED', 'NOT_A_PARTICIPANT', 'ILLEGAL_TRANSITION'] },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    correlationId: { type: 'string', description: 'Of a 5xx: the line to look for in the hub’s log.' },
    localizedMessage: {
      type: 'string',
      description:
        'When the request’s `Accept-Language` names a language the hub speaks: what went wrong, in it ' +
        '(`message` stays English and `code` stable, for programs).',
    },
  },
  required: ['statusCode', 'error', 'message'],
};

const TAGS: { name: string; description: string }[] = [
  { name: 'incidents', description: 'Declare an incident, move it through its lifecycle, read its log.' },
  {
    name: 'items',
    description: 'Share URLs, hashes and accounts into an incident; each platform’s containment.',
  },
  {
    name: 'exports',
    description: 'An incident’s items as STIX 2.1, MISP or ThreatExchange, and imports of them.',
  },
  { name: 'transparency', description: 'Drafts of DSA statements of reasons.' },
  { name: 'hashes', description: 'Look a picture or video hash up among shared items and hash banks.' },
  {
    name: 'banks',
    description: 'Hash banks: signals a member organisation holds, matched against new items.',
  },
  { name: 'exercises', description: 'Scenarios and their runs: rehearsals in exercise mode.' },
  { name: 'identity', description: 'Who the caller is; organisations and their members.' },
  {
    name: 'administration',
    description: 'Admin changes to organisations, members, webhooks; the admin log.',
  },
  {
    name: 'contacts',
    description: 'The contact points mailed when a platform has no webhook, or escalation.',
  },
  { name: 'sign-in', description: 'OpenID Connect sign-in, SSO mappings, tokens and sessions.' },
  { name: 'audit', description: 'Verify the hash chains of the incident logs and the admin log.' },
  { name: 'receipts', description: 'One-click receipt links mailed to contact points (outside /api/v1).' },
  { name: 'health', description: 'Liveness, readiness and metrics (outside /api/v1).' },
  { name: 'webhooks', description: 'What the hub sends to a platform’s webhook (see `webhooks`).' },
];

type Media = { content?: Record<string, { example?: unknown }> };
type Operation = { operationId?: string; responses: Record<string, unknown>; requestBody?: Media };

/** Before Swagger reads the classes: the request schemas described from their validators, once. */
function describeRequests(): void {
  refineRequestSchemas(); // first: the validators' description leaves a described property alone
  describeValidatedClasses();
}

function config(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('crisis-hub')
    .setDescription(
      'Coordination hub for voluntary, cross-border crisis protocols. Send `Authorization: Bearer <token>`; ' +
        'every refusal answers the `ErrorBody` shape.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A member’s token.' }, 'bearer')
    .build();
}

/**
 * The hub's OpenAPI 3.1 document: the routes and their decorators, request schemas from the validating
 * classes, named answer schemas, the error answer on every operation, and the platform webhooks.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  describeRequests();
  return complete(SwaggerModule.createDocument(app, config()));
}

/**
 * The same document, built a controller at a time with the event loop free in between: built at start,
 * after the server listens, Swagger's few hundred milliseconds of scanning never hold up a request (a
 * readiness probe first). Swagger scans modules in the container's order, their controllers in order,
 * and keeps paths and schemas in the order it meets them; the parts are put together in that order, so
 * the document is the one `buildOpenApiDocument` makes (test/foundation/openapi-document.e2e-spec.ts).
 */
export async function buildOpenApiDocumentInSteps(
  app: INestApplication,
  step: () => Promise<unknown> = () => nextTurn(),
): Promise<OpenAPIObject> {
  await step();
  describeRequests();
  const settings = config();
  let document: OpenAPIObject | undefined;
  for (const part of controllersOf(app)) {
    await step();
    const scanned = SwaggerModule.createDocument(part, settings);
    document = document ? merged(document, scanned) : scanned;
  }
  return complete(document ?? SwaggerModule.createDocument(app, settings));
}

interface ScannedModule {
  readonly controllers: Map<unknown, unknown>;
}
interface ScannedContainer {
  getModules(): Map<string, ScannedModule> & { applicationId?: string };
}

/**
 * The application once per controller, as Swagger's scanner sees it: a container holding one module,
 * with that one controller. Swagger scans whole modules, and the hub's API module holds every controller.
 */
function controllersOf(app: INestApplication): INestApplication[] {
  const container = (app as unknown as { container: ScannedContainer }).container;
  const modules = container.getModules();
  return [...modules].flatMap(([key, module]) =>
    [...module.controllers].map((controller) => {
      const one: ScannedModule = Object.create(module, { controllers: { value: new Map([controller]) } });
      const view = Object.assign(new Map([[key, one]]), { applicationId: modules.applicationId });
      const narrowed: ScannedContainer = Object.create(container, { getModules: { value: () => view } });
      return Object.create(app, { container: { value: narrowed } }) as INestApplication;
    }),
  );
}

function merged(document: OpenAPIObject, part: OpenAPIObject): OpenAPIObject {
  const paths = { ...document.paths };
  for (const [path, item] of Object.entries(part.paths)) paths[path] = { ...paths[path], ...item };
  return {
    ...document,
    paths,
    components: {
      ...document.components,
      schemas: { ...document.components?.schemas, ...part.components?.schemas },
    },
  };
}

const documents = new WeakMap<INestApplication, Promise<OpenAPIObject>>();

/**
 * The application's document, built once: by `buildOpenApiDocumentInSteps`, which the server starts as it
 * listens; a request that comes before it is done waits for it.
 */
export function openApiDocumentOf(app: INestApplication): Promise<OpenAPIObject> {
  let document = documents.get(app);
  if (!document) {
    document = buildOpenApiDocumentInSteps(app);
    documents.set(app, document);
    // Its failure is the requests' to answer (500), not an unhandled rejection of a start.
    document.catch(() => documents.delete(app));
  }
  return document;
}

/** Swagger's scan completed: tags, named answers, the error answer, request bodies, examples, webhooks. */
function complete(document: OpenAPIObject): OpenAPIObject {
  document.tags = TAGS;
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...ANSWER_SCHEMAS, ErrorBody: ERROR_BODY },
    responses: {
      Error: {
        description:
          'Refused: bad input (400, naming the field), not allowed, not found, a conflict of state.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      if (!operation?.responses) continue;
      operation.responses['4XX'] ??= { $ref: '#/components/responses/Error' };
      const body = operation.operationId && REQUEST_BODIES[operation.operationId];
      if (body) operation.requestBody = { required: true, ...body };
      addExamples(operation);
    }
  }
  document.webhooks = {
    delivery: webhook('receiveDelivery', 'One event, signed', WebhookDeliverySchema, WEBHOOK_EXAMPLE),
    deliveryBatch: webhook(
      'receiveDeliveryBatch',
      'The queued events at once, signed once',
      WebhookBatchSchema,
      WEBHOOK_BATCH_EXAMPLE,
    ),
  };
  return document;
}

/** The examples of `EXAMPLES` on their operation's JSON body and answers. */
function addExamples(operation: Operation): void {
  const examples = operation.operationId ? EXAMPLES[operation.operationId] : undefined;
  if (!examples) return;
  const json = operation.requestBody?.content?.['application/json'];
  if (json && examples.request !== undefined) json.example = examples.request;
  for (const [status, example] of Object.entries(examples.answers ?? {})) {
    const answer = (operation.responses[status] as Media | undefined)?.content?.['application/json'];
    if (answer) answer.example = example;
  }
}

function webhook(operationId: string, summary: string, schema: object, example: object): PathItemObject {
  return {
    post: {
      operationId,
      summary,
      tags: ['webhooks'],
      description:
        'Sent to the platform’s `webhook` (its `exerciseWebhook` in an exercise). Check the signature ' +
        'before anything else; a delivery happens at least once.',
      parameters: Object.entries(WEBHOOK_HEADERS).map(([name, h]) => ({ name, in: 'header' as const, ...h })),
      requestBody: { required: true, content: { 'application/json': { schema, example } } },
      responses: {
        '2XX': { description: 'Received: the cells become `notified`.' },
        default: { description: 'Anything else is retried with backoff, then `delivery.failed`.' },
      },
    },
  };
}
