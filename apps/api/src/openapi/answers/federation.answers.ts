import {
  FEDERATION_LIMITS,
  PEER_STATES,
  type FederationEvent,
  type FederationPage,
  type FederationReceipt,
  type PeerView,
  type SharingGroupView,
} from '@hub/contracts';
import {
  anyValue,
  arrayOf,
  boolean,
  dateTime,
  enumOf,
  integer,
  named,
  nullable,
  object,
  optional,
  string,
  uuid,
} from './answer-schema';

const cursor = string({
  pattern: '^\\d{1,20}:\\d{1,20}$',
  description: 'A position in the sending hub’s feed.',
});

export const PeerViewSchema = named(
  'PeerView',
  object<PeerView>({
    id: uuid,
    name: string({ description: 'The peer’s HUB_NAME.' }),
    url: string(),
    organisationId: uuid,
    exercise: boolean,
    state: enumOf(PEER_STATES),
    lastContactAt: nullable(dateTime),
    backlog: integer({
      description: 'Events of shared incidents the peer has not confirmed (counted up to 10,000).',
    }),
    lastError: optional(object<NonNullable<PeerView['lastError']>>({ message: string(), at: dateTime })),
    refusals: integer(),
    createdAt: dateTime,
  }),
);

export const SharingGroupViewSchema = named(
  'SharingGroupView',
  object<SharingGroupView>({ id: uuid, name: string(), peers: arrayOf(uuid), createdAt: dateTime }),
);

const FederationEventSchema = object<FederationEvent>({
  id: string({ description: '`<originHub>:<event id>`: applied once.' }),
  originHub: string(),
  path: arrayOf(string(), { maxItems: FEDERATION_LIMITS.path }),
  incident: object<FederationEvent['incident']>({ hub: string(), id: uuid, ref: string() }),
  type: enumOf(['incident', 'item', 'answer', 'message']),
  at: dateTime,
  data: anyValue,
  cursor,
});

export const FederationPageSchema = named(
  'FederationPage',
  object<FederationPage>({
    hub: string(),
    events: arrayOf(FederationEventSchema, { maxItems: FEDERATION_LIMITS.page }),
    cursor,
    more: boolean,
  }),
);

export const FederationReceiptSchema = named(
  'FederationReceipt',
  object<FederationReceipt>({
    applied: integer(),
    refused: arrayOf(object<FederationReceipt['refused'][number]>({ id: string(), reason: string() })),
    cursor,
  }),
);
