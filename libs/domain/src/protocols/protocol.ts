import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CATEGORIES,
  CHANNELS,
  INCIDENT_LEVELS,
  LIMITS,
  type Category,
  type Channel,
  type IncidentLevel,
} from '@hub/contracts';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { DomainError, ERROR_CODES, invalid, type ErrorDetail } from '../core/errors';
import type { EscalationLadder, EscalationLadders } from '../escalation/ladder';
import { lineOfPath } from '../yaml/yaml-lines';

export interface ProtocolLevel {
  readonly description: string;
}

export interface ProtocolCriterion {
  readonly key: string;
  readonly text: string;
}

/** Minutes from the moment a cell is created; null means no deadline. */
export interface LevelDeadlines {
  readonly acknowledgeMinutes: number | null;
  readonly act: Readonly<Record<Channel, number | null>>;
}

/** A crisis protocol: who it is for, how severe it can get, when to activate it and how fast to answer. */
export interface Protocol {
  readonly key: string;
  readonly name: string;
  readonly categories: readonly Category[];
  readonly levels: Readonly<Record<IncidentLevel, ProtocolLevel>>;
  readonly criteria: readonly ProtocolCriterion[];
  readonly deadlines: Readonly<Record<IncidentLevel, LevelDeadlines>>;
  /** Who is e-mailed at each step, per level (optional; the default ladder otherwise). */
  readonly escalation?: EscalationLadders;
}

export interface Deadlines {
  ackDueAt?: Date;
  actionDueAt?: Date;
}

const PROTOCOL_KEY = /^[a-z0-9_-]{1,64}$/;
const CRITERION_KEY = /^[a-z0-9_]{1,64}$/;
const MAX_MINUTES = 7 * 24 * 60;

const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max);
const minutes = z
  .number({
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number of minutes or null'),
  })
  // Fractions allowed down to 3 seconds, for drills and tests that cannot wait a minute.
  .min(0.05, { error: 'must be at least 0.05 minutes (or null for no deadline)' })
  .max(MAX_MINUTES, { error: `must be at most ${MAX_MINUTES} minutes (7 days)` })
  .nullable();

/** Contact tiers reached at one step of an escalation ladder (none: nobody is e-mailed at that step). */
const tiers = z
  .array(z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'must be a tier: 1, 2 or 3' }))
  .max(3)
  .refine((ts) => new Set(ts).size === ts.length, { error: 'must not repeat a tier' });

/**
 * One step of a ladder: its tiers, or `{ tiers, notifyCoordinator }` to say whether the incident's
 * coordinator is e-mailed at that step too (by default only when the action is overdue at crisis level).
 */
const step = z.union([
  tiers,
  z.strictObject({ tiers, notifyCoordinator: z.boolean({ error: 'must be true or false' }).optional() }),
]);

/** A ladder as written, normalised: tier lists per step, and the steps that say whether to tell the coordinator. */
const ladder = z
  .strictObject({ share: step, ackOverdue: step, actOverdue: step })
  .transform((l): EscalationLadder => {
    const steps = ['share', 'ackOverdue', 'actOverdue'] as const;
    const tiersOf = (s: z.infer<typeof step>) => (Array.isArray(s) ? s : s.tiers);
    const coordinator = Object.fromEntries(
      steps.flatMap((k) => {
        const s = l[k];
        return !Array.isArray(s) && s.notifyCoordinator !== undefined ? [[k, s.notifyCoordinator]] : [];
      }),
    );
    return {
      share: tiersOf(l.share),
      ackOverdue: tiersOf(l.ackOverdue),
      actOverdue: tiersOf(l.actOverdue),
      ...(Object.keys(coordinator).length > 0 ? { coordinator } : {}),
    };
  });

/** One entry per value of `keys`, every one required, nothing else allowed. */
function exhaustive<K extends string, S extends z.ZodType>(keys: readonly K[], schema: S) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, schema])) as Record<K, S>);
}

