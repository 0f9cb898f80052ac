import {
  CATEGORIES,
  CELL_STATUSES,
  CHANNELS,
  CONTENT_TYPES,
  HASH_ALGORITHMS,
  INCIDENT_LEVELS,
  ITEM_KINDS,
  LIMITS,
  ORGANISATION_KINDS,
  type CellStatus,
  type IncidentStatus,
} from '@hub/contracts';
import { DomainError, ERROR_CODES, type ErrorDetail } from '../errors';
import { canPerform, canTransition, isOpenForWork } from '../incidents';
import { attributePlatform, canonicaliseUrl, parseHash } from '../items';
import { durationProblem, formatDuration, parseDuration } from './duration';
import type {
  CastKind,
  CastMember,
  Expectation,
  Inject,
  InjectAction,
  InjectBody,
  ItemMetadataSpec,
  Scenario,
  ShareItemSpec,
} from './scenario.model';
import { INJECT_ACTIONS, SCENARIO_LIMITS } from './scenario.model';
import { readScenarioSource, type FieldPath, type ScenarioContentType } from './scenario.source';

const CAST_KEY = /^[a-z][a-z0-9_-]{0,31}$/;
const PLATFORM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SHARE_REF = /^[a-zA-Z0-9_-]{1,64}$/;
const COUNTRY = /^[A-Z]{2}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const TOP_FIELDS = ['name', 'description', 'category', 'level', 'organisations', 'injects', 'expectations'];
const CAST_FIELDS = ['kind', 'name', 'country', 'platformKey', 'domains'];
const COMMON_INJECT_FIELDS = ['at', 'by', 'do'];
const INJECT_FIELDS: Record<InjectAction, string[]> = {
  activate: ['title', 'summary', 'rationale', 'criteria'],
  share: ['as', 'item'],
  contain: ['item', 'platform', 'status', 'reason'],
  post: ['text'],
  level: ['level'],
  stand_down: ['rationale'],
  close: ['summary'],
};
const ITEM_FIELDS = [
  'kind',
  'url',
  'hash',
  'account',
  'channel',
  'legalReference',
  'platformKey',
  'metadata',
];
const METADATA_FIELDS = ['contentType', 'language', 'firstSeenAt', 'label', 'notes', 'uploaderHandle'];
const EXPECTATION_FIELDS = ['platform', 'acknowledgeWithin', 'actWithin'];
const REASON_REQUIRED: readonly CellStatus[] = ['no_action', 'cannot_comply'];

/** Who may script each action, as in a live incident. */
const MAY_DO: Record<InjectAction, readonly CastKind[]> = {
  activate: ['coordinator', 'authority'],
  share: ['coordinator', 'authority', 'platform'],
  contain: ['coordinator', 'platform'],
  post: ['coordinator', 'authority', 'platform'],
  level: ['coordinator'],
  stand_down: ['coordinator'],
  close: ['coordinator'],
};

/** A file of 5000 broken injects gets the first problems, not a megabyte of them. */
const MAX_REPORTED = 100;

interface Problem {
  path: FieldPath;
  message: string;
}

/**
 * Parses and validates an exercise scenario (CONTRACT.md, "Exercise scenarios"). Every problem found is
 * reported at once, as VALIDATION_FAILED with details `{ field, line, message }` and a message listing
 * them as `line 12: injects[3].by: no cast member "fr"`.
 */
export function parseScenario(text: string, contentType: ScenarioContentType): Scenario {
  const source = readScenarioSource(text, contentType);
  const problems: Problem[] = [];
  const scenario = new ScenarioReader(problems, source.lineOf).read(source.raw);
  if (problems.length > 0 || scenario === undefined) {
    const details = problems
      .map((p, order) => ({ ...describe(p, source.lineOf(p.path)), order }))
      .sort((a, b) => a.line - b.line || a.order - b.order)
      .slice(0, MAX_REPORTED)
      .map(({ field, line, message }): ErrorDetail => (field ? { field, line, message } : { line, message }));
    const listed = details.map((d) =>
      d.field ? `line ${d.line}: ${d.field}: ${d.message}` : `line ${d.line}: ${d.message}`,
    );
    const more = problems.length - details.length;
    if (more > 0) listed.push(`and ${more} more problem${more === 1 ? '' : 's'}`);
    throw new DomainError(ERROR_CODES.VALIDATION_FAILED, listed.join('; '), details);
  }
  return scenario;
}

