import { existsSync } from 'node:fs';
import { z } from 'zod';

const postgresUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgres:// URL with a host')
  .optional();

const redisUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a redis:// or rediss:// URL with a host')
  .optional();

const smtpUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an smtp:// or smtps:// URL with a host')
  .optional();

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const httpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

/** One OpenID Connect issuer the console may sign in with; `key` names it in `/auth/login?issuer=`. */
const oidcIssuer = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'key must be 1-32 lower-case letters, digits, - or _'),
  name: z.string().min(1).max(100),
  issuer: httpUrl,
  clientId: z.string().min(1).max(500),
  clientSecret: z.string().min(1).max(500).optional(),
  scope: z.string().max(500).optional(),
});
export type OidcIssuerConfig = z.infer<typeof oidcIssuer>;

const oidcIssuers = z.string().transform((text, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of issuers' });
    return z.NEVER;
  }
  const parsed = z.array(oidcIssuer).max(50).safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: `${issue.path.join('.')}: ${issue.message}` });
    }
    return z.NEVER;
  }
  return parsed.data;
});

/** Every variable the hub reads, with its type, default and meaning. `.env.example` is printed from this. */
export const CONFIG_SCHEMA = z.object({
  PORT: int(0, 65535).default(3000).describe('HTTP and socket.io port'),
  DATABASE_URL: postgresUrl.describe(
    'PostgreSQL connection URL; unset: an embedded PostgreSQL is started under HUB_DATA_DIR',
  ),
  REDIS_URL: redisUrl.describe(
    'Redis URL for queues, the socket.io adapter and rate limits; unset: queues run on PostgreSQL, one process',
  ),
  HUB_DATA_DIR: z
    .string()
    .min(1)
    .default('./.hub-data')
    .describe('Where the embedded database keeps its files'),
  HUB_BOOTSTRAP_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(256)
    .optional()
    .describe('When set and no admin exists yet, an admin with this bearer token is created at start-up'),
  HUB_PROTOCOL_FILE: z
    .string()
    .refine((p) => existsSync(p), 'file not found')
    .optional()
    .describe('YAML file of protocols (levels, criteria, deadlines) replacing the built-in ones'),
  HUB_URL_RULES_FILE: z
    .string()
    .refine((p) => existsSync(p), 'file not found')
    .optional()
    .describe(
      'YAML file of URL identity rules (host aliases, content ids per platform) replacing config/url-rules.yaml',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level (readable lines on a terminal, JSON lines otherwise)'),
  HUB_RETENTION_DAYS: int(1, 3650)
    .default(180)
    .describe('Days after an incident closes before personal metadata is purged'),
  HUB_OVERDUE_REPEAT_MINUTES: z.coerce
    .number()
    .positive()
    .max(1440)
    .default(15)
    .describe('How often an overdue cell re-notifies the platform and the coordinators'),
  HUB_WEBHOOK_TIMEOUT_MS: int(100, 60_000)
    .default(10_000)
    .describe('Timeout of one webhook delivery attempt'),
  HUB_WEBHOOK_BACKOFF_MS: int(10, 600_000)
    .default(1000)
    .describe('First retry delay of a failed webhook; doubles (with jitter) up to an hour, for 24 hours'),
  HUB_WEBHOOK_GATHER_MS: int(0, 5_000)
    .default(100)
    .describe(
      "Under a steady flow, the least time between two sends of a platform's queued events (a batch, or a run of single POSTs): what queues meanwhile goes in the next, and the log records each send in one line; 0: no wait",
    ),
  HUB_WEBHOOK_ALLOW_PRIVATE: z
    .stringbool()
    .default(false)
    .describe(
      'true: webhooks may reach loopback, private, link-local and other non-public addresses (tests, on-premises platforms); false: refused at registration and at connection',
    ),
  HUB_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000)
    .default(1200)
    .describe('Requests per minute allowed to one token (HTTP) before 429'),
  HUB_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/, 'must be 1-32 lower-case letters, digits, - or _')
    .default('hub')
    .describe('Prefix of Redis keys and queue names, to share one Redis between hubs'),
  SMTP_URL: smtpUrl.describe(
    'Mail server for e-mail to contact points (smtp://user:pass@host:port, smtps:// for TLS); unset: no e-mail is sent',
  ),
  HUB_MAIL_FROM: z
    .string()
    .min(3)
    .max(320)
    .default('crisis-hub <crisis-hub@localhost>')
    .describe('Sender of the e-mails to contact points'),
  HUB_MAIL_BATCH_SECONDS: z.coerce
    .number()
    .min(0.05)
    .max(3600)
    .default(10)
    .describe('E-mails to one platform about one incident are batched over this many seconds'),
  HUB_LINK_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(256)
    .optional()
    .describe('Key that signs receipt links; unset: a key generated once and kept in the database'),
  HUB_EMBEDDED_PG_PORT: int(0, 65535)
    .default(0)
    .describe('Port of the embedded PostgreSQL (0: a free port is chosen)'),
  HUB_PUBLIC_URL: httpUrl
    .optional()
    .describe(
      'The address people reach the hub at (https://hub.example.eu): base of sign-in redirects and of links in e-mails (unset: http://localhost:PORT); https makes cookies Secure',
    ),
  OIDC_ISSUER: httpUrl
    .optional()
    .describe(
      'OpenID Connect issuer the console signs in with (its discovery document is read on first use)',
    ),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional().describe('Client id of the hub at OIDC_ISSUER'),
  OIDC_CLIENT_SECRET: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe('Client secret of the hub at OIDC_ISSUER (unset: a public client, PKCE only)'),
  OIDC_NAME: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("Name on the console's sign-in button for OIDC_ISSUER (default: its host name)"),
  OIDC_ISSUERS: oidcIssuers
    .optional()
    .describe(
      'More issuers, as JSON: [{"key":"be","name":"Belgian police","issuer":"https://...","clientId":"...","clientSecret":"..."}]',
    ),
  HUB_SESSION_IDLE_MINUTES: int(1, 10_080)
    .default(120)
    .describe('A console session unused for this long ends'),
  HUB_SESSION_MAX_HOURS: int(1, 720)
    .default(12)
    .describe('A console session ends this long after sign-in, used or not'),
  HUB_BANK_PARTITIONS: int(1, 256)
    .refine((k) => (k & (k - 1)) === 0, 'must be a power of two')
    .default(1)
    .describe(
      'Partitions of the bank PDQ index, by the first log2(k) bits of the hash (a power of two); 1: every process holds the whole index; more: worker processes hold one each (HUB_BANK_PARTITION) and the others ask them through Redis (same value on every process)',
    ),
  HUB_BANK_PARTITION: int(0, 255)
    .optional()
    .describe(
      'On a worker process: the bank index partition it holds and answers (0 to HUB_BANK_PARTITIONS - 1); unset: none',
    ),
  HUB_BANK_PARTITION_TIMEOUT_MS: int(50, 60_000)
    .default(2_000)
    .describe(
      'How long a bank lookup waits for every partition; an answer missing one says so (/hashes/match) or is tried again (share checks)',
    ),
  HUB_FLOOD_HITS: int(1, 1_000_000)
    .default(50)
    .describe(
      'A bank signal that matches more than this many shares within HUB_FLOOD_MINUTES is quarantined: its further hits are held until an admin releases or removes it',
    ),
  HUB_FLOOD_MINUTES: int(1, 10_080)
    .default(10)
    .describe('The window, in minutes, over which a bank signal’s hits are counted (HUB_FLOOD_HITS)'),
  HUB_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, 'must be 1-63 lower-case letters, digits, dots or hyphens')
    .default('crisis-hub')
    .describe(
      'This hub’s name among federated hubs (eu-hub, de.hub): the origin of what it shares with its peers; unique in a federation',
    ),
  HUB_FEDERATION_PULL_SECONDS: int(1, 3600)
    .default(10)
    .describe(
      'How often the worker asks each peer hub for what it has missed (GET /federation/events); pushes arrive in between',
    ),
  HUB_PUBLIC_TRANSPARENCY: z
    .stringbool()
    .default(false)
    .describe(
      'true: the public account of platforms’ response times (aggregates of closed live incidents, no personal data) is served at /transparency and /transparency.json without a token; false: both answer 404',
    ),
  HUB_TRANSPARENCY_DELAY_DAYS: int(1, 3650)
    .default(7)
    .describe('The public account counts only incidents closed more than this many days ago'),
});