const protocolSchema = z.strictObject({
  key: z.string().regex(PROTOCOL_KEY, { error: 'must be 1 to 64 of a-z, 0-9, _ and -' }),
  name: text(LIMITS.name),
  categories: z
    .array(z.enum(CATEGORIES))
    .min(1, { error: 'must name at least one category' })
    .refine((cs) => new Set(cs).size === cs.length, { error: 'must not repeat a category' }),
  levels: exhaustive(INCIDENT_LEVELS, z.strictObject({ description: text(LIMITS.rationale) })),
  criteria: z
    .array(
      z.strictObject({
        key: z.string().regex(CRITERION_KEY, { error: 'must be 1 to 64 of a-z, 0-9 and _' }),
        text: text(LIMITS.criterion),
      }),
    )
    .min(1, { error: 'must list at least one activation criterion' })
    .max(LIMITS.criteria)
    .refine((cs) => new Set(cs.map((c) => c.key)).size === cs.length, {
      error: 'must not repeat a criterion key',
    }),
  deadlines: exhaustive(
    INCIDENT_LEVELS,
    z.strictObject({ acknowledgeMinutes: minutes, act: exhaustive(CHANNELS, minutes) }),
  ),
  escalation: z.partialRecord(z.enum(INCIDENT_LEVELS), ladder).optional(),
});

const fileSchema = z
  .strictObject({ protocols: z.array(protocolSchema).min(1, { error: 'must list at least one protocol' }) })
  .superRefine((file, ctx) => {
    for (const problem of crossCheck(file.protocols)) ctx.addIssue({ code: 'custom', ...problem });
  });

interface Problem {
  path: (string | number)[];
  message: string;
}

/** What a set needs beyond each protocol being valid: unique keys, and exactly one protocol per category. */
function crossCheck(protocols: readonly Protocol[]): Problem[] {
  const problems: Problem[] = [];
  const keys = new Map<string, number>();
  const owners = new Map<Category, string>();
  protocols.forEach((protocol, i) => {
    const first = keys.get(protocol.key);
    if (first !== undefined) {
      problems.push({ path: ['protocols', i, 'key'], message: `repeats the key of protocols[${first}]` });
    } else {
      keys.set(protocol.key, i);
    }
    protocol.categories.forEach((category, j) => {
      const owner = owners.get(category);
      if (owner !== undefined) {
        problems.push({
          path: ['protocols', i, 'categories', j],
          message: `${category} is already covered by protocol ${owner}`,
        });
      } else {
        owners.set(category, protocol.key);
      }
    });
  });
  for (const category of CATEGORIES) {
    if (!owners.has(category))
      problems.push({ path: ['protocols'], message: `no protocol covers ${category}` });
  }
  return problems;
}

export class ProtocolSet {
  private readonly byKey = new Map<string, Protocol>();
  private readonly byCategory = new Map<Category, Protocol>();

  constructor(private readonly protocols: readonly Protocol[]) {
    const problems = crossCheck(protocols);
    if (problems.length > 0) {
      throw new DomainError(
        ERROR_CODES.VALIDATION_FAILED,
        `invalid protocol set: ${problems.map((p) => p.message).join('; ')}`,
        problems.map((p) => ({ field: formatPath(p.path), message: p.message })),
      );
    }
    for (const protocol of protocols) {
      this.byKey.set(protocol.key, protocol);
      for (const category of protocol.categories) this.byCategory.set(category, protocol);
    }
  }

  forCategory(category: Category): Protocol {
    const protocol = this.byCategory.get(category);
    // Unreachable for a constructed set (every category is covered); kept for callers passing unchecked input.
    if (!protocol) throw invalid('category', `no protocol covers ${category}`);
    return protocol;
  }

