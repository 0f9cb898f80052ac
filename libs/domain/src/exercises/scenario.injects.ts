import { FLAGGER_KINDS, type CellStatus } from '@hub/contracts';
import { DomainError } from '../core/errors';
import { requiresReason } from '../incidents';
import { canonicaliseUrl, parseHash } from '../items';
import { disarmTechnique } from '../techniques';
import { article, type ScenarioCast } from './scenario.cast';
import type { CastKind, CastMember, InjectAction, InjectBody, ShareItemSpec } from './scenario.model';
import { SCENARIO_LIMITS } from './scenario.model';
import {
  absent,
  ACCOUNT_SHAPE,
  HASH_SHAPE,
  INJECT_BODY_SHAPES,
  INJECT_SHAPE,
  isMapping,
  ITEM_SHAPE,
  METADATA_SHAPE,
  NARRATIVE_SHAPE,
  readMapping,
  reportUnknownKeys,
  URL_SHAPE,
  type Fields,
  type Problem,
} from './scenario.schema';
import type { FieldPath } from './scenario.source';

/** Who may script each action, as in a live incident. */
const MAY_DO: Record<InjectAction, readonly CastKind[]> = {
  activate: ['coordinator', 'authority', ...FLAGGER_KINDS],
  share: ['coordinator', 'authority', 'platform', ...FLAGGER_KINDS],
  contain: ['coordinator', 'platform'],
  post: ['coordinator', 'authority', 'platform', ...FLAGGER_KINDS],
  warn: ['coordinator', 'authority', 'platform', ...FLAGGER_KINDS],
  level: ['coordinator'],
  stand_down: ['coordinator'],
  close: ['coordinator'],
};

/** An inject as far as it could be read; the timeline rules run on whatever is known. */
export interface Draft {
  index: number;
  path: FieldPath;
  atSeconds?: number;
  by?: CastMember;
  do?: InjectAction;
  /** Set only when the whole inject read cleanly. */
  body?: InjectBody;
  /** A share's `as` and contain's `item`, kept even when another field of the inject is wrong. */
  ref?: string;
  /** The platform a contain records for, once known to be a platform of the cast. */
  platform?: CastMember;
  status?: CellStatus;
}

/**
 * Reads the `injects` list into drafts, one per entry: the fields of each action (scenario.schema.ts)
 * and what an inject needs of the cast (who may do what, whose containment a contain records, what an
 * item may carry), checked as the hub would check the action itself.
 */
export class InjectReader {
  constructor(
    private readonly problems: Problem[],
    private readonly cast: ScenarioCast,
  ) {}

  read(value: unknown): Draft[] | undefined {
    const path = ['injects'];
    if (absent(value)) {
      this.problem(path, 'is required: at least one inject, the first an activate');
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.problem(path, 'must be a list of injects');
      return undefined;
    }
    if (value.length === 0) this.problem(path, 'must list at least one inject');
    if (value.length > SCENARIO_LIMITS.injects) {
      this.problem(path, `must list at most ${SCENARIO_LIMITS.injects} injects`);
      return undefined;
    }
    return value.map((spec, index) => this.readInject(spec, index, [...path, index]));
  }

  private readInject(spec: unknown, index: number, path: FieldPath): Draft {
    const draft: Draft = { index, path };
    if (!isMapping(spec)) {
      this.problem(path, 'must be a mapping like { at: 2m, by: coord, do: post, text: ... }');
      return draft;
    }
    const before = this.problems.length;
    draft.atSeconds = readMapping(spec, path, INJECT_SHAPE, this.problems, Object.keys(spec)).at;
    draft.by = this.cast.member(spec, 'by', path);
    const parsedDo = INJECT_SHAPE.do.safeParse(spec.do);
    const action = parsedDo.success ? parsedDo.data : undefined;
    draft.do = action;
    if (action === undefined) return draft;
    // Unknown keys are only known once `do` is: they are checked against the fields of that action.
    const allowed = [...Object.keys(INJECT_SHAPE), ...Object.keys(INJECT_BODY_SHAPES[action])];
    reportUnknownKeys(spec, path, allowed, this.problems);
    if (draft.by && !MAY_DO[action].includes(draft.by.kind)) {
      this.problem(
        [...path, 'by'],
        `${article(draft.by.kind)} may not ${action.replace('_', ' ')} ("${draft.by.key}")`,
      );
    }
    const body = this.readBody(draft, action, spec, path);
    if (body && this.problems.length === before) draft.body = body;
    return draft;
  }