export type HubConfig = z.infer<typeof CONFIG_SCHEMA>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment into one typed object; a bad value names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(CONFIG_SCHEMA.shape)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? undefined : value;
  }
  const parsed = CONFIG_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const problems = [...oidcProblems(parsed.data), ...bankPartitionProblems(parsed.data)];
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

/** The OpenID Connect issuers configured, the single one (key `default`) first. */
export function oidcIssuersOf(config: HubConfig): OidcIssuerConfig[] {
  const single: OidcIssuerConfig[] =
    config.OIDC_ISSUER && config.OIDC_CLIENT_ID
      ? [
          {
            key: 'default',
            name: config.OIDC_NAME ?? new URL(config.OIDC_ISSUER).hostname,
            issuer: config.OIDC_ISSUER,
            clientId: config.OIDC_CLIENT_ID,
            clientSecret: config.OIDC_CLIENT_SECRET,
          },
        ]
      : [];
  return [...single, ...(config.OIDC_ISSUERS ?? [])];
}

function oidcProblems(config: HubConfig): string[] {
  const problems: string[] = [];
  if (config.OIDC_ISSUER && !config.OIDC_CLIENT_ID)
    problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER');
  if (!config.OIDC_ISSUER && config.OIDC_CLIENT_ID)
    problems.push('OIDC_ISSUER: required with OIDC_CLIENT_ID');
  const seen = new Set<string>();
  for (const issuer of oidcIssuersOf(config)) {
    if (seen.has(issuer.key)) problems.push(`OIDC_ISSUERS: the key ${issuer.key} is used twice`);
    seen.add(issuer.key);
  }
  return problems;
}

function bankPartitionProblems(config: HubConfig): string[] {
  const partitions = config.HUB_BANK_PARTITIONS;
  const problems: string[] = [];
  if (partitions > 1 && !config.REDIS_URL)
    problems.push(
      'REDIS_URL: required with HUB_BANK_PARTITIONS above 1 (partitions are asked through Redis)',
    );
  if (config.HUB_BANK_PARTITION !== undefined && partitions === 1)
    problems.push('HUB_BANK_PARTITION: only with HUB_BANK_PARTITIONS above 1 (else every process holds all)');
  else if (config.HUB_BANK_PARTITION !== undefined && config.HUB_BANK_PARTITION >= partitions)
    problems.push(`HUB_BANK_PARTITION: must be below HUB_BANK_PARTITIONS (${partitions})`);
  return problems;
}

export function envExample(): string {
  const lines = ['# crisis-hub configuration. Every variable is optional; defaults shown.', ''];
  for (const [key, schema] of Object.entries(CONFIG_SCHEMA.shape)) {
    const description = (schema as z.ZodType).description ?? '';
    const parsed = (schema as z.ZodType).safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? String(parsed.data) : '';
    lines.push(`# ${description}`);
    lines.push(fallback === '' ? `# ${key}=` : `${key}=${fallback}`);
    lines.push('');
  }
  return lines.join('\n');
}
