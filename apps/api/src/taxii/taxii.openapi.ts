import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { TAXII_LIMITS, TAXII_MEDIA_TYPE } from '@hub/contracts';

/**
 * TAXII 2.1's resources (section 4 and 5 of the specification) as OpenAPI schemas, in TAXII's media
 * type. Field names are the specification's; each mirrors the interface of the same name in
 * `@hub/contracts` (`TaxiiDiscovery`, `TaxiiEnvelope`, ...).
 */
const string: SchemaObject = { type: 'string' };
const timestamp: SchemaObject = { type: 'string', format: 'date-time' };
const stixObject: SchemaObject = {
  type: 'object',
  description: 'A STIX 2.1 object (identity, report, indicator, user-account)',
  required: ['type', 'id'],
  properties: { type: string, id: string },
  additionalProperties: true,
};

const SCHEMAS = {
  discovery: {
    type: 'object',
    required: ['title', 'api_roots'],
    properties: {
      title: string,
      description: string,
      default: string,
      api_roots: { type: 'array', items: string },
    },
  },
  apiRoot: {
    type: 'object',
    required: ['title', 'versions', 'max_content_length'],
    properties: {
      title: string,
      description: string,
      versions: { type: 'array', items: string },
      max_content_length: { type: 'integer' },
    },
  },
  collection: {
    type: 'object',
    required: ['id', 'title', 'can_read', 'can_write', 'media_types'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      title: string,
      description: string,
      can_read: { type: 'boolean' },
      can_write: { type: 'boolean' },
      media_types: { type: 'array', items: string },
    },
  },
  envelope: {
    type: 'object',
    required: ['more', 'objects'],
    properties: { more: { type: 'boolean' }, next: string, objects: { type: 'array', items: stixObject } },
  },
  manifest: {
    type: 'object',
    required: ['more', 'objects'],
    properties: {
      more: { type: 'boolean' },
      next: string,
      objects: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'date_added', 'version', 'media_type'],
          properties: { id: string, date_added: timestamp, version: timestamp, media_type: string },
        },
      },
    },
  },
  versions: {
    type: 'object',
    required: ['more', 'versions'],
    properties: { more: { type: 'boolean' }, next: string, versions: { type: 'array', items: timestamp } },
  },
  status: {
    type: 'object',
    required: [
      'id',
      'status',
      'request_timestamp',
      'total_count',
      'success_count',
      'failure_count',
      'pending_count',
    ],
    properties: {
      id: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['pending', 'complete'] },
      request_timestamp: timestamp,
      total_count: { type: 'integer' },
      success_count: { type: 'integer' },
      failure_count: { type: 'integer' },
      pending_count: { type: 'integer' },
      failures: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'version'],
          properties: { id: string, version: string, message: string },
        },
      },
    },
  },
} satisfies Record<string, SchemaObject>;

/** An answer in TAXII's media type. */
export const taxiiAnswer = (name: keyof typeof SCHEMAS, description: string) => ({
  description,
  content: { [TAXII_MEDIA_TYPE]: { schema: SCHEMAS[name] } },
});

export const TAXII_COLLECTIONS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['collections'],
  properties: { collections: { type: 'array', items: SCHEMAS.collection } },
};

/** The body of `POST .../objects/`: a TAXII envelope of STIX objects. */
export const TAXII_ENVELOPE_BODY = {
  description: `A TAXII envelope (at most ${TAXII_LIMITS.maxContentLength} bytes); its indicators go into the bank`,
  schema: {
    type: 'object',
    required: ['objects'],
    properties: { objects: { type: 'array', minItems: 1, items: stixObject } },
  } satisfies SchemaObject,
};

/** The query of `objects/` and `manifest/`. */
export const TAXII_FILTERS = [
  { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: TAXII_LIMITS.maxPage } },
  { name: 'next', required: false, schema: string },
  { name: 'added_after', required: false, schema: timestamp },
  { name: 'match[id]', required: false, description: 'STIX ids, comma-separated', schema: string },
  { name: 'match[type]', required: false, description: 'STIX types, comma-separated', schema: string },
] as const;