function describe(problem: Problem, line: number): { field: string; line: number; message: string } {
  return { field: formatPath(problem.path), line, message: problem.message };
}

function formatPath(path: FieldPath): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p),
    '',
  );
}

type Fields = Record<string, unknown>;

const article = (kind: string): string => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;

const isMapping = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** YAML's `key:` with no value is null: treated like an absent key. */
const absent = (value: unknown): value is null | undefined => value === undefined || value === null;

/** An inject as far as it could be read; cross-inject checks run on whatever is known. */
interface Draft {
  index: number;
  path: FieldPath;
  atSeconds?: number;
  by?: CastMember;
  do?: InjectAction;
  body?: InjectBody;
  /** A share's `as` and contain's `item`, kept even when another field of the inject is wrong. */
  ref?: string;
  /** The platform a contain records for, once known to be a platform of the cast. */
  platform?: CastMember;
  status?: CellStatus;
}

class ScenarioReader {
  private cast = new Map<string, CastMember>();
  /** Whether every cast member read cleanly; if not, checks that rely on its domains are skipped. */
  private castComplete = true;

  constructor(
    private readonly problems: Problem[],
    private readonly lineOf: (path: FieldPath) => number,
  ) {}

  read(raw: unknown): Scenario | undefined {
    if (!isMapping(raw)) {
      this.problems.push({
        path: [],
        message:
          raw === null || raw === undefined
            ? 'the scenario is empty; it needs name, category, level, organisations and injects'
            : 'the scenario must be a mapping of name, category, level, organisations, injects and expectations',
      });
      return undefined;
    }
    this.unknownKeys(raw, [], TOP_FIELDS);
    const name = this.text(raw, 'name', [], LIMITS.name, true);
    const description = this.text(raw, 'description', [], SCENARIO_LIMITS.description, false);
    const category = this.choice(raw, 'category', [], CATEGORIES, true);
    const level = this.choice(raw, 'level', [], INCIDENT_LEVELS, true);
    const organisations = this.readCast(raw.organisations);
    const injects = this.readInjects(raw.injects);
    const expectations = this.readExpectations(raw.expectations);
    if (this.problems.length > 0) return undefined;
    return {
      name: name!,
      ...(description !== undefined && { description }),
      category: category!,
      level: level!,
      organisations,
      injects,
      expectations,
    };
  }

  // ---- the cast

  private readCast(value: unknown): Record<string, CastMember> {
    const path = ['organisations'];
    const out: Record<string, CastMember> = {};
    if (absent(value)) {
      this.problem(path, 'is required: the cast of organisations, with at least one coordinator');
      return out;
    }
    if (!isMapping(value)) {
      this.problem(path, 'must be a mapping from cast keys to organisations');
      return out;
    }
    const before = this.problems.length;
    const entries = Object.entries(value);
    if (entries.length > SCENARIO_LIMITS.organisations) {
      this.problem(path, `must have at most ${SCENARIO_LIMITS.organisations} organisations`);
    }
    const platformKeys = new Map<string, string>();
    const domains = new Map<string, string>();
    for (const [key, spec] of entries) {
      const memberPath = [...path, key];
      if (!CAST_KEY.test(key)) {
        this.problem(memberPath, 'a cast key must be 1 to 32 of a-z, 0-9, _ and -, starting with a letter');
      }
      const member = this.readCastMember(key, spec, memberPath);
      if (!member) continue;
      if (member.platformKey !== undefined) {
        const other = platformKeys.get(member.platformKey);
        if (other !== undefined) {
          this.problem(
            [...memberPath, 'platformKey'],
            `"${member.platformKey}" is already the platform of "${other}"`,
          );
        } else {
          platformKeys.set(member.platformKey, key);
        }
      }
      member.domains.forEach((domain, i) => {
        const other = domains.get(domain);
        if (other !== undefined && other !== key) {
          this.problem([...memberPath, 'domains', i], `${domain} is already a domain of "${other}"`);
        } else {
          domains.set(domain, key);
        }
      });
      out[key] = member;
      this.cast.set(key, member);
    }
    this.castComplete = this.problems.length === before;
    if (![...this.cast.values()].some((m) => m.kind === 'coordinator')) {
      this.problem(path, 'must include at least one organisation of kind coordinator');
    }
    return out;
  }

