import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { DomainError, ERROR_CODES } from '../core/errors';
import { lineOfPath } from '../yaml/yaml-lines';
import { templateParts, UrlRules, type UrlPlatformConfig, type UrlRulesConfig } from './url.rules';

const PLATFORM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const PART_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_PLATFORMS = 500;
const MAX_LIST = 50;

const host = z.string().regex(HOST, { error: 'must be a lower-case host name like videoshare.example' });
const hosts = z.array(host).min(1, { error: 'must list at least one host' }).max(MAX_LIST);

const pattern = z
  .string()
  .min(1)
  .max(200)
  .superRefine((source, ctx) => {
    let compiled: RegExp;
    try {
      compiled = new RegExp(`^(?:${source})$`);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid regular expression' });
      return;
    }
    if (compiled.test('')) ctx.addIssue({ code: 'custom', message: 'must not match an empty string' });
    if (compiled.test('/')) ctx.addIssue({ code: 'custom', message: 'must not match a slash' });
  });

const shape = z.strictObject({
  hosts: hosts.optional(),
  path: z
    .string()
    .max(200)
    .regex(/^\//, { error: 'must start with /' })
    .refine((p) => !p.slice(0, -2).includes('**') && !/[^/]\*\*$/.test(p), {
      error: '** may only be the last segment',
    })
    .optional(),
  query: z.record(z.string().min(1).max(64), z.string().regex(PART_NAME)).optional(),
});

const platform = z
  .strictObject({
    key: z.string().regex(PLATFORM_KEY, { error: 'must be a platform key (a-z, 0-9, _ and -)' }),
    hosts,
    parts: z
      .record(z.string().regex(PART_NAME, { error: 'must be a part name like id' }), pattern)
      .refine((parts) => Object.keys(parts).length > 0, { error: 'must name at least one part' }),
    caseInsensitive: z.array(z.string()).max(MAX_LIST).optional(),
    shapes: z.array(shape).min(1, { error: 'must list at least one shape' }).max(MAX_LIST),
    shortLinks: z.array(shape).max(MAX_LIST).optional(),
  })
  .superRefine((p, ctx) => {
    for (const problem of checkPlatform(p)) ctx.addIssue({ code: 'custom', ...problem });
  });

const fileSchema = z
  .strictObject({
    hostPrefixes: z
      .array(z.string().regex(LABEL, { error: 'must be one host label like www' }))
      .max(MAX_LIST),
    platforms: z.array(platform).max(MAX_PLATFORMS),
  })
  .superRefine((file, ctx) => {
    for (const problem of crossCheck(file.platforms)) ctx.addIssue({ code: 'custom', ...problem });
  });

interface Problem {
  path: (string | number)[];
  message: string;
}

const within = (h: string, domains: readonly string[]): boolean =>
  domains.some((d) => h === d || h.endsWith(`.${d}`));

/** What one platform needs beyond its fields' types: shapes that only name its hosts and its parts. */
function checkPlatform(p: UrlPlatformConfig): Problem[] {
  const problems: Problem[] = [];
  const declared = new Set(Object.keys(p.parts));
  (p.caseInsensitive ?? []).forEach((name, i) => {
    if (!declared.has(name)) problems.push({ path: ['caseInsensitive', i], message: `no part ${name}` });
  });
  const check = (list: 'shapes' | 'shortLinks', i: number, s: (typeof p.shapes)[number]) => {
    (s.hosts ?? []).forEach((h, j) => {
      if (!within(h, p.hosts)) {
        problems.push({ path: [list, i, 'hosts', j], message: `${h} is not one of the platform's hosts` });
      }
    });
    const named = s.path === undefined ? [] : templateParts(s.path);
    for (const name of named) {
      if (!declared.has(name)) problems.push({ path: [list, i, 'path'], message: `no part ${name}` });
    }
    if (new Set(named).size !== named.length) {
      problems.push({ path: [list, i, 'path'], message: 'must not name a part twice' });
    }
    Object.entries(s.query ?? {}).forEach(([param, name]) => {
      if (!declared.has(name)) problems.push({ path: [list, i, 'query', param], message: `no part ${name}` });
      if (named.includes(name)) {
        problems.push({ path: [list, i, 'query', param], message: `${name} is already in the path` });
      }
    });
    if (list === 'shapes' && named.length === 0 && Object.keys(s.query ?? {}).length === 0) {
      problems.push({ path: [list, i], message: 'must capture a part in its path or query' });
    }
    if (list === 'shortLinks' && s.hosts === undefined && s.path === undefined) {
      problems.push({ path: [list, i], message: 'must name hosts or a path' });
    }
  };
  p.shapes.forEach((s, i) => check('shapes', i, s));
  (p.shortLinks ?? []).forEach((s, i) => check('shortLinks', i, s));
  return problems;
}

/** Keys are unique and a host belongs to one platform only, or the same URL would have two identities. */
function crossCheck(platforms: readonly UrlPlatformConfig[]): Problem[] {
  const problems: Problem[] = [];
  const keys = new Map<string, number>();
  const owners = new Map<string, string>();
  platforms.forEach((p, i) => {
    const first = keys.get(p.key);
    if (first !== undefined) {
      problems.push({ path: ['platforms', i, 'key'], message: `repeats the key of platforms[${first}]` });
    } else keys.set(p.key, i);
    p.hosts.forEach((h, j) => {
      const owner = owners.get(h);
      if (owner !== undefined && owner !== p.key) {
        problems.push({ path: ['platforms', i, 'hosts', j], message: `${h} already belongs to ${owner}` });
      } else owners.set(h, p.key);
    });
  });
  return problems;
}

const fail = (message: string, details: { field?: string; line?: number; message: string }[]) =>
  new DomainError(ERROR_CODES.VALIDATION_FAILED, message, details);

/**
 * Parses and validates a URL rules file. Errors are VALIDATION_FAILED and name the source, the platform,
 * the path of the faulty field and its line.
 */
export function loadUrlRules(yamlText: string, source: string): UrlRules {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, message: e.message }));
    const text = details.map((d) => `line ${d.line}: ${d.message}`).join('; ');
    throw fail(`${source}: not valid YAML: ${text}`, details);
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    const message = 'the file is empty; it must list hostPrefixes and platforms';
    throw fail(`${source}: ${message}`, [{ field: 'platforms', message }]);
  }
  const result = fileSchema.safeParse(raw, {
    error: (issue) =>
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
  });
  if (!result.success) {
    const details = result.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) path.push(issue.keys[0]);
      const field = formatPath(path);
      const line = lineOfPath(doc, lineCounter, path);
      const where = line === undefined ? '' : ` (line ${line})`;
      return { field, line, message: `${subject(raw, path)}${where}: ${issue.message}` };
    });
    throw fail(`${source}: ${details.map((d) => d.message).join('; ')}`, details);
  }
  return new UrlRules(result.data as UrlRulesConfig);
}