  get(key: string): Protocol {
    const protocol = this.byKey.get(key);
    if (!protocol) throw invalid('protocol', `no protocol with key ${key}`);
    return protocol;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  list(): readonly Protocol[] {
    return this.protocols;
  }
}

/**
 * Parses and validates a protocol file. Errors are VALIDATION_FAILED and name the source, the protocol,
 * the path of the faulty field and its line.
 */
export function loadProtocols(yamlText: string, source: string): ProtocolSet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, message: e.message }));
    throw new DomainError(
      ERROR_CODES.VALIDATION_FAILED,
      `${source}: not valid YAML: ${details.map((d) => `line ${d.line}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new DomainError(
      ERROR_CODES.VALIDATION_FAILED,
      `${source}: the file is empty; it must list protocols`,
      [{ field: 'protocols', message: 'the file is empty; it must list protocols' }],
    );
  }
  const result = fileSchema.safeParse(raw, {
    error: (issue) =>
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
  });
  if (!result.success) {
    const details = result.error.issues.map((issue) => describeIssue(issue, raw, doc, lineCounter));
    throw new DomainError(
      ERROR_CODES.VALIDATION_FAILED,
      `${source}: ${details.map((d) => d.message).join('; ')}`,
      details.map(({ field, line, message }) => ({ field, line, message })),
    );
  }
  return new ProtocolSet(deepFreeze(result.data.protocols));
}

export function loadProtocolsFile(path: string = defaultProtocolsPath()): ProtocolSet {
  return loadProtocols(readFileSync(path, 'utf8'), path);
}

/**
 * The built-in `config/protocols.yaml` at the repository root, found by walking up from this file, so it
 * resolves both from `libs/domain/src/protocols` (ts, jest) and `dist/libs/domain/src/protocols` (built).
 */
export function defaultProtocolsPath(startDir: string = __dirname): string {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, 'config', 'protocols.yaml');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `config/protocols.yaml not found in any folder above ${startDir}; set HUB_PROTOCOL_FILE`,
      );
    }
    dir = parent;
  }
}

/** When each obligation of a new cell falls due; a null deadline in the protocol gives no date. */
export function computeDeadlines(
  protocol: Protocol,
  level: IncidentLevel,
  channel: Channel,
  from: Date,
  /** Scenario seconds per wall second: an exercise replayed at 600× owes 15 minutes in 1.5 seconds. */
  speed = 1,
): Deadlines {
  const { acknowledgeMinutes, act } = protocol.deadlines[level];
  const deadlines: Deadlines = {};
  if (acknowledgeMinutes !== null) deadlines.ackDueAt = addMinutes(from, acknowledgeMinutes / speed);
  if (act[channel] !== null) deadlines.actionDueAt = addMinutes(from, act[channel] / speed);
  return deadlines;
}

const addMinutes = (from: Date, minutes: number): Date => new Date(from.getTime() + minutes * 60_000);

function describeIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  doc: Document,
  lineCounter: LineCounter,
): Required<Pick<ErrorDetail, 'field' | 'message'>> & ErrorDetail {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // An unknown key is reported on its parent; point at the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) path.push(issue.keys[0]);
  const field = formatPath(path);
  const line = lineOfPath(doc, lineCounter, path);
  const where = line === undefined ? '' : ` (line ${line})`;
  let subject = field || 'the file';
  if (path[0] === 'protocols' && typeof path[1] === 'number') {
    const key = protocolKeyAt(raw, path[1]);
    const rest = formatPath(path.slice(2));
    const name = key === undefined ? `protocols[${path[1]}]` : `protocol ${key}`;
    subject = rest ? `${name}: ${rest}` : name;
  }
  return { field, line, message: `${subject}${where}: ${issue.message}` };
}

function protocolKeyAt(raw: unknown, index: number): string | undefined {
  const protocols = (raw as { protocols?: unknown } | null)?.protocols;
  if (!Array.isArray(protocols)) return undefined;
  const key = (protocols[index] as { key?: unknown } | null)?.key;
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p),
    '',
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
