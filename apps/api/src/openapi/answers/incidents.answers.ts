import {
  CATEGORIES,
  CELL_STATUSES,
  CHANNELS,
  EVENT_TYPES,
  HIDDEN_EVENT_TYPE,
  HASH_ALGORITHMS,
  HASH_TRANSFORMS,
  INCIDENT_LEVELS,
  INCIDENT_MODES,
  INCIDENT_STATUSES,
  ITEM_KINDS,
  ITEM_VISIBILITIES,
  type BankHitEntry,
  type BulkShareResultEntry,
  type CellStatus,
  type CellView,
  type EventView,
  type HashMatchBatchView,
  type HashMatchEntry,
  type HashMatchView,
  type IncidentView,
  type ItemView,
  type PlatformContainmentView,
  type ShareResult,
  type VpdqFrameView,
  DISTRIBUTIONS,
} from '@hub/contracts';
import { NarrativeViewSchema } from './narratives.answers';
import {
  arrayOf,
  boolean,
  dateTime,
  enumOf,
  integer,
  named,
  nullable,
  number,
  object,
  oneOf,
  type JsonSchema,
  optional,
  recordOf,
  string,
  uuid,
} from './answer-schema';

/** `hub`, `connected`, `all` or a sharing group (docs/federation.md). */
export const DistributionSchema: JsonSchema = oneOf(
  enumOf(DISTRIBUTIONS),
  object<{ sharingGroup: string }>({ sharingGroup: uuid }),
);

const originOf = (extra: Record<string, JsonSchema> = {}): JsonSchema =>
  object<Record<string, unknown>>({
    hub: string({ description: 'The origin hub’s HUB_NAME.' }),
    id: uuid,
    ...extra,
  });

export const IncidentViewSchema = named(
  'IncidentView',
  object<IncidentView>({
    id: uuid,
    ref: string({ description: 'The incident reference, `CH-2026-0001`.', example: 'CH-2026-0001' }),
    title: string(),
    summary: string(),
    category: enumOf(CATEGORIES),
    protocol: string(),
    level: enumOf(INCIDENT_LEVELS),
    mode: enumOf(INCIDENT_MODES),
    status: enumOf(INCIDENT_STATUSES),
    participants: arrayOf(uuid),
    platforms: arrayOf(string()),
    criteria: arrayOf(string()),
    distribution: DistributionSchema,
    origin: optional(originOf({ ref: string() })),
    rationale: optional(string()),
    createdAt: dateTime,
    updatedAt: dateTime,
    lastSeq: integer({ description: 'The `seq` of the incident’s latest event.' }),
    overdueCount: optional(integer()),
    electionId: optional(uuid),
  }),
);

/** Event and admin log ids: the log's position across the hub, a decimal number in a string. */
export const eventId = string({ pattern: '^[0-9]+$', example: '1042' });

const actor = object<{ memberId: string | null; organisationId: string | null }>({
  memberId: nullable(uuid),
  organisationId: nullable(uuid),
});

export const EventViewSchema = named(
  'EventView',
  object<EventView>(
    {
      id: eventId,
      incidentId: uuid,
      seq: integer(),
      // A reader who may not see an event about a flag gets `incident.event_hidden` in its place.
      type: enumOf([...EVENT_TYPES, HIDDEN_EVENT_TYPE]),
      at: dateTime,
      actor,
      data: recordOf({}),
    },
    'One entry of an incident’s log; `data` depends on `type`. `incident.event_hidden` stands in, with empty `data` and no actor, for an event about a flag the reader may not see: `seq` keeps counting without a gap.',
  ),
);

const minutes = object<{ median: number | null; p90: number | null }>({
  median: nullable(number),
  p90: nullable(number),
});

export const ContainmentViewSchema = named(
  'ContainmentView',
  object<{ incidentId: string; at: string; platforms: PlatformContainmentView[] }>({
    incidentId: uuid,
    at: dateTime,
    platforms: arrayOf(
      object<PlatformContainmentView>({
        platformKey: string(),
        counts: object<Record<CellStatus, number>>(
          Object.fromEntries(CELL_STATUSES.map((s) => [s, integer()])) as Record<CellStatus, typeof number>,
        ),
        total: integer(),
        ackMinutes: minutes,
        actMinutes: minutes,
        overdue: integer(),
        withinDeadlineShare: nullable(number),
      }),
    ),
  }),
);

