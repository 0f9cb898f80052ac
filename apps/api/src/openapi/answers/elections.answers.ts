import {
  ELECTION_STATUSES,
  WARNING_SEVERITIES,
  type ElectionExtensionView,
  type ElectionView,
  type WarningView,
} from '@hub/contracts';
import { arrayOf, dateTime, enumOf, named, nullable, object, string, uuid } from './answer-schema';

const day = string({ format: 'date', example: '2026-06-07' });

const ElectionExtensionSchema = object<ElectionExtensionView>({
  previousUntil: dateTime,
  until: dateTime,
  reason: string(),
  by: object<ElectionExtensionView['by']>({ memberId: nullable(uuid), organisationId: nullable(uuid) }),
  at: dateTime,
});

export const ElectionViewSchema = named(
  'ElectionView',
  object<ElectionView>({
    id: uuid,
    name: string(),
    country: nullable(string({ pattern: '^[A-Z]{2}$' })),
    votingDays: arrayOf(day),
    activeFrom: dateTime,
    activeUntil: dateTime,
    languages: arrayOf(string()),
    participants: arrayOf(uuid),
    platforms: arrayOf(string()),
    status: enumOf(ELECTION_STATUSES),
    extensions: arrayOf(ElectionExtensionSchema, {
      description: 'Every move of the end, oldest first, with its reason.',
    }),
    createdAt: dateTime,
  }),
);

export const WarningViewSchema = named(
  'WarningView',
  object<WarningView>({
    id: uuid,
    electionId: uuid,
    title: string(),
    text: string(),
    severity: enumOf(WARNING_SEVERITIES),
    issuedBy: object<WarningView['issuedBy']>({ organisationId: uuid }),
    createdAt: dateTime,
    acknowledgements: arrayOf(
      object<WarningView['acknowledgements'][number]>({ organisationId: uuid, at: dateTime }),
    ),
    pending: arrayOf(uuid, { description: 'Receiving organisations that have not acknowledged yet.' }),
  }),
);

export const WarningListSchema = named(
  'WarningList',
  object<{ items: WarningView[] }>({ items: arrayOf(WarningViewSchema) }),
);