  private readCastMember(key: string, spec: unknown, path: FieldPath): CastMember | undefined {
    if (!isMapping(spec)) {
      this.problem(path, 'must be a mapping like { kind: platform, platformKey: videoshare }');
      return undefined;
    }
    this.unknownKeys(spec, path, CAST_FIELDS);
    const kind = this.choice(spec, 'kind', path, ORGANISATION_KINDS, true);
    const name = this.text(spec, 'name', path, LIMITS.name, false);
    const country = this.pattern(spec, 'country', path, COUNTRY, 'must be an ISO 3166 alpha-2 code like BE');
    const platformKey = this.pattern(
      spec,
      'platformKey',
      path,
      PLATFORM_KEY,
      'must be 1 to 64 of a-z, 0-9, _ and -',
    );
    const domains = this.readDomains(spec.domains, [...path, 'domains']);
    if (kind === 'authority' && absent(spec.country))
      this.problem([...path, 'country'], 'is required for an authority');
    if (kind === 'platform' && absent(spec.platformKey)) {
      this.problem([...path, 'platformKey'], 'is required for a platform');
    }
    if (kind !== undefined && kind !== 'platform') {
      if (!absent(spec.platformKey))
        this.problem([...path, 'platformKey'], `only a platform has a platformKey, not ${article(kind)}`);
      if (!absent(spec.domains))
        this.problem([...path, 'domains'], `only a platform has domains, not ${article(kind)}`);
    }
    if (kind === undefined) return undefined;
    return {
      key,
      kind,
      name: name ?? key,
      ...(country !== undefined && { country }),
      ...(platformKey !== undefined && { platformKey }),
      domains,
    };
  }

  private readDomains(value: unknown, path: FieldPath): string[] {
    if (absent(value)) return [];
    if (!Array.isArray(value)) {
      this.problem(path, 'must be a list of hostnames');
      return [];
    }
    if (value.length > SCENARIO_LIMITS.domains)
      this.problem(path, `must list at most ${SCENARIO_LIMITS.domains} domains`);
    const out: string[] = [];
    value.forEach((domain, i) => {
      const host = typeof domain === 'string' ? domain.trim().toLowerCase() : undefined;
      if (host === undefined || !HOSTNAME.test(host)) {
        this.problem([...path, i], 'must be a hostname like videoshare.example');
      } else if (!out.includes(host)) {
        out.push(host);
      }
    });
    return out;
  }

  // ---- injects

  private readInjects(value: unknown): Inject[] {
    const path = ['injects'];
    if (absent(value)) {
      this.problem(path, 'is required: at least one inject, the first an activate');
      return [];
    }
    if (!Array.isArray(value)) {
      this.problem(path, 'must be a list of injects');
      return [];
    }
    if (value.length === 0) this.problem(path, 'must list at least one inject');
    if (value.length > SCENARIO_LIMITS.injects) {
      this.problem(path, `must list at most ${SCENARIO_LIMITS.injects} injects`);
      return [];
    }
    const drafts = value.map((spec, index) => this.readInject(spec, index, [...path, index]));
    this.checkUniqueRefs(drafts);
    this.checkTimeline(drafts);
    return drafts
      .filter((d): d is Draft & { body: InjectBody; atSeconds: number; by: CastMember } => !!d.body)
      .sort((a, b) => a.atSeconds - b.atSeconds || a.index - b.index)
      .map((d) => ({
        index: d.index,
        line: this.lineOf(d.path),
        atSeconds: d.atSeconds,
        by: d.by.key,
        ...d.body,
      }));
  }

  private readInject(spec: unknown, index: number, path: FieldPath): Draft {
    const draft: Draft = { index, path };
    if (!isMapping(spec)) {
      this.problem(path, 'must be a mapping like { at: 2m, by: coord, do: post, text: ... }');
      return draft;
    }
    const before = this.problems.length;
    draft.atSeconds = this.duration(spec, 'at', path, true);
    draft.by = this.castRef(spec, 'by', path);
    draft.do = this.choice(spec, 'do', path, INJECT_ACTIONS, true);
    if (draft.do === undefined) return draft;
    this.unknownKeys(spec, path, [...COMMON_INJECT_FIELDS, ...INJECT_FIELDS[draft.do]]);
    if (draft.by && !MAY_DO[draft.do].includes(draft.by.kind)) {
      this.problem(
        [...path, 'by'],
        `${article(draft.by.kind)} may not ${draft.do.replace('_', ' ')} ("${draft.by.key}")`,
      );
    }
    const body = this.readBody(draft, spec, path);
    if (body && this.problems.length === before) draft.body = body;
    return draft;
  }