  /** The fields of one action, unknown keys being checked already. */
  private fields<S extends (typeof INJECT_BODY_SHAPES)[InjectAction]>(
    spec: Fields,
    path: FieldPath,
    shape: S,
  ) {
    return readMapping(spec, path, shape, this.problems, Object.keys(spec));
  }

  private readBody(
    draft: Draft,
    action: InjectAction,
    spec: Fields,
    path: FieldPath,
  ): InjectBody | undefined {
    switch (action) {
      case 'activate': {
        const f = this.fields(spec, path, INJECT_BODY_SHAPES.activate);
        return f.title === undefined
          ? undefined
          : {
              do: 'activate',
              title: f.title,
              ...(f.summary !== undefined && { summary: f.summary }),
              ...(f.rationale !== undefined && { rationale: f.rationale }),
              ...(f.criteria !== undefined && { criteria: f.criteria }),
            };
      }
      case 'share': {
        const { as } = this.fields(spec, path, INJECT_BODY_SHAPES.share);
        draft.ref = as;
        const item = this.readItem(spec.item, [...path, 'item'], draft.by);
        return item === undefined ? undefined : { do: 'share', ...(as !== undefined && { as }), item };
      }
      case 'contain': {
        const { item, status, reason, via, reportedBy } = this.fields(spec, path, INJECT_BODY_SHAPES.contain);
        draft.ref = item;
        draft.status = status;
        const platform = this.readContainPlatform(draft, spec, path);
        if (status === 'pending') this.problem([...path, 'status'], 'a cell never goes back to pending');
        if (status !== undefined && requiresReason(status) && reason === undefined) {
          this.problem([...path, 'reason'], `is required for ${status}`);
        }
        // A platform's own liaison answers in the hub; only a coordinator records an answer given elsewhere.
        if (via !== undefined && via !== 'hub' && draft.by && draft.by.kind !== 'coordinator') {
          this.problem([...path, 'via'], `only a coordinator records an answer given by ${via}`);
        }
        return item === undefined || platform === undefined || status === undefined
          ? undefined
          : {
              do: 'contain',
              item,
              platform: platform.key,
              status,
              ...(reason !== undefined && { reason }),
              ...(via !== undefined && { via }),
              ...(reportedBy !== undefined && { reportedBy }),
            };
      }
      case 'post': {
        const { text } = this.fields(spec, path, INJECT_BODY_SHAPES.post);
        return text === undefined ? undefined : { do: 'post', text };
      }
      case 'warn': {
        const { title, text, severity } = this.fields(spec, path, INJECT_BODY_SHAPES.warn);
        return title === undefined || text === undefined
          ? undefined
          : { do: 'warn', title, text, ...(severity !== undefined && { severity }) };
      }
      case 'level': {
        const { level } = this.fields(spec, path, INJECT_BODY_SHAPES.level);
        return level === undefined ? undefined : { do: 'level', level };
      }
      case 'stand_down': {
        const { rationale } = this.fields(spec, path, INJECT_BODY_SHAPES.stand_down);
        return { do: 'stand_down', ...(rationale !== undefined && { rationale }) };
      }
      case 'close': {
        const { summary } = this.fields(spec, path, INJECT_BODY_SHAPES.close);
        return summary === undefined ? undefined : { do: 'close', summary };
      }
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
    const platform = this.cast.memberOfKind(spec, 'platform', path, 'platform');
    if (!platform) return undefined;
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
    const { kind, channel, legalReference, techniques, visibility } = readMapping(
      value,
      path,
      ITEM_SHAPE,
      this.problems,
    );
    const platformKey = this.cast.platformKey(value, 'platformKey', path);
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
    for (const other of ['url', 'hash', 'account', 'narrative'] as const) {
      if (kind !== undefined && other !== kind && !absent(value[other])) {
        this.problem([...path, other], `is only for an item of kind ${other}, this one is ${article(kind)}`);
      }
    }
    const item: ShareItemSpec = { kind: kind!, channel: channel! };
    if (kind === 'url') {
      const { url } = readMapping(value, path, URL_SHAPE, this.problems, Object.keys(value));
      if (url !== undefined) {
        const problem = domainProblem(() => canonicaliseUrl(url));
        if (problem) this.problem([...path, 'url'], problem.message);
        item.url = url;
      }
    } else if (kind === 'hash') {
      const hash = this.readHash(value.hash, [...path, 'hash']);
      if (hash) item.hash = hash;
    } else if (kind === 'account') {
      const account = this.readAccount(value.account, [...path, 'account']);
      if (account) item.account = account;
    } else if (kind === 'narrative') {
      const narrative = this.readNarrative(value.narrative, [...path, 'narrative']);
      if (narrative) item.narrative = narrative;
    }
    if (legalReference !== undefined) item.legalReference = legalReference;
    for (const [i, id] of (techniques ?? []).entries()) {
      if (!disarmTechnique(id)) {
        this.problem([...path, 'techniques', i], `"${id}" is not a technique of the DISARM Red Framework`);
      }
    }
    if (techniques !== undefined) item.techniques = techniques;
    if (visibility !== undefined) item.visibility = visibility;
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
    const { algorithm, value: digest, quality } = readMapping(value, path, HASH_SHAPE, this.problems);
    const badQuality = !absent(value.quality) && quality === undefined;
    if (algorithm === undefined || digest === undefined || badQuality) return undefined;
    // The same checks a share makes (digits and length per algorithm, quality 0 to 100).
    const problem = domainProblem(() => parseHash({ algorithm, value: digest, quality }));
    if (problem) {
      const field = problem.field?.replace(/^hash\./, '') ?? 'value';
      this.problem([...path, field], problem.message);
      return undefined;
    }
    const parsed = parseHash({ algorithm, value: digest, quality });
    return {
      algorithm: parsed.algorithm,
      value: parsed.value,
      ...(parsed.quality !== undefined && { quality: parsed.quality }),
    };
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
    const { handle } = readMapping(value, path, ACCOUNT_SHAPE, this.problems);
    const platformKey = this.cast.platformKey(value, 'platformKey', path);
    if (handle !== undefined && handle.replace(/^@/, '').trim() === '') {
      this.problem([...path, 'handle'], 'must not be empty');
      return undefined;
    }
    return platformKey === undefined || handle === undefined ? undefined : { platformKey, handle };
  }

  private readNarrative(value: unknown, path: FieldPath): ShareItemSpec['narrative'] {
    if (absent(value)) {
      this.problem(path, 'is required for a narrative item: { title, description?, keywords?, examples? }');
      return undefined;
    }
    if (!isMapping(value)) {
      this.problem(path, 'must be a mapping like { title: "Marking two boxes counts double" }');
      return undefined;
    }
    const before = this.problems.length;
    const narrative = readMapping(value, path, NARRATIVE_SHAPE, this.problems);
    for (const [i, url] of (narrative.examples ?? []).entries()) {
      const problem = domainProblem(() => canonicaliseUrl(url));
      if (problem) this.problem([...path, 'examples', i], problem.message);
    }
    return this.problems.length === before && narrative.title !== undefined
      ? { ...narrative, title: narrative.title }
      : undefined;
  }

  private readMetadata(value: unknown, path: FieldPath): ShareItemSpec['metadata'] {
    if (absent(value)) return undefined;
    if (!isMapping(value)) {
      this.problem(
        path,
        'must be a mapping of contentType, language, firstSeenAt, label, notes, uploaderHandle',
      );
      return undefined;
    }
    return readMapping(value, path, METADATA_SHAPE, this.problems);
  }

  private problem(path: FieldPath, message: string): void {
    this.problems.push({ path, message });
  }
}

/** The first detail of the domain error `fn` throws, if it throws one. */
function domainProblem(fn: () => unknown): { field?: string; message: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { field: error.details[0]?.field, message: error.details[0]?.message ?? error.message };
  }
}
