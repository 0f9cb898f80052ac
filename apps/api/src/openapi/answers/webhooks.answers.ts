import { arrayOf, enumOf, named, object, string, type JsonSchema } from './answer-schema';
import { CellViewSchema, eventId, IncidentViewSchema, ItemViewSchema } from './incidents.answers';

/** What a platform's webhook receives: the shapes are the API's own views of the incident, item and cell. */
const delivery = {
  event: enumOf(['item.shared', 'containment.overdue']),
  incident: IncidentViewSchema,
  item: ItemViewSchema,
  cell: CellViewSchema,
};

export const WebhookDeliverySchema = named(
  'WebhookDelivery',
  object<Record<keyof typeof delivery, unknown>>(
    delivery,
    'One event for one platform (the default): sent again until a 2xx; `X-Hub-Event-Id` drops repeats.',
  ),
);

export const WebhookBatchSchema = named(
  'WebhookBatch',
  object<{ events: unknown[] }>(
    {
      events: arrayOf(
        object<Record<keyof typeof delivery | 'id', unknown>>({
          id: { ...eventId, description: 'The event id: drop an entry already seen.' },
          ...delivery,
        }),
        { minItems: 1, maxItems: 500 },
      ),
    },
    'The events queued for a platform whose webhook has `batch: true`, in order, signed once over the body.',
  ),
);

const header = (description: string, schema: JsonSchema, required = true) => ({
  required,
  description,
  schema,
});

/** The headers of a delivery, single or batch. */
export const WEBHOOK_HEADERS = {
  'X-Hub-Event-Id': header(
    'The event id (of a single delivery; a batch names each event in its body).',
    eventId,
    false,
  ),
  'X-Hub-Timestamp': header('Unix seconds when the delivery was signed.', string({ pattern: '^[0-9]+$' })),
  'X-Hub-Signature': header(
    '`sha256=` and the hex HMAC-SHA256 of `<X-Hub-Timestamp>.<body>` with the webhook secret.',
    string({ pattern: '^sha256=[0-9a-f]{64}$' }),
  ),
  'X-Hub-Signature-Previous': header(
    'During a secret rotation’s grace period: the same signature with the secret it replaced.',
    string({ pattern: '^sha256=[0-9a-f]{64}$' }),
    false,
  ),
};