  private readBody(draft: Draft, spec: Fields, path: FieldPath): InjectBody | undefined {
    switch (draft.do) {
      case 'activate': {
        const title = this.text(spec, 'title', path, LIMITS.title, true);
        const summary = this.text(spec, 'summary', path, LIMITS.summary, false);
        const rationale = this.text(spec, 'rationale', path, LIMITS.rationale, false);
        const criteria = this.textList(spec, 'criteria', path, LIMITS.criteria, LIMITS.criterion);
        return title === undefined
          ? undefined
          : {
              do: 'activate',
              title,
              ...(summary !== undefined && { summary }),
              ...(rationale !== undefined && { rationale }),
              ...(criteria !== undefined && { criteria }),
            };
      }
      case 'share': {
        const as = this.pattern(spec, 'as', path, SHARE_REF, 'must be 1 to 64 of a-z, A-Z, 0-9, _ and -');
        draft.ref = as;
        const item = this.readItem(spec.item, [...path, 'item'], draft.by);
        return item === undefined ? undefined : { do: 'share', ...(as !== undefined && { as }), item };
      }
      case 'contain': {
        const item = this.text(spec, 'item', path, 64, true);
        draft.ref = item;
        const platform = this.readContainPlatform(draft, spec, path);
        const status = this.choice(spec, 'status', path, CELL_STATUSES, true);
        const reason = this.text(spec, 'reason', path, LIMITS.reason, false);
        draft.status = status;
        if (status === 'pending') this.problem([...path, 'status'], 'a cell never goes back to pending');
        if (status !== undefined && REASON_REQUIRED.includes(status) && reason === undefined) {
          this.problem([...path, 'reason'], `is required for ${status}`);
        }
        return item === undefined || platform === undefined || status === undefined
          ? undefined
          : { do: 'contain', item, platform: platform.key, status, ...(reason !== undefined && { reason }) };
      }
      case 'post': {
        const text = this.text(spec, 'text', path, LIMITS.text, true);
        return text === undefined ? undefined : { do: 'post', text };
      }
      case 'level': {
        const level = this.choice(spec, 'level', path, INCIDENT_LEVELS, true);
        return level === undefined ? undefined : { do: 'level', level };
      }
      case 'stand_down': {
        const rationale = this.text(spec, 'rationale', path, LIMITS.rationale, false);
        return { do: 'stand_down', ...(rationale !== undefined && { rationale }) };
      }
      case 'close': {
        const summary = this.text(spec, 'summary', path, LIMITS.summary, true);
        return summary === undefined ? undefined : { do: 'close', summary };
      }
      default:
        return undefined;
    }
  }

  /** `platform:` names the cast platform whose cell changes; without it, `by` is that platform. */
  private readContainPlatform(draft: Draft, spec: Fields, path: FieldPath): CastMember | undefined {
    if (absent(spec.platform)) {
      if (draft.by && draft.by.kind !== 'platform') {
        // An authority or observer has already been told it may not record containment at all.
        if (draft.by.kind === 'coordinator') {
          this.problem(
            [...path, 'platform'],
            `is required when a coordinator records containment ("${draft.by.key}")`,
          );
        }
        return undefined;
      }
      draft.platform = draft.by;
      return draft.by;
    }
    const platform = this.castRef(spec, 'platform', path);
    if (!platform) return undefined;
    if (platform.kind !== 'platform') {
      this.problem([...path, 'platform'], `"${platform.key}" is ${article(platform.kind)}, not a platform`);
      return undefined;
    }
    if (draft.by && draft.by.key !== platform.key && draft.by.kind !== 'coordinator') {
      this.problem(
        [...path, 'by'],
        `only "${platform.key}" itself or a coordinator may record its containment`,
      );
    }
    draft.platform = platform;
    return platform;
  }

