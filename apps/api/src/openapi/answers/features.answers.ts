import {
  BANK_ALGORITHMS,
  BANK_VISIBILITIES,
  CATEGORIES,
  EXCHANGE_FORMATS,
  EXERCISE_STATUSES,
  INCIDENT_LEVELS,
  type AddSignalsAnswer,
  type BankHitView,
  type BankImportAnswer,
  type BankImportRejection,
  type BankImportView,
  type BankSignalView,
  type BankView,
  type ExerciseRunView,
  type ExerciseScoreView,
  type ExpectationResultView,
  type ScenarioView,
} from '@hub/contracts';
import type { ImportAnswer, StatementDraft, StatementsPage } from '@hub/domain';
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
  optional,
  recordOf,
  string,
  uuid,
} from './answer-schema';
import { ImportResultEntrySchema } from './incidents.answers';

const rejection = object<BankImportRejection>({
  line: optional(integer()),
  at: optional(string()),
  message: string(),
});

const bankImport = object<BankImportView>({
  id: uuid,
  state: enumOf(['running', 'completed', 'failed']),
  format: string(),
  linesRead: integer(),
  added: integer(),
  duplicates: integer(),
  rejectedCount: integer(),
  rejected: arrayOf(rejection),
  error: optional(string()),
  startedAt: dateTime,
  finishedAt: optional(dateTime),
});

export const BankViewSchema = named(
  'BankView',
  object<BankView>({
    id: uuid,
    name: string(),
    description: optional(string()),
    visibility: enumOf(BANK_VISIBILITIES),
    organisationId: uuid,
    signalCount: integer(),
    createdAt: dateTime,
    latestImport: optional(bankImport),
  }),
);

export const BankSignalViewSchema = named(
  'BankSignalView',
  object<BankSignalView>({
    id: uuid,
    bankId: uuid,
    algorithm: enumOf(BANK_ALGORITHMS),
    value: string(),
    quality: optional(integer()),
    matchable: boolean,
    label: optional(string()),
    sourceRef: optional(string()),
    addedBy: object<BankSignalView['addedBy']>({
      memberId: nullable(uuid),
      organisationId: nullable(uuid),
    }),
    createdAt: dateTime,
    removedAt: optional(dateTime),
  }),
);

export const AddSignalsAnswerSchema = named(
  'AddSignalsAnswer',
  object<AddSignalsAnswer>({
    added: integer(),
    duplicates: integer(),
    rejected: arrayOf(object<AddSignalsAnswer['rejected'][number]>({ index: integer(), message: string() })),
  }),
);

export const BankImportAnswerSchema = named(
  'BankImportAnswer',
  object<BankImportAnswer>({
    importId: uuid,
    linesRead: integer(),
    added: integer(),
    duplicates: integer(),
    rejectedCount: integer(),
    rejected: arrayOf(rejection),
  }),
);

export const BankHitViewSchema = named(
  'BankHitView',
  object<BankHitView>({
    incidentId: uuid,
    incidentRef: string(),
    incidentTitle: string(),
    itemId: uuid,
    signalId: uuid,
    algorithm: enumOf(BANK_ALGORITHMS),
    distance: integer(),
    label: optional(string()),
    sourceRef: optional(string()),
    at: dateTime,
  }),
);

export const ScenarioViewSchema = named(
  'ScenarioView',
  object<ScenarioView>({
    id: uuid,
    name: string(),
    category: enumOf(CATEGORIES),
    level: enumOf(INCIDENT_LEVELS),
    injects: integer(),
    expectations: integer(),
    createdAt: dateTime,
  }),
);

export const ExerciseRunViewSchema = named(
  'ExerciseRunView',
  object<ExerciseRunView>({
    id: uuid,
    scenarioId: uuid,
    incidentId: nullable(uuid),
    status: enumOf(EXERCISE_STATUSES),
    speed: number,
    clock: object<ExerciseRunView['clock']>({ scenarioSeconds: number, paused: boolean }),
    injects: object<ExerciseRunView['injects']>({ total: integer(), fired: integer() }),
    score: object<ExerciseScoreView>({
      overall: number,
      expectations: arrayOf(
        object<ExpectationResultView>({
          platformKey: string(),
          kind: enumOf(['acknowledge', 'act']),
          withinMinutes: number,
          actualMinutes: nullable(number),
          met: boolean,
        }),
      ),
      provisional: boolean,
    }),
    cast: recordOf(
      object<ExerciseRunView['cast'][string]>({
        organisationId: uuid,
        platformKey: optional(string()),
        simulated: boolean,
      }),
    ),
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
);

export const ImportAnswerSchema = named(
  'ImportAnswer',
  object<ImportAnswer>({
    format: enumOf(EXCHANGE_FORMATS),
    results: arrayOf(ImportResultEntrySchema),
    skipped: integer(),
    unreadable: arrayOf(object<ImportAnswer['unreadable'][number]>({ at: string(), reason: string() })),
    unreadableCount: integer(),
  }),
);

export const StatementsPageSchema = named(
  'StatementsPage',
  object<StatementsPage>({
    schema: string(),
    platformKey: string(),
    statements: arrayOf(
      object<StatementDraft>({
        itemId: uuid,
        platformKey: string(),
        statement: recordOf({}),
        complete: boolean,
        missing: arrayOf(string()),
        authorityOrder: boolean,
        exercise: boolean,
      }),
    ),
    next: optional(uuid),
  }),
);

export const HealthSchema = named(
  'Health',
  object<{ status: string; info?: unknown; error?: unknown; details?: unknown }>({
    status: string(),
    info: optional(recordOf({})),
    error: optional(recordOf({})),
    details: optional(recordOf({})),
  }),
);
