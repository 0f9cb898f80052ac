import { attributePlatform, canonicaliseUrl } from '../items';
import type { CastKind, CastMember, ShareItemSpec } from './scenario.model';
import {
  absent,
  CAST_MEMBER_SHAPE,
  isCastKey,
  isMapping,
  readMapping,
  type Fields,
  type Problem,
} from './scenario.schema';
import { SCENARIO_LIMITS } from './scenario.model';
import type { FieldPath } from './scenario.source';

/**
 * The cast keys of the platforms a share asks to act, as the hub attributes items: a hash concerns every
 * platform, an account its platform, a URL the platform named or the one whose domains own its host.
 */
export function concernedCastPlatforms(
  item: ShareItemSpec,
  organisations: Readonly<Record<string, CastMember>>,
): string[] {
  const platforms = Object.values(organisations).filter((m) => m.kind === 'platform');
  const byKey = (platformKey: string | undefined) =>
    platforms.filter((m) => platformKey !== undefined && m.platformKey === platformKey).map((m) => m.key);
  // A picture's hash or a narrative may appear on any service: every platform answers for it.
  if (item.kind === 'hash' || item.kind === 'narrative') return platforms.map((m) => m.key);
  if (item.kind === 'account') return byKey(item.account?.platformKey);
  if (item.platformKey !== undefined) return byKey(item.platformKey);
  if (item.url === undefined) return [];
  const host = canonicaliseUrl(item.url).host;
  return byKey(
    attributePlatform(
      host,
      platforms.map((m) => ({ platformKey: m.platformKey!, domains: m.domains })),
    ),
  );
}

export const article = (kind: string): string => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;

/**
 * The cast of a scenario as it is read: who is in it, and the rules that hold between its members (one
 * platform per platform key, one owner per domain, a coordinator). Injects and expectations name cast
 * members through `member`, which reports an unknown key where it is written.
 */
export class ScenarioCast {
  private readonly members = new Map<string, CastMember>();
  /** Whether every cast member read cleanly; if not, checks that rely on its domains are skipped. */
  complete = true;

  constructor(private readonly problems: Problem[]) {}

  read(value: unknown): Record<string, CastMember> {
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
      if (!isCastKey(key)) {
        this.problem(memberPath, 'a cast key must be 1 to 32 of a-z, 0-9, _ and -, starting with a letter');
      }
      const member = this.readMember(key, spec, memberPath);
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
      this.members.set(key, member);
    }
    this.complete = this.problems.length === before;
    if (![...this.members.values()].some((m) => m.kind === 'coordinator')) {
      this.problem(path, 'must include at least one organisation of kind coordinator');
    }
    return out;
  }

  /**
   * The cast member `value[key]` names. Absent is reported by the field's schema; with no usable cast,
   * `organisations` already carries the problem and it is not repeated per inject.
   */
  member(value: Fields, key: string, path: FieldPath): CastMember | undefined {
    const raw = value[key];
    if (absent(raw) || this.members.size === 0) return undefined;
    const member = typeof raw === 'string' ? this.members.get(raw) : undefined;
    if (!member) this.problem([...path, key], `no cast member "${String(raw)}"`);
    return member;
  }

  /** `member`, which must also be of `kind`. */
  memberOfKind(value: Fields, key: string, path: FieldPath, kind: CastKind): CastMember | undefined {
    const member = this.member(value, key, path);
    if (member && member.kind !== kind) {
      this.problem([...path, key], `"${member.key}" is ${article(member.kind)}, not ${article(kind)}`);
      return undefined;
    }
    return member;
  }

  /** An item's platformKey must be one a platform of the cast answers for. */
  platformKey(value: Fields, key: string, path: FieldPath): string | undefined {
    const raw = value[key];
    if (absent(raw)) return undefined;
    const known = [...this.members.values()].some(
      (m) => m.platformKey !== undefined && m.platformKey === raw,
    );
    if (typeof raw !== 'string' || !known) {
      this.problem([...path, key], `no platform of the cast has platformKey "${String(raw)}"`);
      return undefined;
    }
    return raw;
  }

  all(): Record<string, CastMember> {
    return Object.fromEntries(this.members);
  }

  private readMember(key: string, spec: unknown, path: FieldPath): CastMember | undefined {
    if (!isMapping(spec)) {
      this.problem(path, 'must be a mapping like { kind: platform, platformKey: videoshare }');
      return undefined;
    }
    const { kind, name, country, platformKey, domains } = readMapping(
      spec,
      path,
      CAST_MEMBER_SHAPE,
      this.problems,
    );
    if (kind === 'authority' && absent(spec.country)) {
      this.problem([...path, 'country'], 'is required for an authority');
    }
    if (kind === 'platform' && absent(spec.platformKey)) {
      this.problem([...path, 'platformKey'], 'is required for a platform');
    }
    if (kind !== undefined && kind !== 'platform') {
      if (!absent(spec.platformKey)) {
        this.problem([...path, 'platformKey'], `only a platform has a platformKey, not ${article(kind)}`);
      }
      if (!absent(spec.domains)) {
        this.problem([...path, 'domains'], `only a platform has domains, not ${article(kind)}`);
      }
    }
    if (kind === undefined) return undefined;
    return {
      key,
      kind,
      name: name ?? key,
      ...(country !== undefined && { country }),
      ...(platformKey !== undefined && { platformKey }),
      domains: domains ?? [],
    };
  }

  private problem(path: FieldPath, message: string): void {
    this.problems.push({ path, message });
  }
}