export const CellViewSchema = named(
  'CellView',
  object<CellView>(
    {
      itemId: uuid,
      platformKey: string(),
      status: enumOf(CELL_STATUSES),
      reason: optional(string()),
      ackDueAt: optional(dateTime),
      actionDueAt: optional(dateTime),
      acknowledgedAt: optional(dateTime),
      actedAt: optional(dateTime),
      notifiedAt: optional(dateTime),
      overdue: optional(boolean),
      via: optional(string({ description: 'The peer hub on which the platform’s liaison answered.' })),
      updatedAt: dateTime,
    },
    'One platform’s containment of one item.',
  ),
);

const frame = object<VpdqFrameView>({
  frame: integer(),
  quality: integer(),
  hash: string(),
  seconds: number,
});

export const ItemViewSchema = named(
  'ItemView',
  object<ItemView>({
    id: uuid,
    incidentId: uuid,
    distribution: optional(DistributionSchema),
    origin: optional(originOf()),
    kind: enumOf(ITEM_KINDS),
    url: optional(string()),
    submittedUrl: optional(string()),
    hash: optional(
      object<NonNullable<ItemView['hash']>>({
        algorithm: enumOf(HASH_ALGORITHMS),
        value: optional(string()),
        quality: optional(integer()),
        frames: optional(arrayOf(frame)),
      }),
    ),
    account: optional(object<NonNullable<ItemView['account']>>({ platformKey: string(), handle: string() })),
    channel: enumOf(CHANNELS),
    legalReference: optional(string()),
    platformKey: optional(string()),
    visibility: enumOf(ITEM_VISIBILITIES),
    metadata: recordOf({}),
    reporters: arrayOf(uuid),
    variantOf: optional(uuid),
    narrative: optional(NarrativeViewSchema),
    techniques: optional(arrayOf(string())),
    createdAt: dateTime,
    containment: arrayOf(CellViewSchema),
  }),
);

export const ShareResultSchema = named(
  'ShareResult',
  object<ShareResult>({
    duplicate: boolean,
    item: ItemViewSchema,
  }),
);

const bulkEntry = {
  index: integer(),
  status: enumOf([200, 201, 400, 409]),
  item: optional(ItemViewSchema),
  error: optional(
    object<NonNullable<BulkShareResultEntry['error']>>({ message: string(), details: optional({}) }),
  ),
};

export const BulkShareResultEntrySchema = named(
  'BulkShareResultEntry',
  object<BulkShareResultEntry>(bulkEntry),
);

/** An import's entry: the bulk entry and where in the file the share was read. */
export const ImportResultEntrySchema = named(
  'ImportResultEntry',
  object<BulkShareResultEntry & { at: string }>({
    ...bulkEntry,
    at: string({ description: 'Where in the file the share was read.' }),
  }),
);

export const BulkShareAnswerSchema = named(
  'BulkShareAnswer',
  object<{ results: BulkShareResultEntry[] }>({ results: arrayOf(BulkShareResultEntrySchema) }),
);

const hashMatchEntry = object<HashMatchEntry>({
  incidentId: uuid,
  itemId: uuid,
  algorithm: enumOf(['pdq', 'vpdq']),
  distance: optional(integer()),
  transform: optional(enumOf(HASH_TRANSFORMS)),
  frame: optional(integer()),
  seconds: optional(number),
  queryMatchPercent: optional(number),
  comparedMatchPercent: optional(number),
});

const bankHitEntry = object<BankHitEntry>({
  bankId: uuid,
  bankName: string(),
  signalId: uuid,
  label: optional(string()),
  sourceRef: optional(string()),
  distance: integer(),
  negative: optional(boolean),
});

const matches = arrayOf(oneOf(hashMatchEntry, bankHitEntry));

export const HashMatchAnswerSchema = named(
  'HashMatchAnswer',
  oneOf(
    object<HashMatchView>({ matches, note: optional(string()) }),
    object<HashMatchBatchView>({
      results: arrayOf(object<HashMatchBatchView['results'][number]>({ index: integer(), matches })),
      note: optional(string()),
    }),
  ),
);
