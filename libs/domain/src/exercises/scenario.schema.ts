import {
  ANSWER_CHANNELS,
  CATEGORIES,
  CELL_STATUSES,
  CHANNELS,
  CONTENT_TYPES,
  HASH_ALGORITHMS,
  INCIDENT_LEVELS,
  ITEM_KINDS,
  ITEM_VISIBILITIES,
  LIMITS,
  ORGANISATION_KINDS,
  WARNING_SEVERITIES,
} from '@hub/contracts';
import { z } from 'zod';
import { durationProblem, parseDuration } from './duration';
import { INJECT_ACTIONS, SCENARIO_LIMITS, type InjectAction } from './scenario.model';
import type { FieldPath } from './scenario.source';

/**
 * The structure of a scenario file: one zod schema per field, grouped in the shape of each mapping
 * (the file, a cast member, an inject of each action, an item, an expectation). Each mapping is read
 * field by field (`readMapping`), so one wrong field does not hide the others: the rules between fields
 * and injects (scenario.cast.ts, scenario.injects.ts, scenario.timeline.ts) run on whatever was readable,
 * and every problem is reported at once with its path, which the parser turns into a line.
 */

export interface Problem {
  path: FieldPath;
  message: string;
}

const CAST_KEY = /^[a-z][a-z0-9_-]{0,31}$/;
const PLATFORM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SHARE_REF = /^[a-zA-Z0-9_-]{1,64}$/;
const COUNTRY = /^[A-Z]{2}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isCastKey = (key: string): boolean => CAST_KEY.test(key);

/** YAML's `key:` with no value is null: read like an absent key. */
const absentAsUndefined = (value: unknown): unknown => (value === null ? undefined : value);
const required = <S extends z.ZodType>(schema: S) => z.preprocess(absentAsUndefined, schema);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(absentAsUndefined, schema.optional());

/** Trimmed, non-empty text of at most `max` characters. */
const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

const choice = <T extends string>(choices: readonly T[]) =>
  z.enum(choices as [T, ...T[]], {
    error: (issue) =>
      issue.input === undefined
        ? `is required: one of ${choices.join(', ')}`
        : `must be one of ${choices.join(', ')}`,
  });

const pattern = (regex: RegExp, message: string) =>
  z.string({ error: message }).regex(regex, { error: message, abort: true });

const textList = (maxItems: number, maxLength: number) =>
  z
    .array(text(maxLength), { error: 'must be a list of texts' })
    // A refinement, not `.max()`: zod would also measure a string given instead of a list.
    .refine((list) => list.length <= maxItems, { error: `must list at most ${maxItems}` });

/** A duration text like 90s, 2m or 1h30m, in seconds; YAML and JSON read a bare `0` as a number, allowed. */
const duration = (isRequired: boolean) =>
  z.unknown().transform((raw, ctx): number | undefined => {
    if (raw === undefined || raw === null) {
      if (isRequired)
        ctx.addIssue({ code: 'custom', message: 'is required: a duration like 90s, 2m or 1h30m' });
      return undefined;
    }
    if (raw === 0) return 0;
    const problem =
      typeof raw === 'number'
        ? `${raw} has no unit: write a duration like 90s, 2m or 1h30m`
        : durationProblem(raw);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return parseDuration(raw as string);
  });

/** Any value, as long as there is one. */
const present = (message: string) =>
  z.unknown().refine((raw) => raw !== undefined && raw !== null, { error: message });

/** A key of `organisations`; whether the cast has it is a rule of the cast (`ScenarioCast.member`). */
const castRef = present('is required: a key of organisations');

/** Read by a rule that needs more than the field (the cast, the item's kind): anything passes here. */
const later = z.unknown();

const hostnames = z
  .array(
    z
      .string({ error: 'must be a hostname like videoshare.example' })
      .trim()
      .toLowerCase()
      .regex(HOSTNAME, { error: 'must be a hostname like videoshare.example' }),
    { error: 'must be a list of hostnames' },
  )
  .refine((hosts) => hosts.length <= SCENARIO_LIMITS.domains, {
    error: `must list at most ${SCENARIO_LIMITS.domains} domains`,
  })
  .transform((hosts) => [...new Set(hosts)]);

export const SCENARIO_SHAPE = {
  name: required(text(LIMITS.name)),
  description: optional(text(SCENARIO_LIMITS.description)),
  category: required(choice(CATEGORIES)),
  level: required(choice(INCIDENT_LEVELS)),
  organisations: later,
  injects: later,
  expectations: later,
};

export const CAST_MEMBER_SHAPE = {
  kind: required(choice(ORGANISATION_KINDS)),
  name: optional(text(LIMITS.name)),
  country: optional(pattern(COUNTRY, 'must be an ISO 3166 alpha-2 code like BE')),
  platformKey: optional(pattern(PLATFORM_KEY, 'must be 1 to 64 of a-z, 0-9, _ and -')),
  domains: optional(hostnames),
};

