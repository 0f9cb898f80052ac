/**
 * URL identity: whether two URLs name the same content, decided from the URL alone (never by fetching it).
 * The rules come from configuration (config/url-rules.yaml, see url.rules.load.ts); this file applies them.
 */

/** How a URL item's identity was decided; kept in the item's metadata as `urlIdentity`. */
export type UrlIdentityKind = 'content_id' | 'unresolved_short_link' | 'url';

export interface UrlIdentity {
  kind: UrlIdentityKind;
  /** The dedup key's subject: `<platformKey>:<contentId>`, or the URL with scheme and host aliases folded. */
  key: string;
  /** The rule's platform when the host belongs to one. */
  platformKey?: string;
  contentId?: string;
  /** Hosts of the rule's platform, so a short-link host can be attributed through its main domain. */
  platformHosts?: readonly string[];
}

/** A URL form, as configured. */
export interface UrlShapeConfig {
  readonly hosts?: readonly string[];
  readonly path?: string;
  readonly query?: Readonly<Record<string, string>>;
}

export interface UrlPlatformConfig {
  readonly key: string;
  readonly hosts: readonly string[];
  readonly parts: Readonly<Record<string, string>>;
  readonly caseInsensitive?: readonly string[];
  readonly shapes: readonly UrlShapeConfig[];
  readonly shortLinks?: readonly UrlShapeConfig[];
}

export interface UrlRulesConfig {
  readonly hostPrefixes: readonly string[];
  readonly platforms: readonly UrlPlatformConfig[];
}

/** A content id longer than this is not an id but a path: the URL stays its own identity. */
const MAX_CONTENT_ID = 512;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}|\*\*|\*/g;

interface CompiledShape {
  /** Exact hosts (prefixes dropped), or undefined for every host of the platform. */
  hosts?: ReadonlySet<string>;
  path?: RegExp;
  /** Part names in the order their groups appear in `path`. */
  pathParts: string[];
  query: [param: string, part: string][];
}

interface CompiledPlatform {
  key: string;
  hosts: readonly string[];
  parts: ReadonlyMap<string, RegExp>;
  partOrder: readonly string[];
  caseInsensitive: ReadonlySet<string>;
  shapes: CompiledShape[];
  shortLinks: CompiledShape[];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The names of the parts a path template captures, in order. */
export function templateParts(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].flatMap((m) => (m[1] ? [m[1]] : []));
}

/** A whole-path regular expression; `**` may only close the template (checked when loading). */
export function compileTemplate(template: string, parts: ReadonlyMap<string, string>): RegExp {
  let source = '';
  let last = 0;
  let captures = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(template.slice(last, match.index));
    // Named, so groups inside a configured pattern do not shift the captures.
    if (match[1]) source += `(?<p${captures++}>${parts.get(match[1]) ?? '(?!)'})`;
    else if (match[0] === '**') source = source.replace(/\/$/, '') + '(?:/.*)?';
    else source += '[^/]+';
    last = match.index + match[0].length;
  }
  source += escapeRegExp(template.slice(last));
  return new RegExp(`^${source}$`);
}

const compileShape = (shape: UrlShapeConfig, patterns: ReadonlyMap<string, string>): CompiledShape => ({
  hosts: shape.hosts ? new Set(shape.hosts) : undefined,
  path: shape.path === undefined ? undefined : compileTemplate(shape.path, patterns),
  pathParts: shape.path === undefined ? [] : templateParts(shape.path),
  query: Object.entries(shape.query ?? {}),
});

const isWithin = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

/** The rules in force: which hosts are aliases, and how each platform's URLs name their content. */
export class UrlRules {
  private readonly prefixes: readonly string[];
  private readonly platforms: CompiledPlatform[];

  constructor(config: UrlRulesConfig) {
    this.prefixes = config.hostPrefixes.map((p) => p.toLowerCase());
    this.platforms = config.platforms.map((platform) => {
      const patterns = new Map(Object.entries(platform.parts));
      return {
        key: platform.key,
        hosts: platform.hosts.map((h) => this.foldHost(h)),
        parts: new Map([...patterns].map(([name, source]) => [name, new RegExp(`^(?:${source})$`)])),
        partOrder: Object.keys(platform.parts),
        caseInsensitive: new Set(platform.caseInsensitive ?? []),
        shapes: platform.shapes.map((shape) => compileShape(shape, patterns)),
        shortLinks: (platform.shortLinks ?? []).map((shape) => compileShape(shape, patterns)),
      };
    });
  }