  private readItem(value: unknown, path: FieldPath, by: CastMember | undefined): ShareItemSpec | undefined {
    if (absent(value)) {
      this.problem(path, 'is required: { kind, channel, url | hash | account }');
      return undefined;
    }
    if (!isMapping(value)) {
      this.problem(path, 'must be a mapping like { kind: url, url: ..., channel: referral }');
      return undefined;
    }
    const before = this.problems.length;
    this.unknownKeys(value, path, ITEM_FIELDS);
    const kind = this.choice(value, 'kind', path, ITEM_KINDS, true);
    const channel = this.choice(value, 'channel', path, CHANNELS, true);
    const legalReference = this.text(value, 'legalReference', path, LIMITS.legalReference, false);
    const platformKey = this.castPlatformKey(value, 'platformKey', path);
    if (channel === 'removal_order') {
      if (legalReference === undefined && absent(value.legalReference)) {
        this.problem([...path, 'legalReference'], 'is required for a removal order');
      }
      if (by && by.kind !== 'authority') {
        this.problem(
          [...path, 'channel'],
          `only an authority may issue a removal order, not ${article(by.kind)} ("${by.key}")`,
        );
      }
    }
    for (const other of ITEM_KINDS) {
      if (kind !== undefined && other !== kind && !absent(value[other])) {
        this.problem([...path, other], `is only for an item of kind ${other}, this one is ${article(kind)}`);
      }
    }
    const item: ShareItemSpec = { kind: kind!, channel: channel! };
    if (kind === 'url') {
      const url = this.text(value, 'url', path, LIMITS.url, true);
      if (url !== undefined) {
        const problem = this.catchDomain(() => canonicaliseUrl(url));
        if (problem) this.problem([...path, 'url'], problem);
        item.url = url;
      }
    } else if (kind === 'hash') {
      const hash = this.readHash(value.hash, [...path, 'hash']);
      if (hash) item.hash = hash;
    } else if (kind === 'account') {
      const account = this.readAccount(value.account, [...path, 'account']);
      if (account) item.account = account;
    }
    if (legalReference !== undefined) item.legalReference = legalReference;
    if (platformKey !== undefined) item.platformKey = platformKey;
    const metadata = this.readMetadata(value.metadata, [...path, 'metadata']);
    if (metadata !== undefined) item.metadata = metadata;
    return this.problems.length === before ? item : undefined;
  }