export function loadUrlRulesFile(path: string = defaultUrlRulesPath()): UrlRules {
  return loadUrlRules(readFileSync(path, 'utf8'), path);
}

let builtIn: UrlRules | undefined;

/** The shipped rules, read once: for callers that are not given the configured ones. */
export function builtInUrlRules(): UrlRules {
  builtIn ??= loadUrlRulesFile();
  return builtIn;
}

/** The built-in `config/url-rules.yaml`, found by walking up from this file (from ts and from dist). */
export function defaultUrlRulesPath(startDir: string = __dirname): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'config', 'url-rules.yaml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(
        `config/url-rules.yaml not found in any folder above ${startDir}; set HUB_URL_RULES_FILE`,
      );
    }
  }
}

/** `platform videoshare: shapes[2].path`, or the field path outside a platform. */
function subject(raw: unknown, path: readonly (string | number)[]): string {
  if (path[0] !== 'platforms' || typeof path[1] !== 'number') return formatPath(path) || 'the file';
  const entry = (raw as { platforms?: unknown[] }).platforms?.[path[1]] as { key?: unknown } | undefined;
  const name =
    typeof entry?.key === 'string' && entry.key ? `platform ${entry.key}` : `platforms[${path[1]}]`;
  const rest = formatPath(path.slice(2));
  return rest ? `${name}: ${rest}` : name;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p),
    '',
  );
}
