import {
  BULLETIN_FORMATS,
  CATEGORIES,
  CELL_STATUSES,
  type BulletinView,
  type CountView,
  type PlatformResponseTimesView,
  type PublicAccountGroupView,
  type PublicAccountView,
  type ResponseTimesView,
} from '@hub/contracts';
import type { Category } from '@hub/contracts';
import {
  arrayOf,
  dateTime,
  enumOf,
  integer,
  named,
  nullable,
  number,
  object,
  string,
  uuid,
} from './answer-schema';

const minutes = (what: string) => ({ ...nullable(number), description: `${what}, in minutes; null: none` });

export const PlatformResponseTimesSchema = named(
  'PlatformResponseTimes',
  object<PlatformResponseTimesView>(
    {
      platformKey: string(),
      cells: integer({ minimum: 0 }),
      replied: integer({ minimum: 0, description: 'Cells acknowledged or acted on' }),
      medianFirstReplyMinutes: minutes('Median time from a cell’s creation to its first answer'),
      p90FirstReplyMinutes: minutes('90th percentile (nearest rank) of the time to the first answer'),
      medianOutcomeMinutes: minutes('Median time from a cell’s creation to its outcome'),
      p90OutcomeMinutes: minutes('90th percentile (nearest rank) of the time to the outcome'),
      outcomes: {
        type: 'object',
        description: 'Cells by current status',
        propertyNames: enumOf(CELL_STATUSES),
        additionalProperties: integer({ minimum: 1 }),
      },
      overdue: integer({ minimum: 0, description: 'Cells that missed a deadline' }),
    },
    'One platform’s answers over the cells counted.',
  ),
);

export const ResponseTimesSchema = named(
  'ResponseTimes',
  object<ResponseTimesView>({ platforms: arrayOf(PlatformResponseTimesSchema) }),
);

const count = object<CountView>({ key: string(), count: integer({ minimum: 0 }) });

export const BulletinSchema = named(
  'Bulletin',
  object<BulletinView>(
    {
      election: object<BulletinView['election']>({ id: uuid, name: string() }),
      date: string({ format: 'date' }),
      generatedAt: dateTime,
      incidents: object<BulletinView['incidents']>({
        declared: integer({ minimum: 0 }),
        withFlags: integer({ minimum: 0 }),
      }),
      flags: object<BulletinView['flags']>({
        total: integer({ minimum: 0 }),
        byKind: arrayOf(count),
        byTechnique: arrayOf(count),
      }),
      platforms: arrayOf(PlatformResponseTimesSchema),
      warnings: object<BulletinView['warnings']>({
        total: integer({ minimum: 0 }),
        bySeverity: arrayOf(count),
      }),
    },
    'The day’s bulletin of an election: counts and times only.',
  ),
);

/** The bulletin's answer: JSON by its schema, Markdown and HTML as text. */
export const BULLETIN_ANSWER = {
  description: `The bulletin in the format asked (${BULLETIN_FORMATS.join(', ')}).`,
  content: {
    'application/json': { schema: BulletinSchema },
    'text/markdown': { schema: { type: 'string' } },
    'text/html': { schema: { type: 'string' } },
  },
};

const group = {
  incidents: integer({ minimum: 0 }),
  cells: integer({ minimum: 0 }),
  replied: integer({ minimum: 0 }),
  medianFirstReplyMinutes: minutes('Median time to the first answer'),
  p90FirstReplyMinutes: minutes('90th percentile of the time to the first answer'),
};

export const PublicAccountSchema = named(
  'PublicAccount',
  object<PublicAccountView>(
    {
      generatedAt: dateTime,
      closedBefore: dateTime,
      delayDays: integer({ minimum: 1 }),
      incidents: integer({ minimum: 0 }),
      platforms: arrayOf(PlatformResponseTimesSchema),
      categories: arrayOf(
        object<PublicAccountGroupView & { category: Category }>({ category: enumOf(CATEGORIES), ...group }),
      ),
      elections: arrayOf(object<PublicAccountGroupView & { name: string }>({ name: string(), ...group })),
    },
    'Aggregates of closed live incidents closed more than the delay ago; no personal data.',
  ),
);