export const INJECT_SHAPE = {
  at: duration(true),
  by: castRef,
  do: required(choice(INJECT_ACTIONS)),
};

/** The fields each action adds to `at`, `by` and `do`. */
export const INJECT_BODY_SHAPES = {
  activate: {
    title: required(text(LIMITS.title)),
    summary: optional(text(LIMITS.summary)),
    rationale: optional(text(LIMITS.rationale)),
    criteria: optional(textList(LIMITS.criteria, LIMITS.criterion)),
  },
  share: {
    as: optional(pattern(SHARE_REF, 'must be 1 to 64 of a-z, A-Z, 0-9, _ and -')),
    item: later,
  },
  contain: {
    item: required(text(64)),
    platform: later,
    status: required(choice(CELL_STATUSES)),
    reason: optional(text(LIMITS.reason)),
    // An answer given outside the hub (by phone, in a meeting, by e-mail or letter), recorded by a coordinator.
    via: optional(choice(ANSWER_CHANNELS)),
    reportedBy: optional(text(200)),
  },
  post: { text: required(text(LIMITS.text)) },
  warn: {
    title: required(text(200)),
    text: required(text(5_000)),
    severity: optional(choice(WARNING_SEVERITIES)),
  },
  level: { level: required(choice(INCIDENT_LEVELS)) },
  stand_down: { rationale: optional(text(LIMITS.rationale)) },
  close: { summary: required(text(LIMITS.summary)) },
} satisfies Record<InjectAction, z.ZodRawShape>;

export const ITEM_SHAPE = {
  kind: required(choice(ITEM_KINDS)),
  url: later,
  hash: later,
  account: later,
  channel: required(choice(CHANNELS)),
  legalReference: optional(text(LIMITS.legalReference)),
  platformKey: later,
  metadata: later,
  narrative: later,
  techniques: optional(textList(20, 16)),
  visibility: optional(choice(ITEM_VISIBILITIES)),
};

/** A claim or trend rather than one URL (`kind: narrative`). */
export const NARRATIVE_SHAPE = {
  title: required(text(300)),
  description: optional(text(5_000)),
  keywords: optional(textList(50, 100)),
  languages: optional(textList(24, 8)),
  examples: optional(textList(50, LIMITS.url)),
};

export const URL_SHAPE = { url: required(text(LIMITS.url)) };

export const HASH_SHAPE = {
  algorithm: required(choice(HASH_ALGORITHMS)),
  value: required(text(LIMITS.opaqueHash)),
  quality: optional(z.number({ error: 'must be an integer from 0 to 100' })),
};

export const ACCOUNT_SHAPE = {
  platformKey: present('is required'),
  handle: required(text(LIMITS.handle)),
};

export const METADATA_SHAPE = {
  contentType: optional(choice(CONTENT_TYPES)),
  language: optional(pattern(LANGUAGE, 'must be a language tag like en or pt-BR')),
  firstSeenAt: optional(
    pattern(ISO_DATE_TIME, 'must be an ISO 8601 date and time').refine((t) => !Number.isNaN(Date.parse(t)), {
      error: 'must be an ISO 8601 date and time',
    }),
  ),
  label: optional(text(LIMITS.metadataValue)),
  notes: optional(text(LIMITS.metadataValue)),
  uploaderHandle: optional(text(LIMITS.handle)),
};

export const EXPECTATION_SHAPE = {
  platform: castRef,
  acknowledgeWithin: duration(false),
  actWithin: duration(false),
};

export type Fields = Record<string, unknown>;

export const isMapping = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** YAML's `key:` with no value is null: treated like an absent key. */
export const absent = (value: unknown): value is null | undefined => value === undefined || value === null;

type Read<S extends z.ZodRawShape> = { -readonly [K in keyof S]?: z.output<S[K]> };

/**
 * Reads one mapping against its shape, field by field: each field that passes its schema is in the
 * answer, each that does not adds its problems (at its path) to `problems`. Unknown keys are reported
 * first, each at its own path, against `allowed` (the shape's keys unless given).
 */
export function readMapping<S extends z.ZodRawShape>(
  value: Fields,
  path: FieldPath,
  shape: S,
  problems: Problem[],
  allowed: readonly string[] = Object.keys(shape),
): Read<S> {
  reportUnknownKeys(value, path, allowed, problems);
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const result = (schema as z.ZodType).safeParse(value[key]);
    if (result.success) {
      if (result.data !== undefined) out[key] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const inner = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push({ path: [...path, key, ...inner], message: issue.message });
    }
  }
  return out as Read<S>;
}

/** Each key of `value` not in `allowed`, at its own path. */
export function reportUnknownKeys(
  value: Fields,
  path: FieldPath,
  allowed: readonly string[],
  problems: Problem[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.push({
        path: [...path, key],
        message: `unknown field; expected one of ${allowed.join(', ')}`,
      });
    }
  }
}
