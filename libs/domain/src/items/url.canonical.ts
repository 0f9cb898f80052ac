import { domainToASCII } from 'node:url';
import { invalid } from '../core/errors';

export const MAX_URL_LENGTH = 2048;

/** Query parameters that identify a campaign or a click, never the content: dropped so duplicates meet. */
export const TRACKING_PARAMETERS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'yclid',
  '_ga',
  'ref_src',
]);

export interface CanonicalUrl {
  canonical: string;
  /** Host without port, lower-case, punycode: what platform attribution looks at. */
  host: string;
}

export interface PlatformDomains {
  platformKey: string;
  domains: readonly string[];
}

const isTrackingParameter = (encodedKey: string): boolean => {
  const key = safeDecode(encodedKey).toLowerCase();
  return key.startsWith('utm_') || TRACKING_PARAMETERS.has(key);
};

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
};

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Keeps the query as the URL parser encoded it (no form re-encoding, so `+` and `%2F` survive),
 * drops tracking parameters and sorts the rest by key, then value; Array.prototype.sort is stable.
 */
const canonicalQuery = (search: string): string => {
  if (search.length <= 1) return '';
  const pairs = search
    .slice(1)
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0
        ? { key: part, value: '', part }
        : { key: part.slice(0, eq), value: part.slice(eq + 1), part };
    })
    .filter((pair) => !isTrackingParameter(pair.key));
  pairs.sort((a, b) => compare(a.key, b.key) || compare(a.value, b.value));
  return pairs.length === 0 ? '' : `?${pairs.map((pair) => pair.part).join('&')}`;
};

/** `example.com.` and `example.com` are the same host; the URL parser keeps the dot, we do not. */
const withoutTrailingDot = (host: string): string => (host.endsWith('.') ? host.slice(0, -1) : host);

export function canonicaliseUrl(raw: string): CanonicalUrl {
  if (typeof raw !== 'string' || raw.trim().length === 0) throw invalid('url', 'must be a non-empty string');
  if (raw.length > MAX_URL_LENGTH) throw invalid('url', `must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('url', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid('url', 'must be an absolute http(s) URL');
  }
  if (url.username !== '' || url.password !== '') throw invalid('url', 'must not contain credentials');
  const host = withoutTrailingDot(url.hostname);
  if (host.length === 0) throw invalid('url', 'must have a host');
  // url.port is already empty for the scheme's default port.
  const authority = url.port === '' ? host : `${host}:${url.port}`;
  const canonical = `${url.protocol}//${authority}${url.pathname}${canonicalQuery(url.search)}`;
  if (canonical.length > MAX_URL_LENGTH) {
    throw invalid('url', `must be at most ${MAX_URL_LENGTH} characters once canonicalised`);
  }
  return { canonical, host };
}

const normaliseDomain = (domain: string): string => {
  const trimmed = withoutTrailingDot(
    domain
      .trim()
      .toLowerCase()
      .replace(/^\*?\./, ''),
  );
  // domainToASCII returns '' for what it cannot convert; keep the input then, it simply will not match.
  return /[^\p{ASCII}]/u.test(trimmed) ? domainToASCII(trimmed) || trimmed : trimmed;
};

/**
 * The platform owning the host or one of its parent domains. Matching is on label boundaries
 * (`m.videoshare.example` is videoshare's, `evilvideoshare.example` is not); the longest domain wins,
 * so a platform registering `sub.example` beats one owning `example`.
 */
export function attributePlatform(host: string, platforms: readonly PlatformDomains[]): string | undefined {
  const target = normaliseDomain(host);
  if (target.length === 0) return undefined;
  let best: { platformKey: string; length: number } | undefined;
  for (const platform of platforms) {
    for (const raw of platform.domains) {
      const domain = normaliseDomain(raw);
      if (domain.length === 0) continue;
      const matches = target === domain || target.endsWith(`.${domain}`);
      if (matches && (best === undefined || domain.length > best.length)) {
        best = { platformKey: platform.platformKey, length: domain.length };
      }
    }
  }
  return best?.platformKey;
}