  private readHash(value: unknown, path: FieldPath): ShareItemSpec['hash'] {
    if (absent(value)) {
      this.problem(path, 'is required for a hash item: { algorithm, value, quality? }');
      return undefined;
    }
    if (!isMapping(value)) {
      this.problem(path, 'must be a mapping like { algorithm: pdq, value: <64 hex digits>, quality: 90 }');
      return undefined;
    }
    this.unknownKeys(value, path, ['algorithm', 'value', 'quality']);
    const algorithm = this.choice(value, 'algorithm', path, HASH_ALGORITHMS, true);
    const digest = this.text(value, 'value', path, LIMITS.opaqueHash, true);
    const quality = value.quality;
    if (!absent(quality) && typeof quality !== 'number') {
      this.problem([...path, 'quality'], 'must be an integer from 0 to 100');
      return undefined;
    }
    if (algorithm === undefined || digest === undefined) return undefined;
    try {
      const parsed = parseHash({ algorithm, value: digest, quality: quality as number | null | undefined });
      return {
        algorithm: parsed.algorithm,
        value: parsed.value,
        ...(parsed.quality !== undefined && { quality: parsed.quality }),
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = error.details[0]?.field?.replace(/^hash\./, '') ?? 'value';
      this.problem([...path, field], error.details[0]?.message ?? error.message);
      return undefined;
    }
  }

  private readAccount(value: unknown, path: FieldPath): ShareItemSpec['account'] {
    if (absent(value)) {
      this.problem(path, 'is required for an account item: { platformKey, handle }');
      return undefined;
    }
    if (!isMapping(value)) {
      this.problem(path, 'must be a mapping like { platformKey: socialnet, handle: "@someone" }');
      return undefined;
    }
    this.unknownKeys(value, path, ['platformKey', 'handle']);
    if (absent(value.platformKey)) this.problem([...path, 'platformKey'], 'is required');
    const platformKey = this.castPlatformKey(value, 'platformKey', path);
    const handle = this.text(value, 'handle', path, LIMITS.handle, true);
    if (handle !== undefined && handle.replace(/^@/, '').trim() === '') {
      this.problem([...path, 'handle'], 'must not be empty');
      return undefined;
    }
    return platformKey === undefined || handle === undefined ? undefined : { platformKey, handle };
  }

  private readMetadata(value: unknown, path: FieldPath): ItemMetadataSpec | undefined {
    if (absent(value)) return undefined;
    if (!isMapping(value)) {
      this.problem(
        path,
        'must be a mapping of contentType, language, firstSeenAt, label, notes, uploaderHandle',
      );
      return undefined;
    }
    this.unknownKeys(value, path, METADATA_FIELDS);
    const contentType = this.choice(value, 'contentType', path, CONTENT_TYPES, false);
    const language = this.pattern(
      value,
      'language',
      path,
      LANGUAGE,
      'must be a language tag like en or pt-BR',
    );
    const firstSeenAt = this.pattern(
      value,
      'firstSeenAt',
      path,
      ISO_DATE_TIME,
      'must be an ISO 8601 date and time',
    );
    if (firstSeenAt !== undefined && Number.isNaN(Date.parse(firstSeenAt))) {
      this.problem([...path, 'firstSeenAt'], 'must be an ISO 8601 date and time');
    }
    const label = this.text(value, 'label', path, LIMITS.metadataValue, false);
    const notes = this.text(value, 'notes', path, LIMITS.metadataValue, false);
    const uploaderHandle = this.text(value, 'uploaderHandle', path, LIMITS.handle, false);
    const out: ItemMetadataSpec = {
      ...(contentType !== undefined && { contentType }),
      ...(language !== undefined && { language }),
      ...(firstSeenAt !== undefined && { firstSeenAt }),
      ...(label !== undefined && { label }),
      ...(notes !== undefined && { notes }),
      ...(uploaderHandle !== undefined && { uploaderHandle }),
    };
    return out;
  }

  /** Share refs name one share each. */
  private checkUniqueRefs(drafts: Draft[]): void {
    const seen = new Map<string, number>();
    for (const draft of drafts) {
      if (draft.do !== 'share' || draft.ref === undefined) continue;
      const first = seen.get(draft.ref);
      if (first !== undefined) {
        this.problem([...draft.path, 'as'], `"${draft.ref}" already names the share of injects[${first}]`);
      } else {
        seen.set(draft.ref, draft.index);
      }
    }
  }

  /**
   * What only the order in time shows: the incident is declared first, lifecycle steps happen in a state
   * that allows them, nothing is shared after close, a contain follows its share and moves its cell legally.
   */
  private checkTimeline(drafts: Draft[]): void {
    const timed = drafts
      .filter(
        (d): d is Draft & { atSeconds: number; do: InjectAction } =>
          d.atSeconds !== undefined && d.do !== undefined,
      )
      .sort((a, b) => a.atSeconds - b.atSeconds || a.index - b.index);
    const shares = new Map<string, Draft>();
    for (const d of drafts)
      if (d.do === 'share' && d.ref !== undefined && !shares.has(d.ref)) shares.set(d.ref, d);
    const shared = new Set<string>();
    const cells = new Map<string, CellStatus>();
    let status: IncidentStatus | null = null;
    for (const draft of timed) {
      const at = formatDuration(draft.atSeconds);
      if (status === null) {
        // An activate by someone else than a coordinator or authority is already refused on its `by`.
        if (draft.do === 'activate') {
          status = draft.by?.kind === 'authority' ? 'assessing' : 'active';
          continue;
        }
        this.problem(
          [...draft.path, 'do'],
          `the first inject in time (at ${at}) must be an activate by a coordinator or an authority: a scenario declares its incident first`,
        );
        // Carry on as if notified, so one missing declaration is one problem (a later activate is fine).
        status = 'assessing';
      }
      status = this.step(draft, status);
      if (draft.do === 'share' && draft.ref !== undefined) shared.add(draft.ref);
      if (draft.do === 'contain' && draft.ref !== undefined) this.checkContain(draft, shares, shared, cells);
    }
  }

  /** One inject after the declaration: the incident status it leaves behind. */
  private step(
    draft: Draft & { do: InjectAction; atSeconds: number },
    status: IncidentStatus,
  ): IncidentStatus {
    const at = formatDuration(draft.atSeconds);
    switch (draft.do) {
      case 'activate':
        if (draft.by?.kind === 'coordinator' && canPerform(status, 'activate')) return 'active';
        if (draft.by?.kind === 'coordinator' || draft.by?.kind === 'authority') {
          this.problem(
            [...draft.path, 'do'],
            `at ${at} the incident is already ${status}: it cannot be activated again`,
          );
        }
        return status;
      case 'level':
      case 'stand_down':
      case 'close': {
        if (canPerform(status, draft.do))
          return draft.do === 'level' ? status : draft.do === 'close' ? 'closed' : 'standing_down';
        this.problem(
          [...draft.path, 'do'],
          `at ${at} the incident is ${status}: it cannot ${draft.do.replace('_', ' ')}`,
        );
        return status;
      }
      default:
        if (!isOpenForWork(status)) {
          this.problem(
            [...draft.path, 'do'],
            `at ${at} the incident is already ${status}: no more ${draft.do}`,
          );
        }
        return status;
    }
  }

  private checkContain(
    draft: Draft,
    shares: Map<string, Draft>,
    shared: Set<string>,
    cells: Map<string, CellStatus>,
  ): void {
    const ref = draft.ref!;
    const share = shares.get(ref);
    if (!share) {
      this.problem([...draft.path, 'item'], `no share with as: "${ref}"`);
      return;
    }
    if (!shared.has(ref)) {
      const when = share.atSeconds === undefined ? '' : ` at ${formatDuration(share.atSeconds)}`;
      this.problem(
        [...draft.path, 'item'],
        `"${ref}" is shared later (injects[${share.index}]${when}): a contain must come after its share in time`,
      );
      return;
    }
    const platform = draft.platform;
    const body = share.body;
    if (!platform || !body || body.do !== 'share') return;
    const concerned = this.castComplete ? this.concernedPlatform(body.item) : 'all';
    if (concerned !== 'all' && concerned !== platform.platformKey) {
      this.problem(
        [...draft.path, 'item'],
        `"${ref}" concerns ${concerned === undefined ? 'no platform of the cast' : `platform ${concerned}`}, not ${platform.platformKey}`,
      );
      return;
    }
    if (draft.status === undefined || draft.status === 'pending') return;
    const cell = `${ref}\u0000${platform.key}`;
    const from = cells.get(cell) ?? 'pending';
    if (!canTransition(from, draft.status)) {
      this.problem(
        [...draft.path, 'status'],
        `the cell of "${ref}" on ${platform.key} is ${from} by then: it cannot become ${draft.status}`,
      );
      return;
    }
    cells.set(cell, draft.status);
  }

  /** As a share attributes items: a hash concerns every platform, a URL or account its own. */
  private concernedPlatform(item: ShareItemSpec): string | 'all' | undefined {
    if (item.kind === 'hash') return 'all';
    if (item.kind === 'account') return item.account?.platformKey;
    if (item.platformKey !== undefined) return item.platformKey;
    const platforms = [...this.cast.values()].flatMap((m) =>
      m.platformKey ? [{ platformKey: m.platformKey, domains: m.domains }] : [],
    );
    return item.url === undefined ? undefined : attributePlatform(canonicaliseUrl(item.url).host, platforms);
  }

  // ---- expectations

  private readExpectations(value: unknown): Expectation[] {
    const path = ['expectations'];
    if (absent(value)) return [];
    if (!Array.isArray(value)) {
      this.problem(path, 'must be a list like [{ platform: videoshare, acknowledgeWithin: 15m }]');
      return [];
    }
    if (value.length > SCENARIO_LIMITS.expectations) {
      this.problem(path, `must list at most ${SCENARIO_LIMITS.expectations} expectations`);
      return [];
    }
    const seen = new Map<string, number>();
    const out: Expectation[] = [];
    value.forEach((spec, i) => {
      const at = [...path, i];
      if (!isMapping(spec)) {
        this.problem(
          at,
          'must be a mapping like { platform: videoshare, acknowledgeWithin: 15m, actWithin: 60m }',
        );
        return;
      }
      this.unknownKeys(spec, at, EXPECTATION_FIELDS);
      const platform = this.castRef(spec, 'platform', at);
      if (platform && platform.kind !== 'platform') {
        this.problem([...at, 'platform'], `"${platform.key}" is ${article(platform.kind)}, not a platform`);
      } else if (platform) {
        const first = seen.get(platform.key);
        if (first !== undefined)
          this.problem([...at, 'platform'], `"${platform.key}" already has expectations[${first}]`);
        else seen.set(platform.key, i);
      }
      const acknowledge = this.duration(spec, 'acknowledgeWithin', at, false);
      const act = this.duration(spec, 'actWithin', at, false);
      if (absent(spec.acknowledgeWithin) && absent(spec.actWithin)) {
        this.problem(at, 'needs acknowledgeWithin, actWithin or both');
      }
      for (const [key, seconds] of [
        ['acknowledgeWithin', acknowledge],
        ['actWithin', act],
      ] as const) {
        if (seconds === 0) this.problem([...at, key], 'must be longer than 0');
      }
      if (platform?.kind === 'platform') {
        out.push({
          platform: platform.key,
          ...(acknowledge !== undefined && { acknowledgeWithinSeconds: acknowledge }),
          ...(act !== undefined && { actWithinSeconds: act }),
        });
      }
    });
    return out;
  }

  // ---- field readers: each reports its own problem and answers undefined when the value is unusable

  private problem(path: FieldPath, message: string): void {
    this.problems.push({ path, message });
  }

  private unknownKeys(value: Fields, path: FieldPath, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.problem([...path, key], `unknown field; expected one of ${allowed.join(', ')}`);
    }
  }

