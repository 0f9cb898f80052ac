import type { RequestBodyObject } from '@nestjs/swagger';
import { BANK_LIMITS, CELL_STATUSES, IMPORT_BODY_BYTES, LIMITS } from '@hub/contracts';

/**
 * The bodies that are not one validated JSON class: files and documents read by their route (a scenario,
 * an exchange file, a bank import that streams) and the receipt page's HTML form, each with its media
 * types (which `@ApiBody` cannot say one by one). `REQUEST_BODIES` gives them to their operations.
 */
const text = (description: string, maxLength?: number) => ({
  schema: { type: 'string' as const, description, ...(maxLength && { maxLength }) },
});
const STIX_BUNDLE = {
  type: 'object' as const,
  description: 'A STIX 2.1 bundle.',
  properties: {
    type: { type: 'string', enum: ['bundle'] },
    id: { type: 'string', pattern: '^bundle--' },
    objects: { type: 'array', items: { type: 'object' } },
  },
  required: ['type', 'objects'],
};
const MISP_EVENT = {
  type: 'object' as const,
  description: 'A MISP event, as MISP exports it.',
  properties: { Event: { type: 'object', properties: { Attribute: { type: 'array' } } } },
  required: ['Event'],
};
const SCENARIO = {
  type: 'object' as const,
  description: 'The scenario as a JSON object: the same fields as the YAML.',
  properties: {
    name: { type: 'string' },
    category: { type: 'string' },
    level: { type: 'string' },
    organisations: { type: 'object', additionalProperties: { type: 'object' } },
    injects: { type: 'array', items: { type: 'object' } },
    expectations: { type: 'array', items: { type: 'object' } },
  },
  required: ['name', 'category', 'level', 'organisations', 'injects'],
};

const SCENARIO_BODY: RequestBodyObject = {
  description: 'An exercise scenario (see the contract’s YAML), as YAML or the same as a JSON object.',
  content: {
    'application/yaml': text('The scenario in YAML.', LIMITS.bodyBytes),
    'text/yaml': text('The scenario in YAML.', LIMITS.bodyBytes),
    'application/json': { schema: SCENARIO },
  },
};

const ITEMS_IMPORT_BODY: RequestBodyObject = {
  description: `An exchange file of at most ${IMPORT_BODY_BYTES} bytes, shared through the bulk path.`,
  content: {
    'application/stix+json': { schema: STIX_BUNDLE },
    'application/json': { schema: { anyOf: [STIX_BUNDLE, MISP_EVENT] } },
    'text/plain': text('ThreatExchange lines.', IMPORT_BODY_BYTES),
  },
};

const BANK_IMPORT_BODY: RequestBodyObject = {
  description: `A file read as it streams; each JSON document at most ${BANK_LIMITS.jsonImportBytes} bytes.`,
  content: {
    'text/plain': text(`ThreatExchange lines (each at most ${BANK_LIMITS.lineChars} characters).`),
    'text/csv': text('A hash list with a header: `hash_digest,algorithm,file_type,id`.'),
    'application/stix+json': { schema: STIX_BUNDLE },
    'application/json': { schema: MISP_EVENT },
  },
};

const RECEIPT_FORM_BODY: RequestBodyObject = {
  description: 'The receipt page’s form.',
  content: {
    'application/x-www-form-urlencoded': {
      schema: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: [...CELL_STATUSES] },
          reason: { type: 'string', maxLength: LIMITS.reason },
        },
        required: ['status'],
      },
    },
  },
};

/** By operation id: the document builder sets each as its operation's `requestBody`. */
export const REQUEST_BODIES: Record<string, RequestBodyObject> = {
  createScenario: SCENARIO_BODY,
  importItems: ITEMS_IMPORT_BODY,
  importBankSignals: BANK_IMPORT_BODY,
  recordReceipt: RECEIPT_FORM_BODY,
};
