/**
 * Which network addresses a webhook may reach. The hub calls the addresses an admin registers, from inside
 * the operator's network: an address that names the hub's own host, a private network or a cloud metadata
 * service would turn a webhook into a probe of that network (SSRF). Pure: no DNS here; the platform
 * resolves names and asks these rules about every address the resolver answers.
 */

/** `public` is the only class a webhook may reach unless private targets are allowed. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'multicast'
  | 'reserved';

/**
 * An IPv4 address as `inet_aton` reads it (what resolvers and some HTTP clients accept): one to four
 * parts, each decimal, octal (leading 0) or hex (0x); the last part fills the remaining bytes. So
 * `2130706433`, `0177.1` and `0x7f.0.0.1` are all 127.0.0.1. Undefined when the text is not one.
 */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9][0-9]*$/.test(part)) value = parseInt(part, 10);
    else return undefined;
    if (!Number.isSafeInteger(value)) return undefined;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return undefined;
  return values.reduce((sum, v, i) => sum + v * 256 ** (3 - i), 0) + last;
}

/** An IPv6 address as eight 16-bit groups (brackets and a zone `%eth0` ignored); undefined if not one. */
export function parseIPv6(text: string): number[] | undefined {
  let t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  t = t.replace(/%[\w.-]+$/, '');
  if (!t.includes(':') || !/^[0-9a-f:.]+$/i.test(t)) return undefined;
  const lastColon = t.lastIndexOf(':');
  const dotted = t.slice(lastColon + 1);
  if (dotted.includes('.')) {
    // A dotted IPv4 tail (`::ffff:127.0.0.1`) is four decimal parts: written as two groups instead.
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(dotted)) return undefined;
    const bytes = dotted.split('.').map(Number);
    if (bytes.some((b) => b > 255)) return undefined;
    const hex = (a: number, b: number) => (a * 256 + b).toString(16);
    t = `${t.slice(0, lastColon + 1)}${hex(bytes[0], bytes[1])}:${hex(bytes[2], bytes[3])}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const zeros = new Array<number>(8 - known).fill(0);
  return [...head, ...zeros, ...rest].map((g) => (typeof g === 'number' ? g : parseInt(g, 16)));
}

const V4_RANGES: [string, number, AddressClass][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function classifyIPv4(address: number): AddressClass {
  for (const [base, bits, kind] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = parseIPv4(base)!;
    if (address >= start && address < start + size) return kind;
  }
  return 'public';
}

function classifyIPv6(g: number[]): AddressClass {
  const v4 = (hi: number, lo: number) => classifyIPv4(hi * 65536 + lo);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and
  // NAT64 (64:ff9b::a.b.c.d): what they reach is the IPv4 address inside.
  if (zeroUpTo(5) && g[5] === 0xffff) return v4(g[6], g[7]);
  if (zeroUpTo(6)) return v4(g[6], g[7]);
  if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return v4(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'reserved';
  // 6to4 (2002:aabb:ccdd::) carries the IPv4 address it tunnels to.
  if (g[0] === 0x2002) return v4(g[1], g[2]);
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private';
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if (g[0] === 0x2001 && g[1] === 0) return 'reserved'; // Teredo: the IPv4 inside is obfuscated
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'reserved'; // documentation
  if (g[0] === 0x100 && zeroUpTo(4)) return 'reserved'; // discard-only
  if (zeroUpTo(1)) return 'reserved'; // the rest of ::/16, never globally routed
  return 'public';
}

/** The class of an IP literal (any IPv4 spelling, IPv6 with or without brackets); undefined for a name. */
export function classifyAddress(text: string): AddressClass | undefined {
  const v6 = parseIPv6(text);
  if (v6) return classifyIPv6(v6);
  const v4 = parseIPv4(text);
  return v4 === undefined ? undefined : classifyIPv4(v4);
}

const LOCAL_NAME = /(^|\.)(localhost|localdomain)\.?$/i;

/**
 * Why a host (a URL's host name, or an address a resolver answered) may not be called, or undefined
 * when it may, as far as can be told without DNS. A name is for the resolver to answer, except the
 * names that always mean this host.
 */
export function hostRefusal(host: string, allowPrivate: boolean): string | undefined {
  if (allowPrivate) return undefined;
  const kind = LOCAL_NAME.test(host) ? 'loopback' : classifyAddress(host);
  if (kind === undefined || kind === 'public') return undefined;
  return `${kind} address ${host} is not allowed`;
}

/** The same for a whole URL: its host must be allowed and its scheme http or https. */
export function webhookUrlRefusal(url: string, allowPrivate: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  return hostRefusal(parsed.hostname, allowPrivate);
}
