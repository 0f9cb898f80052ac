import { buildOpenApiDocument, buildOpenApiDocumentInSteps } from '@hub/api';
import { HUB_OPTIONS } from '@hub/app';
import type { INestApplication } from '@nestjs/common';
import { startTestHub, type TestHub } from '@hub/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The hub's OpenAPI document is the contract platforms generate their clients from: it must validate, be
 * complete (every operation named, summed up, tagged, with a request schema for its body and a schema for
 * each 2xx answer), and be the file committed as docs/openapi.json, so that a change of the API is
 * reviewed as a diff of that file.
 */
type Schema = Record<string, unknown>;
interface Media {
  schema?: Schema;
  example?: unknown;
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media>; $ref?: string }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** The only writes without a body: whoever adds another says so here. */
const BODYLESS_WRITES = [
  'pauseExercise',
  'resumeExercise',
  'abortExercise',
  'revokeMemberTokens',
  'createMemberToken',
  'signOut',
  'releaseBankSignal',
  'acknowledgeWarning',
];
const COMMITTED = join(__dirname, '../../docs/openapi.json');

describe('the OpenAPI document', () => {
  let t: TestHub;
  let document: Document;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'openapi', redis: false });
    const res = await fetch(`${t.url}/docs-json`);
    expect(res.status).toBe(200);
    document = (await res.json()) as Document;
  }, 60_000);
  afterAll(() => t?.close());

  const operations = (): [string, Operation][] =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
    );

  /** A schema with something in it: a `$ref` to a schema with properties, or a type of its own. */
  const meaningful = (schema: Schema | undefined): boolean => {
    if (!schema) return false;
    if (typeof schema.$ref === 'string') {
      return meaningful(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
    }
    if (schema.type === 'object') return Object.keys((schema.properties as object) ?? {}).length > 0;
    return Boolean(schema.type || schema.anyOf || schema.oneOf || schema.allOf || schema.enum);
  };

  it('is the committed docs/openapi.json (run `npm run openapi` and commit it)', () => {
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as Document;
    expect(document).toEqual(committed);
  });

  it('is built at start a controller at a time, and is then the document Swagger builds in one piece', async () => {
    const app = t.hub.app as INestApplication;
    let steps = 0;
    const stepped = await buildOpenApiDocumentInSteps(app, async () => steps++);
    expect(steps).toBeGreaterThan(10);
    expect(JSON.stringify(stepped)).toBe(JSON.stringify(buildOpenApiDocument(app)));
    expect(JSON.stringify(stepped)).toBe(JSON.stringify(document));
  });

  it('validates as OpenAPI 3.1', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(
      document as unknown as Parameters<Validator['validate']>[0],
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names, sums up and tags every operation, with unique operation ids', () => {
    const missing = operations()
      .filter(([, op]) => !op.operationId || !op.summary || !op.tags?.length)
      .map(([key]) => key);
    expect(missing).toEqual([]);
    const ids = operations().map(([, op]) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('has a request schema with its fields for every body', () => {
    const bare = operations().flatMap(([key, op]) =>
      Object.entries(op.requestBody?.content ?? {})
        .filter(([, media]) => !meaningful(media.schema))
        .map(([type]) => `${key} ${type}`),
    );
    expect(bare).toEqual([]);
    const withoutBody = operations()
      .filter(([key, op]) => /^(POST|PUT|PATCH) /.test(key) && !op.requestBody)
      .map(([, op]) => op.operationId);
    expect(withoutBody.sort()).toEqual([...BODYLESS_WRITES].sort());
    // Spot checks that the schema is the validators': fields, enums, formats and limits.
    const incident = document.components.schemas.CreateIncidentDto as {
      properties: Record<string, Schema>;
      required: string[];
    };
    expect(incident.properties.title).toEqual({ type: 'string', minLength: 1, maxLength: 200 });
    expect(incident.properties.level).toMatchObject({ enum: ['awareness', 'incident', 'crisis'] });
    expect(incident.properties.participants).toMatchObject({
      type: 'array',
      maxItems: 200,
      items: { type: 'string', format: 'uuid' },
    });
    expect(incident.required).toEqual(
      expect.arrayContaining(['title', 'summary', 'category', 'level', 'mode', 'participants', 'platforms']),
    );
    expect(incident.required).not.toContain('rationale');
  });

  it('has a schema for every 2xx answer but 204, and the error answer for 4xx', () => {
    const problems = operations().flatMap(([key, op]) => {
      const statuses = Object.keys(op.responses ?? {});
      const out: string[] = [];
      if (!statuses.some((s) => /^[23]/.test(s))) out.push(`${key}: no 2xx or 3xx answer`);
      if (!statuses.includes('4XX')) out.push(`${key}: no 4XX answer`);
      for (const status of statuses.filter((s) => /^2\d\d$/.test(s) && s !== '204')) {
        const content = op.responses![status].content ?? {};
        if (!Object.keys(content).length) out.push(`${key} ${status}: no content`);
        for (const [type, media] of Object.entries(content)) {
          if (!meaningful(media.schema)) out.push(`${key} ${status} ${type}: no schema`);
        }
      }
      return out;
    });
    expect(problems).toEqual([]);
  });

  it('documents the signed webhook deliveries, single and batch', () => {
    const single = document.webhooks?.delivery?.post;
    const batch = document.webhooks?.deliveryBatch?.post;
    for (const op of [single, batch]) {
      const headers = (op as { parameters: { name: string }[] }).parameters.map((p) => p.name);
      expect(headers).toEqual(expect.arrayContaining(['X-Hub-Timestamp', 'X-Hub-Signature']));
    }
    expect(single?.requestBody?.content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/WebhookDelivery',
    });
    const events = (document.components.schemas.WebhookBatch.properties as Record<string, Schema>).events;
    expect(events).toMatchObject({ maxItems: 500, items: { required: expect.arrayContaining(['id']) } });
  });

  it('has examples on the main routes, each valid against its schema (closed: no field left undocumented)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const close = (schema: unknown): unknown => {
      if (Array.isArray(schema)) return schema.map(close);
      if (!schema || typeof schema !== 'object') return schema;
      const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, close(v)])) as Schema;
      if (out.properties && out.type === 'object') out.unevaluatedProperties = false;
      return out;
    };
    ajv.addSchema({ $id: 'doc', components: close(document.components) } as object);
    const media: [string, Media][] = [];
    const all = [
      ...operations(),
      ...Object.values(document.webhooks ?? {}).map((w): [string, Operation] => [`webhook`, w.post]),
    ];
    for (const [key, op] of all) {
      for (const [type, m] of Object.entries(op.requestBody?.content ?? {}))
        media.push([`${key} ${type}`, m]);
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        for (const [type, m] of Object.entries(r.content ?? {})) media.push([`${key} ${status} ${type}`, m]);
      }
    }
    const withExamples = media.filter(([, m]) => m.example !== undefined);
    expect(withExamples.length).toBeGreaterThanOrEqual(15);
    const invalid = withExamples.flatMap(([where, m]) => {
      const text = JSON.stringify(close(m.schema)).replace(/"#\/components\//g, '"doc#/components/');
      const validate = ajv.compile(JSON.parse(text) as Schema);
      return validate(m.example) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(invalid).toEqual([]);
  });

  it('has components that compile as JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: document.components } as object);
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => ajv.getSchema(`doc#/components/schemas/${name}`)).not.toThrow();
    }
  });
});