  private text(
    value: Fields,
    key: string,
    path: FieldPath,
    max: number,
    required: boolean,
  ): string | undefined {
    const raw = value[key];
    if (absent(raw)) {
      if (required) this.problem([...path, key], 'is required');
      return undefined;
    }
    return this.checkText(raw, [...path, key], max);
  }

  private checkText(raw: unknown, path: FieldPath, max: number): string | undefined {
    if (typeof raw !== 'string') {
      this.problem(path, 'must be text');
      return undefined;
    }
    const trimmed = raw.trim();
    if (trimmed.length === 0) {
      this.problem(path, 'must not be empty');
      return undefined;
    }
    if (trimmed.length > max) {
      this.problem(path, `must be at most ${max} characters`);
      return undefined;
    }
    return trimmed;
  }

  private pattern(
    value: Fields,
    key: string,
    path: FieldPath,
    pattern: RegExp,
    message: string,
  ): string | undefined {
    const raw = value[key];
    if (absent(raw)) return undefined;
    if (typeof raw !== 'string' || !pattern.test(raw)) {
      this.problem([...path, key], message);
      return undefined;
    }
    return raw;
  }

  private choice<T extends string>(
    value: Fields,
    key: string,
    path: FieldPath,
    choices: readonly T[],
    required: boolean,
  ): T | undefined {
    const raw = value[key];
    if (absent(raw)) {
      if (required) this.problem([...path, key], `is required: one of ${choices.join(', ')}`);
      return undefined;
    }
    if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
      this.problem([...path, key], `must be one of ${choices.join(', ')}`);
      return undefined;
    }
    return raw as T;
  }

  private textList(
    value: Fields,
    key: string,
    path: FieldPath,
    maxItems: number,
    maxLength: number,
  ): string[] | undefined {
    const raw = value[key];
    if (absent(raw)) return undefined;
    if (!Array.isArray(raw)) {
      this.problem([...path, key], 'must be a list of texts');
      return undefined;
    }
    if (raw.length > maxItems) {
      this.problem([...path, key], `must list at most ${maxItems}`);
      return undefined;
    }
    const out = raw.map((entry, i) => this.checkText(entry, [...path, key, i], maxLength));
    return out.every((t) => t !== undefined) ? (out as string[]) : undefined;
  }

  /** A duration text; YAML and JSON read a bare `0` as a number, which is allowed. */
  private duration(value: Fields, key: string, path: FieldPath, required: boolean): number | undefined {
    const raw = value[key];
    if (absent(raw)) {
      if (required) this.problem([...path, key], 'is required: a duration like 90s, 2m or 1h30m');
      return undefined;
    }
    if (raw === 0) return 0;
    if (typeof raw === 'number') {
      this.problem([...path, key], `${raw} has no unit: write a duration like 90s, 2m or 1h30m`);
      return undefined;
    }
    const problem = durationProblem(raw);
    if (problem !== null) {
      this.problem([...path, key], problem);
      return undefined;
    }
    return parseDuration(raw as string);
  }

  private castRef(value: Fields, key: string, path: FieldPath): CastMember | undefined {
    const raw = value[key];
    if (absent(raw)) {
      this.problem([...path, key], 'is required: a key of organisations');
      return undefined;
    }
    // With no usable cast, `organisations` already carries the problem; do not repeat it per inject.
    if (this.cast.size === 0) return undefined;
    const member = typeof raw === 'string' ? this.cast.get(raw) : undefined;
    if (!member) this.problem([...path, key], `no cast member "${String(raw)}"`);
    return member;
  }

  /** An item's platformKey must be one a platform of the cast answers for. */
  private castPlatformKey(value: Fields, key: string, path: FieldPath): string | undefined {
    const raw = value[key];
    if (absent(raw)) return undefined;
    const known = [...this.cast.values()].some((m) => m.platformKey !== undefined && m.platformKey === raw);
    if (typeof raw !== 'string' || !known) {
      this.problem([...path, key], `no platform of the cast has platformKey "${String(raw)}"`);
      return undefined;
    }
    return raw;
  }

  private catchDomain(fn: () => unknown): string | undefined {
    try {
      fn();
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return error.details[0]?.message ?? error.message;
    }
  }
}