  /** Rules that only fold the scheme and the usual host prefixes: for tests and a hub without a file. */
  static basic(): UrlRules {
    return new UrlRules({ hostPrefixes: ['www', 'm', 'mobile'], platforms: [] });
  }

  /** `www.`, `m.`, `mobile.` (as configured) dropped once; never down to a bare top-level domain. */
  foldHost(host: string): string {
    const lower = host.toLowerCase();
    for (const prefix of this.prefixes) {
      const rest = lower.startsWith(`${prefix}.`) ? lower.slice(prefix.length + 1) : undefined;
      if (rest !== undefined && rest.includes('.')) return rest;
    }
    return lower;
  }

  /**
   * The identity of a canonical URL (see canonicaliseUrl): its platform's content id when a shape matches,
   * else the URL itself with the scheme and host aliases folded. A short link whose target needs a request
   * is only ever the same as itself.
   */
  identify(canonical: string): UrlIdentity {
    const url = new URL(canonical);
    const host = this.foldHost(url.hostname);
    const folded = `https://${url.port === '' ? host : `${host}:${url.port}`}${url.pathname}${url.search}`;
    const platform = this.platformOf(host);
    if (!platform) return { kind: 'url', key: folded };
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    const found = { platformKey: platform.key, platformHosts: platform.hosts };
    for (const shape of platform.shapes) {
      const contentId = this.match(platform, shape, host, path, url.searchParams);
      if (contentId !== undefined) {
        return { kind: 'content_id', key: `${platform.key}:${contentId}`, contentId, ...found };
      }
    }
    const short = platform.shortLinks.some((shape) => this.matches(platform, shape, host, path));
    return { kind: short ? 'unresolved_short_link' : 'url', key: folded, ...found };
  }

  /** The longest configured host the URL's host is, or is below. */
  private platformOf(host: string): CompiledPlatform | undefined {
    let best: { platform: CompiledPlatform; length: number } | undefined;
    for (const platform of this.platforms) {
      for (const domain of platform.hosts) {
        if (isWithin(host, domain) && (best === undefined || domain.length > best.length)) {
          best = { platform, length: domain.length };
        }
      }
    }
    return best?.platform;
  }

  private matches(platform: CompiledPlatform, shape: CompiledShape, host: string, path: string): boolean {
    if (shape.hosts ? !shape.hosts.has(host) : !platform.hosts.some((d) => isWithin(host, d))) return false;
    return shape.path === undefined || shape.path.test(path);
  }

  private match(
    platform: CompiledPlatform,
    shape: CompiledShape,
    host: string,
    path: string,
    query: URLSearchParams,
  ): string | undefined {
    if (!this.matches(platform, shape, host, path)) return undefined;
    const captured = new Map<string, string>();
    const groups = shape.path?.exec(path)?.groups ?? {};
    shape.pathParts.forEach((part, i) => captured.set(part, groups[`p${i}`]));
    for (const [param, part] of shape.query) {
      const values = query.getAll(param);
      // Two values for the id parameter name two things: not an identity.
      if (values.length !== 1 || !platform.parts.get(part)?.test(values[0])) return undefined;
      captured.set(part, values[0]);
    }
    if (captured.size === 0) return undefined;
    const names = platform.partOrder.filter((part) => captured.has(part));
    const values = names.map((part) => {
      const value = captured.get(part)!;
      return platform.caseInsensitive.has(part) ? value.toLowerCase() : value;
    });
    // A URL giving only some of the parts names them, so a clip and a video with one number stay apart.
    const named = names.length < platform.partOrder.length ? `${names.join(',')}:` : '';
    const id = `${named}${values.join('/')}`;
    return id.length <= MAX_CONTENT_ID ? id : undefined;
  }
}
